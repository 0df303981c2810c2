import { Button } from 'react-aria-components';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { useAnnounce } from '../app/announce';
import { queueProgress, remaining } from '../captions/queue-text';
import type { CaptionQueue } from '../captions/useCaptionQueue';
import { progressText } from './status-text';
import type { WriteQueueStatus } from './useWriteQueue';
import { WriteAllPanel } from './WriteAllPanel';

interface Props {
  queue: CaptionQueue;
  writes: WriteQueueStatus | null;
}

/**
 * Under the grid: the caption queue in one line (progress, the device in use, pause or resume) and writing
 * the approved descriptions to their files. The Activity view holds the details.
 */
export function LibraryStatusBar({ queue, writes }: Props) {
  return (
    <section className="library-status-bar" aria-label="Captions and writes">
      <CaptionSummary queue={queue} />
      <WriteAllPanel status={writes} />
    </section>
  );
}

function CaptionSummary({ queue }: { queue: CaptionQueue }) {
  const api = useApi();
  const announce = useAnnounce();
  const { status } = queue;
  if (!status) return null;
  const progress = queueProgress(status);
  const paused = status.paused || (status.counts.paused ?? 0) > 0;
  const left = remaining(status);
  const { device } = status.engine;
  let text: string;
  if (paused) text = `Captions paused: ${progressText(progress)}.`;
  else if (left > 0) text = `Captioning: ${progressText(progress)}.`;
  else text = 'No photos are waiting for a caption.';
  if (device) text += ` The model runs on ${device.toUpperCase()}.`;

  async function toggle() {
    try {
      queue.update(await api.call(paused ? 'captions.resume' : 'captions.pause', {}));
      announce(paused ? 'Captions resumed.' : 'Captions paused.');
    } catch (e) {
      announce(`Could not ${paused ? 'resume' : 'pause'} captions: ${errorMessage(e)}`);
    }
  }

  return (
    <div className="caption-summary">
      <p>{text}</p>
      {(paused || left > 0) && (
        <Button className="button" onPress={() => void toggle()}>
          {paused ? 'Resume captions' : 'Pause captions'}
        </Button>
      )}
    </div>
  );
}
