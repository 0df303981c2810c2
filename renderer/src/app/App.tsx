import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { ActivityView } from '../activity/ActivityView';
import { useFailures } from '../activity/useFailures';
import { useCaptionQueue } from '../captions/useCaptionQueue';
import { LibraryView } from '../library/LibraryView';
import { useLibrary } from '../library/useLibrary';
import { captionsWaitForModel } from '../models/model-text';
import { useModels } from '../models/useModels';
import { ModelsView } from '../models/ModelsView';
import { ReviewView } from '../review/ReviewView';
import { SettingsView } from '../settings/SettingsView';
import { useSettings } from '../settings/useSettings';
import { HelpDialog } from '../shortcuts/HelpDialog';
import { ShortcutContext } from '../shortcuts/ShortcutContext';
import { useShortcutKeys } from '../shortcuts/useShortcutKeys';
import { AnnounceContext } from './announce';
import { AppNav } from './AppNav';
import { DesktopFolders } from './DesktopFolders';
import { GlobalShortcuts } from './GlobalShortcuts';
import { useAnnouncement } from './useAnnouncement';
import { useMilestones } from './useMilestones';
import { useRoute, type Route } from './useRoute';
import { useTheme } from './useTheme';

/** How long (in frames) focus waits for the grid to show the photo a person comes back from. */
const FRAMES_TO_FIND_ITEM = 30;

/** The whole window: the providers every view uses, then the shell. */
export function App() {
  const shortcuts = useShortcutKeys();
  const [announcement, announce] = useAnnouncement();
  return (
    <ShortcutContext value={shortcuts}>
      <AnnounceContext value={announce}>
        <Shell announcement={announcement} />
      </AnnounceContext>
    </ShortcutContext>
  );
}

/** Skip link, header with the places and the live region, and the view the address names. */
function Shell({ announcement }: { announcement: string }) {
  const [route, navigate] = useRoute();
  const library = useLibrary();
  const queue = useCaptionQueue();
  const models = useModels();
  const settings = useSettings();
  const writeFailures = useFailures('write');
  const [helpOpen, setHelpOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const libraryHeadingRef = useRef<HTMLHeadingElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const previousRoute = useRef<Route>(route);
  useTheme(settings.settings?.theme);
  useMilestones(queue.status, writeFailures);

  // Coming back from a photo puts focus on that photo's grid item (or the heading if it is not shown). The
  // library stays mounted while other views are open, so its list, scroll position and scan progress survive;
  // its virtualised grid lays its items out again once visible, so the item is looked for over a few frames.
  useEffect(() => {
    const previous = previousRoute.current;
    previousRoute.current = route;
    if (route.name !== 'library' || previous.name === 'library') return;
    document.title = 'Library – AltLens';
    const selector =
      previous.name === 'review' && previous.id !== null
        ? `.photo[data-key="${CSS.escape(String(previous.id))}"]`
        : null;
    let frames = 0;
    let frame = 0;
    const place = () => {
      const item = selector ? gridRef.current?.querySelector<HTMLElement>(selector) : null;
      if (item) item.focus();
      else if (selector && frames++ < FRAMES_TO_FIND_ITEM) frame = requestAnimationFrame(place);
      else libraryHeadingRef.current?.focus();
    };
    place();
    return () => cancelAnimationFrame(frame);
  }, [route]);

  const openImage = useCallback((id: number) => navigate({ name: 'review', id }), [navigate]);
  const goBack = useCallback(() => navigate({ name: 'library' }), [navigate]);
  const openHelp = useCallback(() => setHelpOpen(true), []);

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
        <div className="app-title">
          <h1>AltLens</h1>
          <p className="tagline">Describes photos for people who cannot see them.</p>
        </div>
        <AppNav route={route} onHelp={openHelp} />
        <DesktopFolders />
        <p id="announcements" role="status" className="app-announcement">
          {announcement}
        </p>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <div ref={gridRef} hidden={route.name !== 'library'}>
          <LibraryView
            library={library}
            queue={queue}
            models={models}
            onOpen={openImage}
            headingRef={libraryHeadingRef}
            isShown={route.name === 'library'}
          />
        </div>
        {route.name === 'review' && (
          <ReviewView
            id={route.id}
            filters={library.filters}
            currentImageId={queue.status?.current?.imageId ?? null}
            waitingForModel={captionsWaitForModel(models.list, queue.status)}
            onNavigate={navigate}
            onBack={goBack}
            onSaved={library.refresh}
            onQueueStatus={queue.update}
          />
        )}
        {route.name === 'activity' && (
          <ActivityView queue={queue} models={models} writeFailures={writeFailures} />
        )}
        {route.name === 'settings' && <SettingsView settings={settings} models={models} queue={queue} />}
        {route.name === 'models' && <ModelsView models={models} settings={settings} queue={queue} />}
      </main>
      <GlobalShortcuts navigate={navigate} onHelp={openHelp} />
      <HelpDialog isOpen={helpOpen} onOpenChange={setHelpOpen} />
    </>
  );
}
