import type { CaptionQueueStatus } from '../../../contract/api';
import type { Failures } from '../activity/useFailures';
import { finishedText, remaining } from '../captions/queue-text';

/**
 * What to announce when the caption queue moves from `previous` to `next`: "Captions finished: …" once the
 * last queued caption is done, nothing for progress, a pause or a cancel (those are said where they happen).
 */
export function captionMilestone(
  previous: CaptionQueueStatus | null,
  next: CaptionQueueStatus,
): string | null {
  if (!previous || remaining(previous) === 0 || remaining(next) > 0) return null;
  if (next.paused || (next.counts.paused ?? 0) > 0) return null;
  if ((next.counts.cancelled ?? 0) > (previous.counts.cancelled ?? 0)) return null;
  return finishedText(next);
}

/** One sentence per photo whose write has just failed, with the reason; none on the first list. */
export function writeFailures(previous: Failures | null, next: Failures): string[] {
  if (!previous) return [];
  const failedBefore = new Set(previous.failures.map((failure) => failure.imageId));
  return next.failures
    .filter((failure) => !failedBefore.has(failure.imageId))
    .map((failure) => `Write failed for ${failure.fileName}: ${failure.reason}`);
}
