import { Meter } from '../app/Meter';
import type { WriteQueueStatus } from './useWriteQueue';
import { progressText } from './status-text';
import { writeProgress } from './write-text';

/** How far the writes under way have got, as a bar; nothing while there are none. */
export function WriteProgressMeter({ status }: { status: WriteQueueStatus | null }) {
  const progress = status ? writeProgress(status) : null;
  if (!progress || progress.total === 0) return null;
  return (
    <Meter
      label="Writing alt text"
      value={progress.done}
      maxValue={progress.total}
      valueText={progressText(progress)}
    />
  );
}
