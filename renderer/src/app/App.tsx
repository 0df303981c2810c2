import { useCallback, useEffect, useRef, type MouseEvent } from 'react';
import { useCaptionQueue } from '../captions/useCaptionQueue';
import { ImageDetail } from '../detail/ImageDetail';
import { LibraryView } from '../library/LibraryView';
import { useLibrary } from '../library/useLibrary';
import { useModels } from '../models/useModels';
import { SettingsView } from '../settings/SettingsView';
import { AppNav } from './AppNav';
import { useRoute, type Route } from './useRoute';

/** The whole window: skip link, header, and the library, one photo, or models and settings. */
export function App() {
  const [route, navigate] = useRoute();
  const library = useLibrary();
  const queue = useCaptionQueue();
  const models = useModels();
  const mainRef = useRef<HTMLElement>(null);
  const libraryHeadingRef = useRef<HTMLHeadingElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const previousRoute = useRef<Route>(route);

  // Coming back from a photo puts focus on that photo's grid item (or the heading if it is gone). The library
  // stays mounted while a photo is open, so its list, scroll position and scan progress survive.
  useEffect(() => {
    const previous = previousRoute.current;
    previousRoute.current = route;
    if (route.name !== 'library') return;
    document.title = 'Library – AltLens';
    if (previous.name === 'settings') libraryHeadingRef.current?.focus();
    if (previous.name !== 'image') return;
    const item =
      previous.id === null
        ? null
        : gridRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(String(previous.id))}"]`);
    (item ?? libraryHeadingRef.current)?.focus();
  }, [route]);

  const openImage = useCallback((id: number) => navigate({ name: 'image', id }), [navigate]);
  const goBack = useCallback(() => navigate({ name: 'library' }), [navigate]);

  function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
    // The address hash is the route, so the skip link moves focus itself instead of changing it.
    event.preventDefault();
    mainRef.current?.focus();
  }

  return (
    <>
      <a href="#main" className="skip-link" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="app-header">
        <h1>AltLens</h1>
        <p className="tagline">Describes photos for people who cannot see them.</p>
        <AppNav route={route} />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <div ref={gridRef} hidden={route.name !== 'library'}>
          <LibraryView
            library={library}
            queue={queue}
            models={models}
            onOpen={openImage}
            headingRef={libraryHeadingRef}
          />
        </div>
        {route.name === 'image' && (
          <ImageDetail
            key={route.id ?? 'none'}
            id={route.id}
            currentImageId={queue.status?.current?.imageId ?? null}
            onBack={goBack}
            onSaved={library.refresh}
            onQueueStatus={queue.update}
          />
        )}
        {route.name === 'settings' && <SettingsView models={models} />}
      </main>
    </>
  );
}
