import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../db/open.js';
import { Library } from '../library/library.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { LibraryWatcher, type WatchEvent } from './library-watcher.js';

/**
 * A photo copied into a brand-new subfolder is in the library within this long: each photo is waited for
 * (on the watcher's events) at most this long, the bound of a failing test, not a measurement.
 */
const PER_PHOTO = { timeout: 5_000, interval: 20 };

const run = promisify(execFile);

let dataDir: string;
let library: Library;
let watcher: LibraryWatcher;
let events: WatchEvent[];

afterEach(async () => {
  await watcher.stop();
  library.close();
});

let photosMade = 0;

/** A real JPEG (sharp) of a colour no other photo of the test has. */
async function writePhoto(path: string): Promise<void> {
  const i = (photosMade += 1);
  const hex = (n: number) => (n % 256).toString(16).padStart(2, '0');
  await writeImage(path, {
    width: 24,
    height: 16,
    color: `#${hex(i * 37)}${hex(i * 91 + 40)}${hex(i * 53)}`,
  });
}

/** Real JPEGs in a staging folder; returns their paths. */
async function stagePhotos(dir: string, prefix: string, count: number): Promise<string[]> {
  const paths = Array.from({ length: count }, (_, i) => join(dir, `${prefix}${i}.jpg`));
  for (const path of paths) await writePhoto(path);
  return paths;
}

/** Runs shell commands one after the other in a child process, as a person's `mkdir d; cp p d/` does. */
async function shell(lines: readonly string[]): Promise<void> {
  await run('sh', ['-e', '-c', lines.join('\n')]);
}

/**
 * In a child process: makes each folder, waits the round's gap, and copies the photo in. The gaps sweep
 * 0 to 10 ms, so that whatever the machine's load, many copies land while the watcher takes the new folder.
 */
async function makeAndCopy(rounds: readonly { dir: string; photo: string; gapMs: number }[]): Promise<void> {
  const script = `
    const { copyFileSync, mkdirSync } = require('node:fs');
    const { basename, join } = require('node:path');
    const gap = new Int32Array(new SharedArrayBuffer(4));
    for (const { dir, photo, gapMs } of JSON.parse(process.argv[1])) {
      mkdirSync(dir);
      Atomics.wait(gap, 0, 0, gapMs);
      copyFileSync(photo, join(dir, basename(photo)));
    }`;
  await run(process.execPath, ['-e', script, JSON.stringify(rounds)]);
}

const q = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

const addedEvents = (path: string) =>
  events.filter((event) => event.type === 'indexed' && event.path === path && event.outcome.kind === 'added');

/** Waits for each photo in turn to be indexed (at most 5 s each), then checks each is in the library once. */
async function expectEachInLibraryOnce(paths: readonly string[]): Promise<void> {
  for (const path of paths)
    await vi.waitFor(
      () => expect(addedEvents(path), `${path} in the library`).not.toHaveLength(0),
      PER_PHOTO,
    );
  await watcher.idle();
  for (const path of paths) expect(addedEvents(path), path).toHaveLength(1);
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const rows = db.prepare('SELECT path, error FROM images').all() as {
      path: string;
      error: string | null;
    }[];
    const byPath = new Map(rows.map((row) => [row.path, row]));
    expect(rows.length, 'one row per path').toBe(byPath.size);
    for (const path of paths) expect(byPath.get(path), path).toEqual({ path, error: null });
  } finally {
    db.close();
  }
}

