import type { WriteQueueStatus } from './useWriteQueue';
import type { Progress } from './status-text';

export function writeProgress({ counts }: Pick<WriteQueueStatus, 'counts'>): Progress {
  const done = (counts.done ?? 0) + (counts.failed ?? 0);
  return { done, total: done + writesRemaining({ counts }) };
}

/** Writes still to do: queued, running, or paused. */
export function writesRemaining({ counts }: Pick<WriteQueueStatus, 'counts'>): number {
  return (counts.queued ?? 0) + (counts.running ?? 0) + (counts.paused ?? 0);
}

export function writesFinishedText({ counts }: Pick<WriteQueueStatus, 'counts'>): string {
  const cancelled = counts.cancelled ?? 0;
  return `Written: ${counts.done ?? 0}, failed: ${counts.failed ?? 0}${cancelled > 0 ? `, cancelled: ${cancelled}` : ''}.`;
}
