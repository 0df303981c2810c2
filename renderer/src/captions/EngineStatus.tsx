import { Button } from 'react-aria-components';
import type { CaptionQueueStatus } from '../../../contract/api';
import { DownloadStatus } from '../models/DownloadStatus';
import { modelName } from '../models/model-text';
import { useDownloadAnnouncements } from '../models/useDownloadAnnouncements';
import type { Models } from '../models/useModels';
import { engineText } from './queue-text';
import { SkippedDevices } from './SkippedDevices';

interface Props {
  status: CaptionQueueStatus;
  models: Models;
  /** Says the outcome of an action in the panel's status region. */
  onMessage: (message: string) => void;
  onError: (message: string) => void;
}

/** Which model runs where, which devices were skipped and why, and what to do when the model cannot start. */
export function EngineStatus({ status, models, onMessage, onError }: Props) {
  const { engine } = status;
  const name = modelName(models.list, engine.model, status);
  const model = models.list?.find((m) => m.id === engine.model);
  const download = models.downloads.get(engine.model);
  const downloading = download?.state === 'running';
  useDownloadAnnouncements(models, onMessage, engine.model);
  const canDownload = engine.state === 'failed' && model !== undefined && !model.installed;

  async function toggleDownload() {
    const error = downloading
      ? await models.cancelDownload(engine.model)
      : await models.download(engine.model);
    if (error) onError(error);
  }

  return (
    <div className="engine">
      <p className="engine-state">{engineText(status, name)}</p>
      <SkippedDevices skipped={engine.skipped} />
      <p role="alert" className="error-message">
        {engine.state === 'failed'
          ? `Captions are stopped: ${engine.message ?? 'the model could not be started.'}`
          : ''}
      </p>
      {(canDownload || downloading) && (
        <>
          <DownloadStatus name={name} download={download} />
          <div className="form-actions">
            <Button className="button button-primary" onPress={() => void toggleDownload()}>
              {downloading ? 'Cancel download' : 'Download the model'}
            </Button>
            <a href="#/models">Choose another model</a>
          </div>
        </>
      )}
      {engine.state === 'failed' && !canDownload && !downloading && (
        <p>
          <a href="#/models">Choose or import a model in Models</a>, then resume captions.
        </p>
      )}
    </div>
  );
}
