import Database from 'better-sqlite3';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../db/open.js';
import { Library } from '../library/library.js';
import { walkFolder } from '../library/walk.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { LibraryWatcher, type WatchEvent } from './library-watcher.js';

/** Events are waited for, never slept for: a deadline only bounds a failing test. */
const DEADLINE = { timeout: 10_000, interval: 20 };

let dataDir: string;
let library: Library;
let watcher: LibraryWatcher;
let events: WatchEvent[];

afterEach(async () => {
  await watcher.stop();
  library.close();
});

const indexedPaths = () => events.flatMap((event) => (event.type === 'indexed' ? [event.path] : []));

function storedPaths(): string[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT path FROM images ORDER BY path').all() as { path: string }[]).map(
      (row) => row.path,
    );
  } finally {
    db.close();
  }
}

describe('symbolic links in a watched folder (real links, real chokidar, real images)', () => {
  it('lists linked photos and folders from elsewhere under the link, skips loops and duplicates saying why, and watches as it scans', async () => {
    // Real paths: the reasons name them (a temp folder may itself be under a link).
    const photos = realpathSync(tempDir('watched'));
    const elsewhere = realpathSync(tempDir('elsewhere'));
    mkdirSync(join(elsewhere, 'A'));
    mkdirSync(join(elsewhere, 'B'));
    let colour = 0;
    const photo = (path: string) => writeImage(path, { color: `#${(colour += 1)}0${colour}080` });
    await photo(join(photos, 'own.jpg'));
    await photo(join(elsewhere, 'A', 'a.jpg'));
    await photo(join(elsewhere, 'B', 'b.jpg'));
    await photo(join(elsewhere, 'single.jpg'));
    await photo(join(elsewhere, 'later.jpg'));
    symlinkSync(join(elsewhere, 'A'), join(photos, 'ext'));
    symlinkSync(join(elsewhere, 'single.jpg'), join(photos, 'photo.jpg'));
    symlinkSync(photos, join(photos, 'loop'));
    symlinkSync(join(photos, 'own.jpg'), join(photos, 'dup.jpg'));
    dataDir = tempDir('data');
    library = Library.open(dataDir);
    watcher = new LibraryWatcher(library, { reconcileIntervalMs: 3_600_000 });
    events = [];
    watcher.subscribe((event) => events.push(event));

    const result = await watcher.add(photos);

    const loop = `it is a link to ${photos}, a folder it is in itself: following it would go round in a loop`;
    const listed = `it is a link to ${join(photos, 'own.jpg')}, which is in this folder already and listed there`;
    expect(result).toMatchObject({
      found: 3,
      added: 3,
      failed: 0,
      skipped: [
        { path: join(photos, 'dup.jpg'), reason: listed },
        { path: join(photos, 'loop'), reason: loop },
      ],
    });
    expect(storedPaths()).toEqual(['ext/a.jpg', 'own.jpg', 'photo.jpg'].map((file) => join(photos, file)));

    // Made while watched: the watcher follows and skips exactly as the scan does.
    symlinkSync(photos, join(photos, 'loop again'));
    symlinkSync(join(photos, 'own.jpg'), join(photos, 'dup again.jpg'));
    symlinkSync(join(elsewhere, 'B'), join(photos, 'extB'));
    symlinkSync(join(elsewhere, 'later.jpg'), join(photos, 'later.jpg'));
    await vi.waitFor(() => expect(indexedPaths()).toContain(join(photos, 'extB', 'b.jpg')), DEADLINE);
    await vi.waitFor(() => expect(indexedPaths()).toContain(join(photos, 'later.jpg')), DEADLINE);
    // A photo put into a linked folder where it really is shows up under the link.
    await photo(join(elsewhere, 'A', 'new.jpg'));
    await vi.waitFor(() => expect(indexedPaths()).toContain(join(photos, 'ext', 'new.jpg')), DEADLINE);
    await watcher.idle();

    const scanned = await walkFolder(photos);
    expect(storedPaths()).toEqual(scanned.files);
    expect(scanned.files).toEqual(
      ['ext/a.jpg', 'ext/new.jpg', 'extB/b.jpg', 'later.jpg', 'own.jpg', 'photo.jpg'].map((file) =>
        join(photos, file),
      ),
    );
    expect(await library.rescanFolder(photos)).toMatchObject({
      found: 6,
      added: 0,
      moved: 0,
      missing: 0,
      skipped: [
        { path: join(photos, 'dup again.jpg'), reason: listed },
        { path: join(photos, 'dup.jpg'), reason: listed },
        { path: join(photos, 'loop'), reason: loop },
        { path: join(photos, 'loop again'), reason: loop },
      ],
    });
  });

  it('watches a library folder that is itself a link (a Pictures folder kept on another drive)', async () => {
    const real = tempDir('drive');
    await writeImage(join(real, 'one.jpg'), { color: '#806020' });
    const pictures = join(tempDir('home'), 'Pictures');
    symlinkSync(real, pictures);
    dataDir = tempDir('data');
    library = Library.open(dataDir);
    watcher = new LibraryWatcher(library, { reconcileIntervalMs: 3_600_000 });
    events = [];
    watcher.subscribe((event) => events.push(event));

    expect(await watcher.add(pictures)).toMatchObject({ found: 1, added: 1, skipped: [] });
    mkdirSync(join(pictures, 'new folder'));
    await writeImage(join(pictures, 'new folder', 'two.jpg'), { color: '#208060' });

    await vi.waitFor(
      () => expect(indexedPaths()).toContain(join(pictures, 'new folder', 'two.jpg')),
      DEADLINE,
    );
    expect(library.folders()).toMatchObject([{ path: pictures, imageCount: 2, watch: { mode: 'watching' } }]);
  });
});
