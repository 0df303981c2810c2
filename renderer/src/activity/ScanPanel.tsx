import { Meter } from '../app/Meter';
import { countText } from '../library/status-text';
import { useScanActivity } from './useScanActivity';

/** The folder scan running now, or how the last one ended. */
export function ScanPanel() {
  const scan = useScanActivity();
  return (
    <section className="panel" aria-labelledby="scans-heading">
      <h3 id="scans-heading">Scans</h3>
      {scan === null && <p>No folder is being scanned.</p>}
      {scan?.state === 'running' && (
        <Meter
          label={`Scanning ${scan.folderPath}`}
          value={scan.done}
          maxValue={scan.total}
          isIndeterminate={scan.total === 0}
          valueText={`${scan.done} of ${countText(scan.total, 'file', 'files')}`}
        />
      )}
      {scan?.state === 'finished' && (
        <p>
          Scanned <span className="path">{scan.folderPath}</span>: {scan.result.found} found,{' '}
          {scan.result.added} added, {scan.result.failed} could not be read.
        </p>
      )}
      {scan?.state === 'failed' && (
        <p className="error-message">
          The scan of <span className="path">{scan.folderPath}</span> failed: {scan.message}
        </p>
      )}
    </section>
  );
}
