import { useRef, useState, type RefObject } from 'react';
import { Button } from 'react-aria-components';
import { useAnnounce } from '../app/announce';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import { useFocusRescue } from '../app/useFocusRescue';
import { DownloadStatus } from '../models/DownloadStatus';
import { megabytes, modelNotice } from '../models/model-text';
import { useDownloadAnnouncements } from '../models/useDownloadAnnouncements';
import type { Models } from '../models/useModels';

interface Props {
  models: Models;
  queue: CaptionQueue;
  /** Whether the library is the view on screen: only then are the download's steps said from here. */
  isShown: boolean;
  /** Where focus goes when the notice goes away under it (the model has arrived). */
  focusAfter: RefObject<HTMLElement | null>;
}

const ignore = () => undefined;

/**
 * Said where the photos are while the captions have no model to run: that they wait, and the ways out
 * (download the chosen model here, or import or choose a model in Models). Gone once a model can run.
 */
export function ModelNotice({ models, queue, isShown, focusAfter }: Props) {
  const announce = useAnnounce();
  const [error, setError] = useState('');
  const containerRef = useRef<HTMLDivElement>(null);
  useFocusRescue(containerRef, focusAfter);
  const notice = modelNotice(models.list, queue.status);
  const model = notice?.download ?? null;
  // The window's live region: the notice itself is gone when the download is done.
  useDownloadAnnouncements(models, isShown ? announce : ignore, model?.id);

  const download = model ? models.downloads.get(model.id) : undefined;
  const downloading = download?.state === 'running';

  async function toggleDownload(modelId: string) {
    setError('');
    const failure = downloading ? await models.cancelDownload(modelId) : await models.download(modelId);
    if (failure) setError(failure);
  }

  const size = model?.downloadBytes ? `, ${megabytes(model.downloadBytes)} MB` : '';
  return (
    <div ref={containerRef}>
      {notice && (
        <section className="model-notice" aria-labelledby="model-notice-heading">
          <h3 id="model-notice-heading">Captions are waiting for a model</h3>
          <p>{notice.text} Models run on this computer; a photo never leaves it.</p>
          {model && <DownloadStatus name={model.displayName} download={download} />}
          <div className="form-actions">
            {model && (
              <Button className="button button-primary" onPress={() => void toggleDownload(model.id)}>
                {downloading ? 'Cancel the download' : `Download ${model.displayName}${size}`}
              </Button>
            )}
            <a href="#/models">{notice.link}</a>
          </div>
          <p role="alert" className="error-message">
            {error}
          </p>
        </section>
      )}
    </div>
  );
}
