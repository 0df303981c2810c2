import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/open.js';
import { tempDir } from '../testing/sample-images.js';
import { LibraryStore, type ImageFacts } from './store.js';

let db: Db;
afterEach(() => db.close());

const facts = (folderId: number, path: string, size: number): ImageFacts => ({
  folderId,
  path,
  size,
  mtimeMs: 1_700_000_000_000,
  contentHash: `hash of ${path}`,
  width: 64,
  height: 48,
  format: 'jpeg',
  error: null,
  hasThumbnail: true,
});

describe('LibraryStore.knownFilesUnder and markMissing (real SQLite)', () => {
  it('holds every file under the folder at any depth, in stretches, and none of a folder whose name only starts the same', () => {
    db = openDatabase(tempDir('store'));
    const store = new LibraryStore(db);
    const photos = store.folderId('/photos');
    const nested = store.folderId('/photos/trip');
    const sibling = store.folderId('/photos 2');
    const longer = store.folderId('/photos0');
    const inside = ['/photos/a.jpg', '/photos/gone.jpg', '/photos/trip/b.jpg', '/photos/trip/day 1/c.jpg'];
    store.insertImage(facts(photos, '/photos/a.jpg', 10));
    store.insertImage(facts(nested, '/photos/trip/b.jpg', 20));
    store.insertImage(facts(nested, '/photos/trip/day 1/c.jpg', 30));
    store.insertImage(facts(sibling, '/photos 2/d.jpg', 40));
    store.insertImage(facts(longer, '/photos0/e.jpg', 50));
    store.insertImage(facts(photos, '/photosx.jpg', 60));
    const goneId = store.insertImage(facts(photos, '/photos/gone.jpg', 70));
    // Marked only while the image is at the path given: one moved since is left alone.
    expect(store.markMissing([{ id: goneId, path: '/photos/elsewhere.jpg' }])).toEqual([]);
    expect(store.markMissing([{ id: goneId, path: '/photos/gone.jpg' }])).toEqual([goneId]);
    expect(store.markMissing([{ id: goneId, path: '/photos/gone.jpg' }])).toEqual([]);

    const paths = (rows: readonly { path: string }[]) => rows.map((row) => row.path).sort();
    const all = store.knownFilesUnder('/photos', { from: null, to: null });
    expect(paths(all)).toEqual(inside);
    expect(all.find((row) => row.path === '/photos/trip/b.jpg')).toMatchObject({
      size: 20,
      mtime_ms: 1_700_000_000_000,
      error: null,
      missing_since: null,
    });
    expect(all.find((row) => row.path === '/photos/gone.jpg')?.missing_since).toEqual(expect.any(Number));
    expect(paths(store.knownFilesUnder('/photos', { from: null, to: '/photos/trip/b.jpg' }))).toEqual(
      inside.slice(0, 2),
    );
    expect(paths(store.knownFilesUnder('/photos', { from: '/photos/trip/b.jpg', to: null }))).toEqual(
      inside.slice(2),
    );
    expect(paths(store.knownFilesUnder('/photos/trip', { from: null, to: null }))).toEqual(inside.slice(2));
  });
});

describe('LibraryStore listings of every shape (real SQLite, real FTS5)', () => {
  it('pages and counts a narrow match, a broad match and the other filters as a full scan would', () => {
    db = openDatabase(tempDir('store'));
    const store = new LibraryStore(db);
    const folders = [store.folderId('/lib/a'), store.folderId('/lib/b')];
    const all = Array.from({ length: 40 }, (_, i) => {
      const folderId = folders[i % 2] ?? 0;
      const path = `/lib/${i % 2 === 0 ? 'a' : 'b'}/photo-${String(i).padStart(2, '0')}.${i % 5 === 0 ? 'png' : 'jpg'}`;
      const id = store.insertImage({
        ...facts(folderId, path, 100 + i),
        format: i % 5 === 0 ? 'png' : 'jpeg',
      });
      // Two photos (5% of the library) show a sunset; every photo's path holds "photo".
      const text = i === 7 || i === 30 ? 'A sunset over the sea.' : `Photo number ${i}.`;
      store.saveDescription(id, text, 'human', i % 3 === 0 ? 'approved' : 'edited');
      return { id, path, folderId, format: i % 5 === 0 ? 'png' : 'jpeg', sunset: i === 7 || i === 30, i };
    });
    const byPath = [...all].sort((a, b) => (a.path < b.path ? -1 : 1));
    const cases = [
      { filter: {}, expected: byPath },
      { filter: { match: '"sunset"*' }, expected: byPath.filter((row) => row.sunset) },
      { filter: { match: '"photo"*' }, expected: byPath },
      {
        filter: { match: '"photo"*', folderId: folders[1] },
        expected: byPath.filter((row) => row.i % 2 === 1),
      },
      { filter: { match: '"sunset"*', status: 'approved' }, expected: byPath.filter((row) => row.i === 30) },
      {
        filter: { status: 'edited', format: 'png' },
        expected: byPath.filter((row) => row.i % 3 !== 0 && row.i % 5 === 0),
      },
    ];
    for (const { filter, expected } of cases) {
      const ids = expected.map((row) => row.id);
      expect(store.imageCount(filter), JSON.stringify(filter)).toBe(ids.length);
      const page = store.imagePage({ ...filter, offset: 1, limit: 3 });
      expect({ total: page.total, ids: page.rows.map((row) => row.id) }, JSON.stringify(filter)).toEqual({
        total: ids.length,
        ids: ids.slice(1, 4),
      });
      const after = expected[1]?.path;
      const keyset = store.images({ ...filter, offset: 0, limit: 100, afterPath: after });
      expect(
        keyset.map((row) => row.id),
        JSON.stringify(filter),
      ).toEqual(after ? ids.slice(2) : ids);
    }
  });
});
