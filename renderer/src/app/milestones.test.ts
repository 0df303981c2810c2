import { describe, expect, it } from 'vitest';
import type { CaptionQueueStatus } from '../../../contract/api';
import { captionMilestone, writeFailures } from './milestones';

function queue(counts: Partial<CaptionQueueStatus['counts']>, paused = false): CaptionQueueStatus {
  return {
    counts: { queued: 0, running: 0, paused: 0, done: 0, failed: 0, cancelled: 0, ...counts },
    paused,
    current: null,
    engine: { state: 'ready', model: 'm', modelName: 'm', device: 'cpu', skipped: [], message: null },
  };
}

/** A failure list as the core answers it: the newest failed writes, each with its reason. */
function failed(...failures: [number, string][]) {
  return {
    total: failures.length,
    failures: failures.map(([imageId, reason]) => ({ imageId, fileName: `${imageId}.jpg`, reason })),
  };
}

describe('captionMilestone', () => {
  it('says when the last caption is done, once, and not on progress', () => {
    const running = queue({ queued: 1, running: 1, done: 10 });
    expect(captionMilestone(null, running)).toBeNull();
    expect(captionMilestone(running, queue({ running: 1, done: 11 }))).toBeNull();
    const finished = queue({ done: 12, failed: 1 });
    expect(captionMilestone(queue({ running: 1, done: 11, failed: 1 }), finished)).toBe(
      'Captions finished: 12 generated, 1 failed.',
    );
    expect(captionMilestone(finished, finished)).toBeNull();
  });

  it('says nothing when the queue was paused or cancelled', () => {
    const running = queue({ queued: 2, done: 1 });
    expect(captionMilestone(running, queue({ paused: 2, done: 1 }, true))).toBeNull();
    expect(captionMilestone(running, queue({ done: 1, cancelled: 2 }))).toBeNull();
  });
});

describe('writeFailures', () => {
  it('names each photo whose write has just failed, with the reason', () => {
    const before = failed([2, 'old']);
    const after = failed([1, 'The file changed since it was read.'], [2, 'old']);
    expect(writeFailures(null, after)).toEqual([]);
    expect(writeFailures(before, after)).toEqual([
      'Write failed for 1.jpg: The file changed since it was read.',
    ]);
  });
});
