import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { FormMessages } from '../app/FormMessages';
import { useAnnouncement } from '../app/useAnnouncement';
import { countText, progressText } from './status-text';
import { useImageCount } from './useImageCount';
import type { WriteQueueStatus } from './useWriteQueue';
import { WriteProgressMeter } from './WriteProgressMeter';
import { writeProgress, writesFinishedText, writesRemaining } from './write-text';

/** Screen readers hear writing progress at most this often; the bar always shows the latest count. */
const ANNOUNCE_EVERY_MS = 5000;

interface Props {
  status: WriteQueueStatus | null;
}

/** Writes every approved description into its file (or sidecar), folder by folder, with progress. */
export function WriteAllPanel({ status }: Props) {
  const api = useApi();
  const [announcement, announce] = useAnnouncement();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const wasActive = useRef(false);
  const lastAnnounced = useRef(0);
  const approved = useImageCount('approved') ?? 0;

  useEffect(() => {
    if (!status) return;
    if (writesRemaining(status) > 0) {
      wasActive.current = true;
      const now = Date.now();
      if (now - lastAnnounced.current >= ANNOUNCE_EVERY_MS) {
        lastAnnounced.current = now;
        announce(`Writing alt text: ${progressText(writeProgress(status))}.`);
      }
    } else if (wasActive.current) {
      wasActive.current = false;
      lastAnnounced.current = 0;
      announce(writesFinishedText(status));
    }
  }, [status, announce]);

  async function writeAll() {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const folders = await api.call('folders.list', {});
      let queued = 0;
      for (const folder of folders) {
        queued += (await api.call('metadata.write', { folderId: folder.id })).queued;
      }
      if (queued === 0) announce('No approved photos are waiting to be written.');
      else {
        // Said at once; the progress follows from the core's events.
        lastAnnounced.current = Date.now();
        announce(`Writing the alt text of ${countText(queued, 'photo', 'photos')}…`);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const remaining = status ? writesRemaining(status) : 0;
  return (
    <section className="panel" aria-labelledby="write-all-heading">
      <h3 id="write-all-heading">Write alt text to files</h3>
      <p>
        {approved === 0
          ? 'No approved photos are waiting to be written. Approve a description to write it.'
          : `${countText(approved, 'approved photo is', 'approved photos are')} ready to be written into ${approved === 1 ? 'its file' : 'their files'}.`}
      </p>
      <WriteProgressMeter status={status} />
      {status?.current && remaining > 0 && (
        <p className="queue-now">Now writing {status.current.fileName}.</p>
      )}
      <div className="form-actions">
        <Button className="button button-primary" onPress={() => void writeAll()}>
          Write all approved
        </Button>
      </div>
      <FormMessages status={announcement} error={error} />
    </section>
  );
}
