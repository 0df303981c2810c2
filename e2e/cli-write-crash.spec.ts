import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  childrenOf,
  startProcess,
  stillRunningAfter,
  type ScriptProcess,
} from '../electron/core/testing/processes.js';
import { altlensBin } from './altlens-server.js';
import { altTextInFile, expect, test } from './fixtures.js';
import { tempDir } from './photos.js';

const altlens = (...args: string[]) =>
  spawnSync(process.execPath, [altlensBin, ...args], { encoding: 'utf8' });

async function pixelsOf(path: string): Promise<string> {
  return createHash('sha256')
    .update(await sharp(path).raw().toBuffer())
    .digest('hex');
}

/** A library holding one large real JPEG (so that exiftool takes a while to write it), captions off. */
async function libraryWithLargePhoto(): Promise<{ dataDir: string; folder: string; photo: string }> {
  const folder = tempDir('cli-crash-photos');
  const dataDir = tempDir('cli-crash-data');
  const photo = join(folder, 'harbour.jpg');
  await sharp({
    create: {
      width: 6000,
      height: 4000,
      channels: 3,
      background: '#406080',
      noise: { type: 'gaussian', mean: 120, sigma: 40 },
    },
  })
    .jpeg({ quality: 95 })
    .toFile(photo);
  expect(altlens('add', folder, '--data-dir', dataDir).status).toBe(0);
  return { dataDir, folder, photo };
}

/** Writes under way that the library has recorded (its write_intents), read as another process would. */
function intentsRecorded(dataDir: string): number {
  const db = new Database(join(dataDir, 'library.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS count FROM write_intents').get() as { count: number }).count;
  } finally {
    db.close();
  }
}

/** Resolves when the running `altlens write` reaches `point`; rejects if it ends first. */
function reached(write: ScriptProcess, point: KillPoint, dataDir: string, photo: string): Promise<void> {
  const ended = new Promise<never>((_, reject) =>
    write.child.once('exit', () => reject(new Error(`altlens write ended before ${point}`))),
  );
  if (point === 'intent recorded') {
    // Polled: the library says nothing to other processes when a row is added.
    const recorded = (async () => {
      while (write.child.exitCode === null && intentsRecorded(dataDir) === 0)
        await new Promise((resolve) => setTimeout(resolve, 2));
    })();
    return Promise.race([recorded, ended]);
  }
  // exiftool writes the new file beside the photo, then copies it over the photo and removes it.
  const temporary = 'harbour.jpg_exiftool_tmp';
  let watcher: ReturnType<typeof watch> | undefined;
  const seen = new Promise<void>((resolve) => {
    watcher = watch(join(photo, '..'), (_, name) => {
      if (name !== temporary) return;
      const there = existsSync(join(photo, '..', temporary));
      if (point === 'exiftool writing' || !there) resolve();
    });
  });
  return Promise.race([seen, ended]).finally(() => watcher?.close());
}

type KillPoint = 'intent recorded' | 'exiftool writing' | 'exiftool done';

for (const point of ['intent recorded', 'exiftool writing', 'exiftool done'] as const) {
  test(`kill -9 of altlens write on a library photo (${point}): the next command settles it, undo works`, async ({
    exiftool,
  }) => {
    test.setTimeout(120_000);
    const { dataDir, folder, photo } = await libraryWithLargePhoto();
    const pixels = await pixelsOf(photo);

    const write = startProcess(process.execPath, [
      altlensBin,
      'write',
      photo,
      '--alt',
      'Boats in a harbour.',
      '--data-dir',
      dataDir,
    ]);
    await reached(write, point, dataDir, photo);
    const children = write.child.pid === undefined ? [] : childrenOf(write.child.pid);
    await write.kill9();
    if (process.platform === 'linux') expect(children.length).toBeGreaterThan(0);
    expect(await stillRunningAfter(children)).toEqual([]);

    // The write was done, or not at all; the next command (undo) settles it either way.
    const written = (await altTextInFile(exiftool, photo)) === 'Boats in a harbour.';
    if (!written) expect(await altTextInFile(exiftool, photo)).toBeUndefined();
    const undo = altlens('undo', photo, '--data-dir', dataDir);
    if (written) {
      expect(undo.stderr).toBe('');
      expect(undo.stdout).toBe(`Undone: ${photo} has its previous metadata back.\n`);
    } else expect(undo.stderr).toBe('altlens: There is no write of this image to undo.\n');
    expect(await altTextInFile(exiftool, photo)).toBeUndefined();
    const listed = JSON.parse(altlens('list', '--json', '--data-dir', dataDir).stdout) as {
      status: string;
      altText: string | null;
    }[];
    // The text the person asked for is kept, approved (written again by write-approved).
    expect(listed).toEqual([expect.objectContaining({ status: 'approved', altText: 'Boats in a harbour.' })]);

    // The next write goes ahead (the library's facts are the file's), and its undo works.
    const again = altlens('write', photo, '--alt', 'Boats at dusk.', '--data-dir', dataDir);
    expect(again.stderr).not.toContain('changed since it was read');
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(await altTextInFile(exiftool, photo)).toBe('Boats at dusk.');
    expect(altlens('undo', photo, '--data-dir', dataDir).status).toBe(0);
    expect(await altTextInFile(exiftool, photo)).toBeUndefined();
    expect(await pixelsOf(photo)).toBe(pixels);

    expect(readdirSync(folder)).toEqual(['harbour.jpg']);
    expect(intentsRecorded(dataDir)).toBe(0);
    expect(readdirSync(join(dataDir, 'write-backups'), { recursive: true })).toEqual([]);
  });
}
