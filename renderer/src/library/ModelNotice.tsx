import { useRef, useState, type RefObject } from 'react';
import { Button } from 'react-aria-components';
import { useAnnounce } from '../app/announce';
import { useFocusRescue } from '../app/useFocusRescue';
import { DownloadStatus } from '../models/DownloadStatus';
import { megabytes, missingModel } from '../models/model-text';
import { useDownloadAnnouncements } from '../models/useDownloadAnnouncements';
import type { Models } from '../models/useModels';

interface Props {
  models: Models;
  /** Whether the library is the view on screen: only then are the download's steps said from here. */
  isShown: boolean;
  /** Where focus goes when the notice goes away under it (the model has arrived). */
  focusAfter: RefObject<HTMLElement | null>;
}

const ignore = () => undefined;

/**
 * Said where the photos are while the captions have no model to run: that they wait, and the two ways out
 * (download the chosen model here, or import a model folder in Models). Gone once the model is installed.
 */
export function ModelNotice({ models, isShown, focusAfter }: Props) {
  const announce = useAnnounce();
  const [error, setError] = useState('');
  const containerRef = useRef<HTMLDivElement>(null);
  useFocusRescue(containerRef, focusAfter);
  const missing = missingModel(models.list);
  // The window's live region: the notice itself is gone when the download is done.
  useDownloadAnnouncements(models, isShown ? announce : ignore, missing?.id);

  const download = missing ? models.downloads.get(missing.id) : undefined;
  const downloading = download?.state === 'running';

  async function toggleDownload(modelId: string) {
    setError('');
    const failure = downloading ? await models.cancelDownload(modelId) : await models.download(modelId);
    if (failure) setError(failure);
  }

  const noneInstalled = !models.list?.some((model) => model.installed);
  const size = missing?.downloadBytes ? `, ${megabytes(missing.downloadBytes)} MB` : '';
  return (
    <div ref={containerRef}>
      {missing && (
        <section className="model-notice" aria-labelledby="model-notice-heading">
          <h3 id="model-notice-heading">Captions are waiting for a model</h3>
          <p>
            {noneInstalled
              ? 'No captioning model is installed: captions wait until one is.'
              : `${missing.displayName} is chosen for captions but is not installed: captions wait until it is.`}{' '}
            Models run on this computer; a photo never leaves it.
          </p>
          <DownloadStatus name={missing.displayName} download={download} />
          <div className="form-actions">
            {missing.kind === 'catalog' && (
              <Button className="button button-primary" onPress={() => void toggleDownload(missing.id)}>
                {downloading ? 'Cancel the download' : `Download ${missing.displayName}${size}`}
              </Button>
            )}
            <a href="#/models">{noneInstalled ? 'Import a model folder' : 'Choose or import a model'}</a>
          </div>
          <p role="alert" className="error-message">
            {error}
          </p>
        </section>
      )}
    </div>
  );
}
