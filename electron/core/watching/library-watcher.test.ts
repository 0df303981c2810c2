import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, openSync, closeSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { DATABASE_FILE } from '../db/open.js';
import { hashFile } from '../library/hash.js';
import { Library } from '../library/library.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { LibraryWatcher, type LibraryWatcherOptions, type WatchEvent } from './library-watcher.js';

/** Events are waited for, never slept for: a deadline only bounds a failing test. */
const DEADLINE = { timeout: 60_000, interval: 25 };

let dataDir: string;
let library: Library;
let watcher: LibraryWatcher;
let events: WatchEvent[];
let apiEvents: ApiEvent[];

function open(options: LibraryWatcherOptions = {}): void {
  library = Library.open(dataDir);
  watcher = new LibraryWatcher(library, { reconcileIntervalMs: 3_600_000, ...options });
  events = [];
  apiEvents = [];
  watcher.subscribe((event) => events.push(event));
  library.events.subscribe((event) => apiEvents.push(event));
}

async function close(): Promise<void> {
  await watcher.stop();
  library.close();
}

afterEach(close);

const indexed = (path: string) =>
  events.flatMap((event) => (event.type === 'indexed' && event.path === path ? [event.outcome] : []));

async function indexedOnce(path: string) {
  await vi.waitFor(() => expect(indexed(path)).toHaveLength(1), DEADLINE);
  return indexed(path)[0] as NonNullable<ReturnType<typeof indexed>[number]>;
}

async function photoFolder(names: string[] = []): Promise<string> {
  const dir = tempDir('watched');
  for (const [i, name] of names.entries()) await writeImage(join(dir, name), { color: `#${i}0a0c0` });
  return dir;
}

