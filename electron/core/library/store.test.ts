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

describe('LibraryStore.knownFilesUnder (real SQLite)', () => {
  it('holds every file under the folder at any depth, and none of a folder whose name only starts the same', () => {
    db = openDatabase(tempDir('store'));
    const store = new LibraryStore(db);
    const photos = store.folderId('/photos');
    const nested = store.folderId('/photos/trip');
    const sibling = store.folderId('/photos 2');
    const longer = store.folderId('/photos0');
    const inside = ['/photos/a.jpg', '/photos/trip/b.jpg', '/photos/trip/day 1/c.jpg'];
    store.insertImage(facts(photos, '/photos/a.jpg', 10));
    store.insertImage(facts(nested, '/photos/trip/b.jpg', 20));
    store.insertImage(facts(nested, '/photos/trip/day 1/c.jpg', 30));
    store.insertImage(facts(sibling, '/photos 2/d.jpg', 40));
    store.insertImage(facts(longer, '/photos0/e.jpg', 50));
    store.insertImage(facts(photos, '/photosx.jpg', 60));
    const missingId = store.insertImage(facts(photos, '/photos/gone.jpg', 70));
    store.markMissing([missingId]);

    const known = store.knownFilesUnder('/photos');

    expect([...known.keys()].sort()).toEqual([...inside, '/photos/gone.jpg'].sort());
    expect(known.get('/photos/trip/b.jpg')).toMatchObject({
      size: 20,
      mtime_ms: 1_700_000_000_000,
      error: null,
    });
    expect(known.get('/photos/gone.jpg')?.missing_since).toEqual(expect.any(Number));
    expect([...store.knownFilesUnder('/photos/trip').keys()].sort()).toEqual(inside.slice(1).sort());
  });
});
