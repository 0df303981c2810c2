import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { ScanResult } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { progressText, type Progress } from './status-text';
import { desktopBridge } from '../app/desktop';
import { FormMessages } from '../app/FormMessages';
import { Meter } from '../app/Meter';
import { FolderBrowserDialog } from './FolderBrowserDialog';

/** Screen readers hear progress at most this often; the bar itself always shows the latest count. */
const ANNOUNCE_EVERY_MS = 1500;

function finishedText(result: ScanResult): string {
  const parts = [`${result.found} found`, `${result.added} added`];
  if (result.updated > 0) parts.push(`${result.updated} updated`);
  if (result.moved > 0) parts.push(`${result.moved} moved`);
  if (result.missing > 0) parts.push(`${result.missing} missing`);
  parts.push(`${result.failed} could not be read`);
  if (result.skipped.length > 0)
    parts.push(`${result.skipped.length} ${result.skipped.length === 1 ? 'link' : 'links'} not followed`);
  return `Scan finished: ${parts.join(', ')}.`;
}

/** The links a scan did not follow, each with the reason. */
function SkippedLinks({ skipped }: { skipped: ScanResult['skipped'] }) {
  if (skipped.length === 0) return null;
  return (
    <section aria-labelledby="skipped-links-title">
      <h3 id="skipped-links-title">Links not followed</h3>
      <ul>
        {skipped.map(({ path, reason }) => (
          <li key={path}>
            {path}: {reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Adds a folder to the library and reports the scan as it runs. */
export function AddFolderForm() {
  const api = useApi();
  const [path, setPath] = useState('');
  const [scanning, setScanning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [skipped, setSkipped] = useState<ScanResult['skipped']>([]);
  const [browsing, setBrowsing] = useState(false);
  const pathRef = useRef<HTMLInputElement>(null);
  const lastAnnounced = useRef(0);
  // False from the moment the scan's answer arrives: progress events still in flight on the event stream
  // must not put "Scanning…" back over "Scan finished".
  const awaitingAnswer = useRef(false);

  useEffect(() => {
    if (!scanning) return;
    return api.subscribe((event) => {
      if (event.type !== 'scan.progress' || !awaitingAnswer.current) return;
      const next = { done: event.done, total: event.total };
      setProgress(next);
      const now = Date.now();
      if (now - lastAnnounced.current >= ANNOUNCE_EVERY_MS || next.done === next.total) {
        lastAnnounced.current = now;
        setStatus(`Scanning: ${progressText(next, 'file', 'files')}`);
      }
    });
  }, [api, scanning]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (scanning) return;
    setError('');
    setSkipped([]);
    setProgress(null);
    setStatus('Scanning folder…');
    lastAnnounced.current = 0;
    setScanning(true);
    awaitingAnswer.current = true;
    try {
      const result = await api.call('folders.add', { path: path.trim() });
      awaitingAnswer.current = false;
      setStatus(finishedText(result));
      setSkipped(result.skipped);
    } catch (e) {
      awaitingAnswer.current = false;
      setStatus('');
      setError(errorMessage(e));
    } finally {
      setScanning(false);
    }
  }

  return (
    <form className="add-folder" onSubmit={(e) => void onSubmit(e)}>
      <div className="add-folder-row">
        <TextField className="field" value={path} onChange={setPath}>
          <Label>Folder path</Label>
          <Input ref={pathRef} className="input" autoComplete="off" spellCheck={false} />
        </TextField>
        {/* The desktop app has the system's dialog ("Add a folder…"); a browser page needs its own. */}
        {!desktopBridge() && (
          <Button className="button" onPress={() => setBrowsing(true)}>
            Browse…
          </Button>
        )}
        <Button type="submit" className="button button-primary">
          Add folder
        </Button>
      </div>
      <FolderBrowserDialog
        isOpen={browsing}
        onOpenChange={setBrowsing}
        onChoose={(chosen) => {
          setPath(chosen);
          setBrowsing(false);
          // Back in the field with the folder in it: Enter adds it.
          requestAnimationFrame(() => pathRef.current?.focus());
        }}
      />
      {scanning && (
        <Meter
          label="Scanning folder"
          isIndeterminate={!progress || progress.total === 0}
          value={progress?.done ?? 0}
          maxValue={progress?.total ?? 0}
          valueText={progress ? progressText(progress, 'file', 'files') : 'Starting…'}
        />
      )}
      <FormMessages status={status} error={error} />
      <SkippedLinks skipped={skipped} />
    </form>
  );
}
