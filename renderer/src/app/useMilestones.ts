import { useEffect, useRef } from 'react';
import type { CaptionQueueStatus } from '../../../contract/api';
import type { Failures } from '../activity/useFailures';
import { useAnnounce } from './announce';
import { captionMilestone, writeFailures } from './milestones';

/** Announces milestones in the window's live region, whichever view is open. */
export function useMilestones(queue: CaptionQueueStatus | null, writeFailed: Failures | null): void {
  const announce = useAnnounce();
  const previousQueue = useRef<CaptionQueueStatus | null>(null);
  const previousFailures = useRef<Failures | null>(null);

  useEffect(() => {
    if (!queue) return;
    const message = captionMilestone(previousQueue.current, queue);
    previousQueue.current = queue;
    if (message) announce(message);
  }, [queue, announce]);

  useEffect(() => {
    if (!writeFailed) return;
    const failures = writeFailures(previousFailures.current, writeFailed);
    previousFailures.current = writeFailed;
    if (failures.length > 0) announce(failures.join(' '));
  }, [writeFailed, announce]);
}
