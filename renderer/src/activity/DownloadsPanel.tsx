import { Button } from 'react-aria-components';
import { DownloadStatus } from '../models/DownloadStatus';
import { modelName } from '../models/model-text';
import type { Models } from '../models/useModels';

const stateText = { running: 'downloading', done: 'downloaded', failed: 'failed', cancelled: 'cancelled' };

/** Model downloads of this session: progress, cancel, and why one failed. */
export function DownloadsPanel({ models, onError }: { models: Models; onError: (message: string) => void }) {
  const downloads = [...models.downloads.values()];
  return (
    <section className="panel" aria-labelledby="downloads-heading">
      <h3 id="downloads-heading">Model downloads</h3>
      {downloads.length === 0 && (
        <p>
          No model downloads yet. <a href="#/models">Download a model in Models</a>.
        </p>
      )}
      {downloads.map((download) => {
        const name = modelName(models.list, download.modelId);
        return (
          <div key={download.modelId} className="download-item">
            <p>
              {name}: {stateText[download.state]}
            </p>
            <DownloadStatus name={name} download={download} />
            {download.state === 'running' && (
              <Button
                className="button"
                aria-label={`Cancel download: ${name}`}
                onPress={() => void models.cancelDownload(download.modelId).then((e) => e && onError(e))}
              >
                Cancel download
              </Button>
            )}
          </div>
        );
      })}
    </section>
  );
}
