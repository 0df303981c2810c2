import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import type { ImageDetail as ImageDetailData } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { DescriptionForm } from './DescriptionForm';
import { ImageFacts } from './ImageFacts';
import { useImage } from './useImage';

interface Props {
  /** null when the address names no valid id. */
  id: number | null;
  onBack: () => void;
  onSaved: () => void;
}

const UNSAVED_NOTICE =
  'The description has unsaved changes. Press Escape again to go back without saving, or choose Save description.';

/** One photo, large, with its facts and its description to edit. Mount with `key={id}`. */
export function ImageDetail({ id, onBack, onSaved }: Props) {
  const api = useApi();
  const [load, setImage] = useImage(id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  const dirty = useRef(false);
  const [escapeArmed, setEscapeArmed] = useState(false);
  const [notice, setNotice] = useState<{ text: string } | null>(null);

  const title = load.kind === 'ready' ? load.image.fileName : null;
  useEffect(() => {
    if (load.kind === 'loading' || focused.current) return;
    focused.current = true;
    headingRef.current?.focus();
  }, [load.kind]);

  useEffect(() => {
    document.title = `${title ?? 'Photo'} – AltLens`;
  }, [title]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      if (dirty.current && !escapeArmed) {
        setEscapeArmed(true);
        setNotice({ text: UNSAVED_NOTICE });
        return;
      }
      event.preventDefault();
      onBack();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [escapeArmed, onBack]);

  const onDirtyChange = useCallback((value: boolean) => {
    dirty.current = value;
    if (!value) setEscapeArmed(false);
  }, []);

  const handleSaved = useCallback(
    (image: ImageDetailData) => {
      setImage(image);
      onSaved();
    },
    [setImage, onSaved],
  );

  return (
    <article className="detail" aria-labelledby={load.kind === 'loading' ? undefined : 'detail-heading'}>
      <Link href="#/" className="back-link">
        <span aria-hidden="true">← </span>Back to library
      </Link>
      {load.kind === 'loading' && <p>Loading the photo…</p>}
      {load.kind === 'missing' && (
        <>
          <h2 id="detail-heading" ref={headingRef} tabIndex={-1}>
            Photo not found
          </h2>
          <p>This image is not in the library.</p>
        </>
      )}
      {load.kind === 'error' && (
        <>
          <h2 id="detail-heading" ref={headingRef} tabIndex={-1}>
            Could not open this photo
          </h2>
          <p role="alert" className="error-message">
            {load.message}
          </p>
        </>
      )}
      {load.kind === 'ready' && (
        <>
          <h2 id="detail-heading" ref={headingRef} tabIndex={-1}>
            {load.image.fileName}
          </h2>
          <div className="detail-layout">
            <div className="detail-media">
              {load.image.status === 'failed' ? (
                <p className="failed-note">
                  This photo could not be read: {load.image.error ?? 'no reason was given.'}
                </p>
              ) : (
                <img
                  className="preview"
                  src={api.mediaUrl('preview', load.image.id)}
                  alt={load.image.altText || `Preview of ${load.image.fileName}`}
                />
              )}
            </div>
            <div className="detail-side">
              <ImageFacts image={load.image} />
              <DescriptionForm
                image={load.image}
                onSaved={handleSaved}
                onDirtyChange={onDirtyChange}
                notice={notice}
              />
            </div>
          </div>
        </>
      )}
    </article>
  );
}
