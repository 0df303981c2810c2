import type { ModelDownloadState } from '../../../contract/api';
import { Meter } from '../app/Meter';
import { downloadProgressText } from './model-text';

interface Props {
  name: string;
  download: ModelDownloadState | undefined;
}

/** A model download's progress while it runs, and why it failed if it did (in an alert, always present). */
export function DownloadStatus({ name, download }: Props) {
  const running = download?.state === 'running';
  return (
    <>
      {running && (
        <div className="download">
          <Meter
            label={`Downloading ${name}`}
            value={download.bytesDone}
            maxValue={download.bytesTotal}
            valueText={downloadProgressText(download)}
            isIndeterminate={download.bytesTotal === 0}
          />
          {download.fileCount > 0 && (
            <p className="hint">
              File {Math.max(download.fileIndex, 1)} of {download.fileCount}
              {download.file ? `: ${download.file}` : ''}
            </p>
          )}
        </div>
      )}
      <p role="alert" className="error-message">
        {download?.state === 'failed'
          ? `The download of ${name} failed: ${download.message ?? 'no reason was given.'}`
          : ''}
      </p>
    </>
  );
}
