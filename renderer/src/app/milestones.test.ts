import { describe, expect, it } from 'vitest';
import type { CaptionQueueStatus, ImageSummary } from '../../../contract/api';
import { captionMilestone, writeFailures } from './milestones';

function queue(counts: Partial<CaptionQueueStatus['counts']>, paused = false): CaptionQueueStatus {
  return {
    counts: { queued: 0, running: 0, paused: 0, done: 0, failed: 0, cancelled: 0, ...counts },
    paused,
    current: null,
    engine: { state: 'ready', model: 'm', device: 'cpu', skipped: [], message: null },
  };
}

function image(id: number, writeJob: ImageSummary['writeJob']): ImageSummary {
  return {
    id,
    path: `/p/${id}.jpg`,
    fileName: `${id}.jpg`,
    format: 'jpeg',
    width: 1,
    height: 1,
    status: 'approved',
    altText: 'A cat.',
    error: null,
    hasThumbnail: true,
    captionJob: null,
    writeJob,
    decorative: false,
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
    const before = [image(1, { state: 'running', error: null }), image(2, { state: 'failed', error: 'old' })];
    const after = [
      image(1, { state: 'failed', error: 'The file changed since it was read.' }),
      image(2, { state: 'failed', error: 'old' }),
    ];
    expect(writeFailures(null, after)).toEqual([]);
    expect(writeFailures(before, after)).toEqual([
      'Write failed for 1.jpg: The file changed since it was read.',
    ]);
  });
});
