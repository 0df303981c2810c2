import { describe, expect, it } from 'vitest';
import { ChangeQueue, type QueuedChange } from './change-queue.js';

describe('ChangeQueue', () => {
  const change = (path: string, kind: QueuedChange['kind']): QueuedChange => ({
    root: '/photos',
    path,
    kind,
  });

  it('hands on the latest change of each path, one batch at a time, and what came meanwhile next', async () => {
    const batches: QueuedChange[][] = [];
    let inHand = 0;
    let most = 0;
    const queue = new ChangeQueue(async (batch) => {
      inHand += 1;
      most = Math.max(most, inHand);
      batches.push([...batch]);
      if (batches.length === 1) queue.push(change('/photos/c.jpg', 'present'));
      await new Promise((resolve) => setImmediate(resolve));
      inHand -= 1;
    });
    queue.push(change('/photos/a.jpg', 'present'));
    queue.push(change('/photos/b.jpg', 'present'));
    queue.push(change('/photos/a.jpg', 'gone'));

    await queue.idle();
    expect(batches).toEqual([
      [change('/photos/a.jpg', 'gone'), change('/photos/b.jpg', 'present')],
      [change('/photos/c.jpg', 'present')],
    ]);
    expect(most).toBe(1);
  });

  it('drops what is pending once stopped, and takes nothing after', async () => {
    const handled: string[] = [];
    const queue = new ChangeQueue(async (batch) => {
      handled.push(...batch.map((c) => c.path));
    });
    queue.push(change('/photos/a.jpg', 'present'));
    await queue.stop();
    queue.push(change('/photos/b.jpg', 'present'));
    await queue.idle();
    expect(handled).toEqual([]);
  });
});
