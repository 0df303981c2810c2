import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { altlensBin } from './altlens-server.js';
import { altTextInFile, test as withExiftool } from './fixtures.js';
import { makePhotoFolder, tempDir } from './photos.js';

const altlens = (...args: string[]) =>
  spawnSync(process.execPath, [altlensBin, ...args], { encoding: 'utf8' });

test('a closed stdout ends a command quietly: `altlens list --json | head -1`', async () => {
  // Far more output than a pipe holds (64 KiB), so the command is still writing when its reader goes.
  const photos = join(tempDir('pipe'), 'd'.repeat(200), 'e'.repeat(200));
  mkdirSync(photos, { recursive: true });
  const first = join(photos, 'first.jpg');
  await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c03030' } }).toFile(first);
  for (let index = 0; index < 400; index += 1)
    copyFileSync(first, join(photos, `${'x'.repeat(200)}-${index}.jpg`));
  const dataDir = tempDir('pipe-data');
  expect(altlens('add', photos, '--data-dir', dataDir).status).toBe(0);

  const child = spawn(process.execPath, [altlensBin, 'list', '--json', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const firstChunk = await new Promise<string>((resolve) =>
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
  );
  child.stdout.destroy(); // as `head -1` does once it has its line
  expect(firstChunk.startsWith('[\n')).toBe(true);
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
});

withExiftool(
  'the command line finishes the loop: caption --store, describe, approve, write-approved, write, undo',
  async ({ exiftool }) => {
    const photos = await makePhotoFolder(); // harbour.jpg, meadow.png, sunset.webp, notes.jpg (not an image)
    const dataDir = tempDir('loop-data');
    const modelDir = join(tempDir('loop-model'), 'tiny');
    await writeTinyCaptioner(modelDir);
    const harbour = join(photos, 'harbour.jpg');
    const meadow = join(photos, 'meadow.png');
    const sunset = join(photos, 'sunset.webp');
    const notes = join(photos, 'notes.jpg');
    expect(altlens('add', photos, '--data-dir', dataDir).status).toBe(0);

    const captioned = altlens(
      'caption',
      harbour,
      meadow,
      '--store',
      '--model',
      modelDir,
      '--no-ocr',
      '--data-dir',
      dataDir,
    );
    expect(captioned.status).toBe(0);
    const described = altlens('describe', meadow, '--alt', 'A green meadow.', '--data-dir', dataDir);
    expect(described.stdout).toBe(`${meadow}: edited, "A green meadow."\n`);

    const approved = altlens('approve', '--folder', photos, '--data-dir', dataDir);
    expect(approved.status).toBe(0);
    expect(approved.stdout).toBe('Approved 2 photos, skipped 2.\n');
    expect(approved.stderr).toBe(`  ${notes}: no alt text\n  ${sunset}: no alt text\n`);
    expect(altlens('write-approved', '--data-dir', dataDir).stdout).toBe('Written: 2, failed: 0.\n');
    expect(await altTextInFile(exiftool, harbour)).toBe('A blue photo.');
    expect(await altTextInFile(exiftool, meadow)).toBe('A green meadow.');

    // A write by hand is recorded, so undo right after it puts the file back as write-approved left it.
    expect(altlens('write', harbour, '--alt', 'Boats in a harbour.', '--data-dir', dataDir).status).toBe(0);
    expect(await altTextInFile(exiftool, harbour)).toBe('Boats in a harbour.');
    const undone = altlens('undo', harbour, '--data-dir', dataDir);
    expect(undone.stdout).toBe(`Undone: ${harbour} has its previous metadata back.\n`);
    expect(await altTextInFile(exiftool, harbour)).toBe('A blue photo.');

    const refused = altlens('write', notes, '--alt', 'A list.', '--data-dir', dataDir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `altlens: ${notes}: Not an image AltLens can read: the contents do not match any supported image format. Nothing was written.\n`,
    );
    const rows = JSON.parse(altlens('list', '--json', '--data-dir', dataDir).stdout) as {
      path: string;
      status: string;
    }[];
    expect(Object.fromEntries(rows.map((row) => [row.path, row.status]))).toEqual({
      [harbour]: 'approved',
      [meadow]: 'written',
      [notes]: 'failed',
      [sunset]: 'pending',
    });
  },
);
