import { useEffect, useRef } from 'react';
import type { CaptionQueueStatus, ImageSummary } from '../../../contract/api';
import { useAnnounce } from './announce';
import { captionMilestone, writeFailures } from './milestones';

/** Announces milestones in the window's live region, whichever view is open. */
export function useMilestones(queue: CaptionQueueStatus | null, images: ImageSummary[] | null): void {
  const announce = useAnnounce();
  const previousQueue = useRef<CaptionQueueStatus | null>(null);
  const previousImages = useRef<ImageSummary[] | null>(null);

  useEffect(() => {
    if (!queue) return;
    const message = captionMilestone(previousQueue.current, queue);
    previousQueue.current = queue;
    if (message) announce(message);
  }, [queue, announce]);

  useEffect(() => {
    if (!images) return;
    const failures = writeFailures(previousImages.current, images);
    previousImages.current = images;
    if (failures.length > 0) announce(failures.join(' '));
  }, [images, announce]);
}
