import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from './concurrency.js';

describe('forEachConcurrently', () => {
  it('runs every item once, never more than the limit at a time, and stops between items when asked', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(item);
      running -= 1;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);

    const started: number[] = [];
    await forEachConcurrently(
      [1, 2, 3, 4],
      1,
      async (item) => {
        started.push(item);
      },
      () => started.length >= 2,
    );
    expect(started).toEqual([1, 2]);
  });

  it('starts nothing after an item fails, and throws its error once the items in hand are done', async () => {
    const finished: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (item) => {
      if (item === 1) throw new Error('item 1 failed');
      await new Promise((resolve) => setImmediate(resolve));
      finished.push(item);
    });
    await expect(run).rejects.toThrow('item 1 failed');
    // Item 2 was in hand when item 1 failed; it finished before the error was thrown, and nothing followed.
    expect(finished).toEqual([2]);
  });
});