describe('watching a folder (real chokidar, real files, real images)', () => {
  it('indexes, thumbnails and queues for a caption a file copied into the folder', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder(['first.jpg']);
    await watcher.add(photos);
    const outside = tempDir('camera');
    await writeImage(join(outside, 'harbour.jpg'), { width: 640, height: 480, color: '#2060c0' });

    copyFileSync(join(outside, 'harbour.jpg'), join(photos, 'harbour.jpg'));

    const outcome = await indexedOnce(join(photos, 'harbour.jpg'));
    expect(outcome).toMatchObject({ kind: 'added', error: null });
    expect(library.getImage(outcome.id)).toMatchObject({
      fileName: 'harbour.jpg',
      width: 640,
      height: 480,
      hasThumbnail: true,
      status: 'pending',
      captionJob: { state: 'queued', error: null },
    });
    expect(apiEvents).toContainEqual({ type: 'library.changed', imageIds: [outcome.id] });
    expect(library.folders()).toMatchObject([
      { path: photos, imageCount: 2, missingCount: 0, watch: { mode: 'watching', reason: null } },
    ]);
  });

  it('keeps the description through a rename, marks a deleted file missing, and reattaches it when it is back', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder(['boats.jpg']);
    await watcher.add(photos);
    const [folder] = library.folders();
    const id = storedId(join(photos, 'boats.jpg'));
    library.saveDescription(id, 'Fishing boats in a harbour.');

    renameSync(join(photos, 'boats.jpg'), join(photos, 'harbour boats.jpg'));
    expect(await indexedOnce(join(photos, 'harbour boats.jpg'))).toMatchObject({ id, kind: 'moved' });
    expect(library.getImage(id)).toMatchObject({
      fileName: 'harbour boats.jpg',
      altText: 'Fishing boats in a harbour.',
      status: 'edited',
    });

    const away = join(tempDir('elsewhere'), 'harbour boats.jpg');
    renameSync(join(photos, 'harbour boats.jpg'), away);
    await vi.waitFor(() => expect(library.getImage(id).status).toBe('missing'), DEADLINE);
    expect(library.getImage(id).altText).toBe('Fishing boats in a harbour.');
    expect(library.folders()[0]).toMatchObject({ imageCount: 1, missingCount: 1 });

    renameSync(away, join(photos, 'back again.jpg'));
    expect(await indexedOnce(join(photos, 'back again.jpg'))).toMatchObject({ id, kind: 'moved' });
    expect(library.getImage(id)).toMatchObject({
      fileName: 'back again.jpg',
      altText: 'Fishing boats in a harbour.',
      status: 'edited',
    });
    expect(library.folders()[0]).toMatchObject({ imageCount: 1, missingCount: 0 });

    renameSync(join(photos, 'back again.jpg'), away);
    await vi.waitFor(() => expect(library.getImage(id).status).toBe('missing'), DEADLINE);
    expect(library.removeMissing({ folderId: folder?.id ?? 0 })).toEqual({ removed: 1 });
    expect(library.findImage(id)).toBeUndefined();
    expect(library.folders()[0]).toMatchObject({ imageCount: 0, missingCount: 0 });
  });

  it('indexes the photos of a folder moved in, and keeps their descriptions when the folder is renamed', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder();
    await watcher.add(photos);
    const trip = join(tempDir('elsewhere'), 'trip');
    mkdirSync(join(trip, 'day 1'), { recursive: true });
    await writeImage(join(trip, 'day 1', 'beach.jpg'), { color: '#e0c080' });

    renameSync(trip, join(photos, 'trip'));
    const beach = await indexedOnce(join(photos, 'trip', 'day 1', 'beach.jpg'));
    expect(beach).toMatchObject({ kind: 'added', error: null });
    library.saveDescription(beach.id, 'A sandy beach at low tide.');

    renameSync(join(photos, 'trip'), join(photos, 'summer trip'));
    expect(await indexedOnce(join(photos, 'summer trip', 'day 1', 'beach.jpg'))).toMatchObject({
      id: beach.id,
      kind: 'moved',
    });
    expect(library.getImage(beach.id)).toMatchObject({
      altText: 'A sandy beach at low tide.',
      status: 'edited',
    });
    expect(library.folders()[0]).toMatchObject({ imageCount: 1, missingCount: 0 });
  });

  it('indexes each of 500 files copied at once exactly once', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder();
    await watcher.add(photos);
    const staging = tempDir('burst');
    const names = Array.from({ length: 500 }, (_, i) => `burst-${String(i).padStart(3, '0')}.jpg`);
    for (const [i, name] of names.entries()) {
      await writeImage(join(staging, name), {
        width: 16,
        height: 12,
        color: `#${(i * 997).toString(16).padStart(6, '0').slice(-6)}`,
      });
    }

    for (const name of names) copyFileSync(join(staging, name), join(photos, name));

    await vi.waitFor(
      () => expect(new Set(events.flatMap((e) => (e.type === 'indexed' ? [e.path] : []))).size).toBe(500),
      DEADLINE,
    );
    await watcher.idle();
    for (const name of names)
      expect(indexed(join(photos, name)), name).toEqual([
        expect.objectContaining({ kind: 'added', error: null }),
      ]);
    expect(events.filter((event) => event.type === 'indexed')).toHaveLength(500);
    expect(library.folders()[0]).toMatchObject({ imageCount: 500, missingCount: 0 });
    const ids = names.map((name) => storedId(join(photos, name)));
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => library.getImage(id).captionJob?.state === 'queued')).toBe(true);
  });

  it('indexes a file written slowly in chunks once, after it is complete', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder();
    await watcher.add(photos);
    const source = join(tempDir('source'), 'large.jpg');
    const bytes = await writeImage(source, { width: 1600, height: 1200, color: '#806040' });
    const target = join(photos, 'large.jpg');

    // The writer pauses between chunks far less than the watcher waits for a file to stop growing.
    const fd = openSync(target, 'w');
    const chunks = 8;
    for (let i = 0; i < chunks; i += 1) {
      const start = Math.floor((bytes.length * i) / chunks);
      writeSync(fd, bytes, start, Math.floor((bytes.length * (i + 1)) / chunks) - start);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    closeSync(fd);

    const outcome = await indexedOnce(target);
    await watcher.idle();
    expect(indexed(target)).toHaveLength(1);
    expect(outcome).toMatchObject({ kind: 'added', error: null });
    expect(library.getImage(outcome.id)).toMatchObject({ width: 1600, height: 1200, size: bytes.length });
    expect(storedHash(target)).toBe(await hashFile(target));
  });

  it('finds the files added, changed, renamed and deleted while it was stopped, on the next start', async () => {
    dataDir = tempDir('data');
    open();
    const photos = await photoFolder(['kept.jpg', 'renamed.jpg', 'deleted.jpg']);
    await watcher.add(photos);
    const renamedId = storedId(join(photos, 'renamed.jpg'));
    const deletedId = storedId(join(photos, 'deleted.jpg'));
    library.saveDescription(renamedId, 'A red kite over a field.');
    await close();

    mkdirSync(join(photos, 'new folder'));
    await writeImage(join(photos, 'new folder', 'arrived.png'), { format: 'png', color: '#30a040' });
    renameSync(join(photos, 'renamed.jpg'), join(photos, 'kite.jpg'));
    renameSync(join(photos, 'deleted.jpg'), join(tempDir('trash'), 'deleted.jpg'));

    open();
    await watcher.start();

    expect(events).toContainEqual({
      type: 'reconciled',
      folderPath: photos,
      result: expect.objectContaining({ found: 3, added: 1, moved: 1, missing: 1 }),
    });
    expect(library.getImage(renamedId)).toMatchObject({
      fileName: 'kite.jpg',
      altText: 'A red kite over a field.',
    });
    expect(library.getImage(deletedId).status).toBe('missing');
    expect(library.folders()).toMatchObject([
      { imageCount: 4, missingCount: 1, watch: { mode: 'watching' } },
    ]);
    const arrived = storedId(join(photos, 'new folder', 'arrived.png'));
    expect(library.getImage(arrived)).toMatchObject({ hasThumbnail: true, captionJob: { state: 'queued' } });

    await writeImage(join(photos, 'after start.jpg'));
    expect(await indexedOnce(join(photos, 'after start.jpg'))).toMatchObject({ kind: 'added' });
  });
});

/** The id of a file the library has (found by path in the database the test can read). */
function storedId(path: string): number {
  return readRow(path).id;
}

function storedHash(path: string): string {
  return readRow(path).content_hash;
}

function readRow(path: string): { id: number; content_hash: string } {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const row = db.prepare('SELECT id, content_hash FROM images WHERE path = ?').get(path) as
      { id: number; content_hash: string } | undefined;
    if (!row) throw new Error(`${path} is not in the library`);
    return row;
  } finally {
    db.close();
  }
}
