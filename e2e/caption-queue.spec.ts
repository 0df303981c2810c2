import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ApiEvent, CaptionQueueStatus } from '../contract/api.js';
import { readEvents } from '../electron/server/testing/sse-client.js';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { tempDir } from './photos.js';

const PHOTOS = 6;

interface Row {
  image_id: number;
  updated_at: number;
}

function describedRows(dataDir: string): Row[] {
  const db = new Database(join(dataDir, 'library.sqlite'), { readonly: true });
  try {
    return db.prepare<[], Row>(`SELECT image_id, updated_at FROM descriptions WHERE source = 'model'`).all();
  } finally {
    db.close();
  }
}

function jobAttempts(dataDir: string): { state: string; attempts: number }[] {
  const db = new Database(join(dataDir, 'library.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { state: string; attempts: number }>(`SELECT state, attempts FROM jobs`).all();
  } finally {
    db.close();
  }
}

async function events(server: ServeProcess) {
  const response = await fetch(`${server.origin}/api/events`, {
    headers: { Authorization: `Bearer ${server.token}` },
  });
  return readEvents(response);
}

const someDone = (event: ApiEvent) => event.type === 'captions.status' && event.status.counts.done >= 1;
const allDone = (status: CaptionQueueStatus) =>
  status.counts.queued === 0 && status.counts.running === 0 && status.current === null;

test('the caption queue survives the server being killed between jobs: every photo captioned exactly once', async () => {
  test.setTimeout(180_000);
  const photos = tempDir('queue-photos');
  // OCR on every photo makes each job take a second or more, so the kill lands with work still queued.
  for (let i = 0; i < PHOTOS; i += 1) {
    const background = ['#c02020', '#20a020', '#2030c0'][i % 3] ?? '#000000';
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background } })
      .jpeg()
      .toFile(join(photos, `p${i}.jpg`));
  }
  const modelDir = tempDir('queue-model');
  await writeTinyCaptioner(modelDir);
  const dataDir = tempDir('queue-data');
  const args = ['--model', modelDir, '--device', 'cpu'];

  const first = await startServe(dataDir, args);
  const firstEvents = await events(first);
  await first.call('folders.add', { path: photos });
  await firstEvents.until(someDone);
  first.child.kill('SIGKILL');
  await first.stop();

  const before = describedRows(dataDir);
  expect(before.length).toBeGreaterThanOrEqual(1);
  expect(before.length).toBeLessThan(PHOTOS);

  const second = await startServe(dataDir, args);
  try {
    const secondEvents = await events(second);
    // The restarted server may finish before the event stream opens: ask first, then wait if needed.
    const status = await second.call('captions.status', {});
    if (!allDone(status)) {
      await secondEvents.until((event) => event.type === 'captions.status' && allDone(event.status));
    }
    await secondEvents.cancel();
  } finally {
    await second.stop();
  }

  const after = describedRows(dataDir);
  expect(after.map((row) => row.image_id).sort()).toHaveLength(PHOTOS);
  // A caption stored before the kill was not made again after the restart.
  for (const row of before) expect(after).toContainEqual(row);
  const jobs = jobAttempts(dataDir);
  expect(jobs.map((job) => job.state)).toEqual(Array<string>(PHOTOS).fill('done'));
  // Only the jobs in flight at the kill (at most three: the engine decodes ahead) were run a second time.
  expect(jobs.filter((job) => job.attempts > 1).length).toBeLessThanOrEqual(3);
});
