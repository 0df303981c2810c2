import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-aria-components';
import type { CaptionQueueStatus, ImageDetail as ImageDetailData } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { useModelTasks } from '../captions/useModelTasks';
import { AskPanel } from './AskPanel';
import { effectiveJob } from '../library/status-text';
import { useShortcut } from '../shortcuts/ShortcutContext';
import { CaptionInfo } from './CaptionInfo';
import { ComparePanel } from './ComparePanel';
import { DescriptionForm } from './DescriptionForm';
import { ExtendedDescriptionPanel } from './ExtendedDescriptionPanel';
import { FoundInFile } from './FoundInFile';
import { ImageFacts } from './ImageFacts';
import { PhotoPreview } from './PhotoPreview';
import { useImage } from './useImage';
import { WritePanel } from './WritePanel';

interface Props {
  /** null when the address names no valid id. */
  id: number | null;
  /** The image being captioned now, if any. */
  currentImageId: number | null;
  /** Queued captions wait for a model (none is installed, or none can start). */
  waitingForModel: boolean;
  onBack: () => void;
  onSaved: () => void;
  onQueueStatus: (status: CaptionQueueStatus) => void;
  /** Previous / next photo, shown under the heading. */
  navigation?: ReactNode;
  /** Goes to the next photo of the list, after "Approve and next" (absent on the last one). */
  onNext?: () => void;
}

const UNSAVED_NOTICE =
  'The description has unsaved changes. Press Escape again to go back without saving, or choose Save description.';

/** One photo, large, with its facts and its description to review. Mount with `key={id}`. */
export function ImageDetail({
  id,
  currentImageId,
  waitingForModel,
  onBack,
  onSaved,
  onQueueStatus,
  navigation,
  onNext,
}: Props) {
  const api = useApi();
  const [load, setImage, reload] = useImage(id);
  const prioritised = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  const dirty = useRef(false);
  const [escapeArmed, setEscapeArmed] = useState(false);
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const tasks = useModelTasks();

  const title = load.kind === 'ready' ? load.image.fileName : null;
  useEffect(() => {
    if (load.kind === 'loading' || focused.current) return;
    focused.current = true;
    headingRef.current?.focus();
  }, [load.kind]);

  // The photo a person is looking at is captioned next.
  const queuedOnOpen = load.kind === 'ready' && load.image.captionJob?.state === 'queued';
  useEffect(() => {
    if (!queuedOnOpen || id === null || prioritised.current) return;
    prioritised.current = true;
    api.call('captions.prioritise', { imageIds: [id] }).then(onQueueStatus, () => {
      // Not worth an error: the caption still comes, only later.
    });
  }, [api, id, queuedOnOpen, onQueueStatus]);

  useEffect(() => {
    document.title = `${title ?? 'Photo'} – AltLens`;
  }, [title]);

  useShortcut('review.back', () => {
    if (dirty.current && !escapeArmed) {
      setEscapeArmed(true);
      setNotice({ text: UNSAVED_NOTICE });
      return;
    }
    onBack();
  });

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

  const handleQueued = useCallback(
    (status: CaptionQueueStatus) => {
      onQueueStatus(status);
      reload();
      onSaved();
    },
    [onQueueStatus, reload, onSaved],
  );

  return (
    <article className="detail" aria-labelledby={load.kind === 'loading' ? undefined : 'detail-heading'}>
      <Link href="#/" className="back-link">
        Back to library
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
          {navigation}
          <div className="detail-layout">
            <div className="detail-media">
              {load.image.status === 'failed' ? (
                <p className="failed-note">
                  This photo could not be read: {load.image.error ?? 'no reason was given.'}
                </p>
              ) : (
                <PhotoPreview image={load.image} />
              )}
            </div>
            <div className="detail-side">
              <ImageFacts image={load.image} />
              <DescriptionForm
                image={load.image}
                onSaved={handleSaved}
                onDirtyChange={onDirtyChange}
                notice={notice}
                onApprovedNext={onNext}
              />
              <ExtendedDescriptionPanel image={load.image} tasks={tasks} onChanged={handleSaved} />
              <WritePanel image={load.image} onChanged={handleSaved} />
              <AskPanel image={load.image} tasks={tasks} onChanged={handleSaved} />
              <ComparePanel image={load.image} onChanged={handleSaved} />
              <FoundInFile image={load.image} />
              <CaptionInfo
                image={load.image}
                job={effectiveJob(load.image, currentImageId)}
                waitingForModel={waitingForModel}
                onQueued={handleQueued}
              />
            </div>
          </div>
        </>
      )}
    </article>
  );
}