describe('photos put into folders made a moment before (real chokidar, real files, made by another process)', () => {
  it('indexes every photo exactly once: mkdir + copy after gaps of 0-10 ms, and from a shell mkdir + cp, mkdir -p a/b/c + cp, mkdir a; mkdir a/b + cp, mv of a ready folder + cp; then one more into each folder', async () => {
    dataDir = tempDir('data');
    library = Library.open(dataDir);
    watcher = new LibraryWatcher(library, { reconcileIntervalMs: 3_600_000 });
    events = [];
    watcher.subscribe((event) => events.push(event));
    const photos = tempDir('watched');
    await watcher.add(photos);

    const rounds = { paced: 100, flat: 40, nested: 15, stepwise: 30, moved: 15 };
    const staging = tempDir('staging');
    const paced = await stagePhotos(staging, 'paced', rounds.paced);
    const flat = await stagePhotos(staging, 'flat', rounds.flat);
    const nested = await stagePhotos(staging, 'nested', rounds.nested);
    const stepwise = await stagePhotos(staging, 'stepwise', rounds.stepwise);
    const extra = await stagePhotos(staging, 'extra', rounds.moved);
    // Folders made ready elsewhere (on the same file system, so `mv` is a rename) with a photo in a subfolder.
    const ready: string[] = [];
    for (let i = 0; i < rounds.moved; i += 1) {
      const dir = join(staging, `ready${i}`);
      mkdirSync(join(dir, 'inside'), { recursive: true });
      await writePhoto(join(dir, 'inside', 'kept.jpg'));
      ready.push(dir);
    }
    const pacedRounds = paced.map((photo, i) => ({ dir: join(photos, `p${i}`), photo, gapMs: (i % 21) / 2 }));
    const expected = pacedRounds.map(({ dir }, i) => join(dir, `paced${i}.jpg`));
    const lines: string[] = [];
    for (let i = 0; i < rounds.flat; i += 1) {
      const dir = join(photos, `dir${i}`);
      lines.push(`mkdir ${q(dir)}`, `cp ${q(flat[i] ?? '')} ${q(dir)}/`);
      expected.push(join(dir, `flat${i}.jpg`));
    }
    for (let i = 0; i < rounds.nested; i += 1) {
      const dir = join(photos, `a${i}`, 'b', 'c');
      lines.push(`mkdir -p ${q(dir)}`, `cp ${q(nested[i] ?? '')} ${q(dir)}/`);
      expected.push(join(dir, `nested${i}.jpg`));
    }
    for (let i = 0; i < rounds.stepwise; i += 1) {
      const dir = join(photos, `s${i}`, 't');
      lines.push(
        `mkdir ${q(join(photos, `s${i}`))}`,
        `mkdir ${q(dir)}`,
        `cp ${q(stepwise[i] ?? '')} ${q(dir)}/`,
      );
      expected.push(join(dir, `stepwise${i}.jpg`));
    }
    for (let i = 0; i < rounds.moved; i += 1) {
      const dir = join(photos, `ready${i}`);
      lines.push(`mv ${q(ready[i] ?? '')} ${q(photos)}/`, `cp ${q(extra[i] ?? '')} ${q(dir)}/`);
      expected.push(join(dir, 'inside', 'kept.jpg'), join(dir, `extra${i}.jpg`));
    }

    await makeAndCopy(pacedRounds);
    await shell(lines);
    await expectEachInLibraryOnce(expected);

    // Every new folder is watched from then on: a second photo copied into each is found too.
    const folders = [
      ...pacedRounds.map(({ dir }) => dir),
      ...Array.from({ length: rounds.flat }, (_, i) => join(photos, `dir${i}`)),
      ...Array.from({ length: rounds.nested }, (_, i) => join(photos, `a${i}`, 'b', 'c')),
      ...Array.from({ length: rounds.stepwise }, (_, i) => join(photos, `s${i}`, 't')),
      ...Array.from({ length: rounds.moved }, (_, i) => join(photos, `ready${i}`, 'inside')),
    ];
    const second = await stagePhotos(tempDir('staging'), 'second', folders.length);
    await shell(folders.map((dir, i) => `cp ${q(second[i] ?? '')} ${q(dir)}/`));
    const later = folders.map((dir, i) => join(dir, `second${i}.jpg`));
    await expectEachInLibraryOnce([...expected, ...later]);
    expect(library.folders()).toMatchObject([
      {
        path: photos,
        imageCount: expected.length + later.length,
        missingCount: 0,
        watch: { mode: 'watching' },
      },
    ]);
  }, 120_000);
});
