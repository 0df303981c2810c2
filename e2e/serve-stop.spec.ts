import { expect, test } from '@playwright/test';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ApiEvent } from '../contract/api.js';
import { readEvents } from '../electron/server/testing/sse-client.js';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { tempDir } from './photos.js';

// Linux's /proc tells a process's children; the machines these tests run on are Linux.
let server: ServeProcess | undefined;

test.afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  server = undefined;
});

/** Every process below `pid` (children, their children…), read from /proc. */
function descendants(pid: number): number[] {
  const taskDir = `/proc/${pid}/task`;
  if (!existsSync(taskDir)) return [];
  const children = readdirSync(taskDir).flatMap((task) => {
    const text = readFileSync(join(taskDir, task, 'children'), 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Whether a process still runs (a zombie waiting to be reaped has stopped). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** `count` different small JPEGs: one encoded image with a numbered comment segment each (fast to make). */
async function makeManyPhotos(count: number): Promise<string> {
  const dir = tempDir('many');
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#806040' } })
    .jpeg()
    .toBuffer();
  for (let index = 0; index < count; index += 1) {
    const text = Buffer.from(`photo ${index}`);
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
    writeFileSync(
      join(dir, `photo-${index}.jpg`),
      Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]),
    );
  }
  return dir;
}

async function eventsOf(serve: ServeProcess) {
  const response = await fetch(`${serve.origin}/api/events`, {
    headers: { Authorization: `Bearer ${serve.token}` },
  });
  return readEvents(response);
}

/** Sends SIGINT; asserts the server has exited within 2 s and every process it had started is gone by then. */
async function expectStoppedBySigint(serve: ServeProcess, children: readonly number[]): Promise<void> {
  const exited = once(serve.child, 'exit');
  const started = performance.now();
  serve.child.kill('SIGINT');
  await exited;
  const remaining = 2_000 - (performance.now() - started);
  expect(remaining).toBeGreaterThan(0);
  await expect.poll(() => children.filter(running), { timeout: remaining, intervals: [20] }).toEqual([]);
}

test('Ctrl+C (SIGINT) stops serve within 2 s during the scan of a large folder, and no child process is left', async () => {
  test.setTimeout(120_000);
  const photos = await makeManyPhotos(3_000);
  server = await startServe(tempDir('stop-scan'), ['--watch', photos]);
  const events = await eventsOf(server);
  await events.until((event: ApiEvent) => event.type === 'scan.progress' && event.done >= 50);
  const pid = server.child.pid ?? 0;
  const children = descendants(pid);
  expect(children.map(commandLine).join('\n')).toContain('exiftool');
  await expectStoppedBySigint(server, children);
});

test('Ctrl+C (SIGINT) stops serve within 2 s while it captions, and the caption engine goes with it', async () => {
  test.setTimeout(120_000);
  const photos = tempDir('stop-captions');
  for (let index = 0; index < 12; index += 1) {
    const background = { r: (index * 40) % 256, g: 120, b: 200 - index * 10 };
    await sharp({ create: { width: 640, height: 427, channels: 3, background } }).toFile(
      join(photos, `p${index}.jpg`),
    );
  }
  const modelDir = tempDir('stop-model');
  await writeTinyCaptioner(modelDir);
  server = await startServe(tempDir('stop-captions-data'), [
    '--model',
    modelDir,
    '--device',
    'cpu',
    '--watch',
    photos,
  ]);
  const events = await eventsOf(server);
  await events.until((event: ApiEvent) => event.type === 'captions.status' && event.status.counts.done >= 1);
  const children = descendants(server.child.pid ?? 0);
  expect(children.map(commandLine).join('\n')).toContain('engine-main');
  await expectStoppedBySigint(server, children);
});
