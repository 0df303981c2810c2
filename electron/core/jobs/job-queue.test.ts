import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.js';
import { tempDir } from '../testing/sample-images.js';
import { JobQueue, MAX_ATTEMPTS } from './job-queue.js';

const newQueue = () => new JobQueue(openDatabase(tempDir('jobs')));

describe('JobQueue (real SQLite)', () => {
  it('dedupes by key and runs by priority, then oldest first', () => {
    const queue = newQueue();
    queue.enqueue('caption', 'caption:1', { imageId: 1 });
    queue.enqueue('caption', 'caption:2', { imageId: 2 });
    queue.enqueue('caption', 'caption:3', { imageId: 3 }, { priority: 5 });
    queue.enqueue('caption', 'caption:1', { imageId: 1 });
    queue.enqueue('ocr', 'ocr:1', {});
    expect(queue.counts('caption').queued).toBe(3);

    const order = [queue.claimNext('caption'), queue.claimNext('caption'), queue.claimNext('caption')];
    expect(order.map((job) => job?.payload)).toEqual([{ imageId: 3 }, { imageId: 1 }, { imageId: 2 }]);
    expect(queue.claimNext('caption')).toBeUndefined();
    expect(queue.counts('caption')).toMatchObject({ running: 3, queued: 0 });
    expect(queue.counts('ocr').queued).toBe(1);
  });

  it('claims one job at once, whatever its turn, and the next in turn is another', () => {
    const queue = newQueue();
    queue.enqueue('write', 'write:1', { imageId: 1 }, { priority: 5 });
    const asked = queue.enqueue('write', 'write:2', { imageId: 2 });
    expect(queue.claim(asked.id)).toMatchObject({ key: 'write:2', state: 'running', attempts: 1 });
    expect(queue.claimNext('write')?.key).toBe('write:1');
    expect(queue.claimNext('write')).toBeUndefined();
  });

  it('raises the priority of what the person looks at', () => {
    const queue = newQueue();
    for (const id of [1, 2, 3]) queue.enqueue('caption', `caption:${id}`, { imageId: id });
    queue.prioritise(['caption:3'], 10);
    expect(queue.claimNext('caption')?.key).toBe('caption:3');
  });

  it('retries a passing failure up to the limit, and fails a lasting one at once', () => {
    const queue = newQueue();
    const job = queue.enqueue('caption', 'caption:1', {});
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(queue.claimNext('caption')?.attempts).toBe(attempt);
      expect(queue.fail(job.id, 'engine crashed', { retryable: true })).toBe('queued');
    }
    queue.claimNext('caption');
    expect(queue.fail(job.id, 'engine crashed', { retryable: true })).toBe('failed');
    expect(queue.get(job.id)).toMatchObject({
      state: 'failed',
      error: 'engine crashed',
      attempts: MAX_ATTEMPTS,
    });

    const bad = queue.enqueue('caption', 'caption:2', {});
    queue.claimNext('caption');
    expect(queue.fail(bad.id, 'not an image', { retryable: false })).toBe('failed');

    queue.retryFailed('caption');
    expect(queue.counts('caption')).toMatchObject({ queued: 2, failed: 0 });
    expect(queue.get(job.id)).toMatchObject({ attempts: 0, error: null });
  });

  it('releases a job that never really started without counting the attempt', () => {
    const queue = newQueue();
    const job = queue.enqueue('caption', 'caption:1', {});
    queue.claimNext('caption');
    queue.release(job.id);
    expect(queue.get(job.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('pauses, resumes and cancels', () => {
    const queue = newQueue();
    const first = queue.enqueue('caption', 'caption:1', {});
    queue.enqueue('caption', 'caption:2', {});
    queue.pauseAll('caption');
    expect(queue.claimNext('caption')).toBeUndefined();
    queue.resumeAll('caption');
    expect(queue.claimNext('caption')?.id).toBe(first.id);
    queue.cancel(first.id);
    expect(queue.isCancelled(first.id)).toBe(true);
    queue.cancelAll('caption');
    expect(queue.counts('caption')).toMatchObject({ cancelled: 2, queued: 0, running: 0 });
  });

  it('requeues a finished job only when asked', () => {
    const queue = newQueue();
    const job = queue.enqueue('caption', 'caption:1', { force: false });
    queue.claimNext('caption');
    queue.complete(job.id);
    expect(queue.enqueue('caption', 'caption:1', { force: true }).state).toBe('done');
    expect(queue.enqueue('caption', 'caption:1', { force: true }, { requeue: true })).toMatchObject({
      state: 'queued',
      payload: { force: true },
      attempts: 0,
    });
  });

  it('counts only the jobs that changed since a given moment', async () => {
    const queue = newQueue();
    const first = queue.enqueue('caption', 'caption:1', {});
    queue.claimNext('caption');
    queue.complete(first.id);
    const before = Date.now();
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the clock pass `before`
    while (Date.now() === before) await new Promise<void>((resolve) => setImmediate(resolve));
    queue.enqueue('caption', 'caption:2', {});
    expect(queue.counts('caption')).toMatchObject({ done: 1, queued: 1 });
    expect(queue.counts('caption', before)).toMatchObject({ done: 0, queued: 1 });
  });

  it('puts jobs left running by a killed process back in the queue, and keeps them across a reopen', () => {
    const dir = tempDir('jobs-reopen');
    const first = new JobQueue(openDatabase(dir));
    first.enqueue('caption', 'caption:1', {});
    first.enqueue('caption', 'caption:2', {});
    first.claimNext('caption');
    const second = new JobQueue(openDatabase(dir));
    expect(second.counts('caption')).toMatchObject({ running: 1, queued: 1 });
    expect(second.recoverInterrupted('caption')).toBe(1);
    expect(second.counts('caption')).toMatchObject({ running: 0, queued: 2 });
  });
});
