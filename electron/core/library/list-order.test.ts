import { afterEach, describe, expect, it } from 'vitest';
import type { ImageSort } from '../../../contract/api.js';
import { openDatabase, type Db } from '../db/open.js';
import { tempDir } from '../testing/sample-images.js';
import { LibraryStore, type ImageFacts } from './store.js';

let db: Db;
afterEach(() => db.close());

const facts = (folderId: number, path: string, mtimeMs: number): ImageFacts => ({
  folderId,
  path,
  size: 1,
  mtimeMs,
  contentHash: `hash of ${path}`,
  width: 8,
  height: 8,
  format: 'jpeg',
  error: null,
  hasThumbnail: true,
});

/** Every id of a listing read two at a time, as the grid's pages would be. */
function paged(store: LibraryStore, sort: ImageSort, descending: boolean): number[] {
  const ids: number[] = [];
  for (let offset = 0; ; offset += 2) {
    const { rows } = store.imagePage({ sort, descending, offset, limit: 2 });
    if (rows.length === 0) return ids;
    ids.push(...rows.map((row) => row.id));
  }
}

describe('listing orders (real SQLite): keys shared across page boundaries, ties broken by id', () => {
  it('pages, ids and neighbours follow each order, every photo once, reversed exactly', () => {
    db = openDatabase(tempDir('list-order'));
    const store = new LibraryStore(db);
    const folder = store.folderId('/p');
    // Inserted out of name order; c, a and e share one file date (no date taken: the file date is used).
    const c = store.insertImage(facts(folder, '/p/c.jpg', 5000));
    const a = store.insertImage(facts(folder, '/p/a.jpg', 5000));
    const b = store.insertImage(facts(folder, '/p/b.jpg', 1000));
    const e = store.insertImage(facts(folder, '/p/e.jpg', 5000));
    const d = store.insertImage(facts(folder, '/p/d.jpg', 9000));
    db.prepare('UPDATE images SET taken_at = 9500 WHERE id = ?').run(b);
    store.saveDescription(c, 'A cat.', 'human', 'approved');
    store.saveDescription(e, 'An egg.', 'human', 'approved');
    store.saveDescription(d, 'A dog.', 'model', 'needs-review');
    const expected: Record<ImageSort, number[]> = {
      name: [a, b, c, d, e],
      taken: [c, a, e, d, b],
      status: [a, b, d, c, e],
      added: [c, a, b, e, d],
    };
    for (const [sort, order] of Object.entries(expected) as [ImageSort, number[]][]) {
      for (const descending of [false, true]) {
        const want = descending ? [...order].reverse() : order;
        expect(paged(store, sort, descending), `${sort} ${descending}`).toEqual(want);
        expect(store.imageIds({ sort, descending })).toEqual(want);
        for (const [index, id] of want.entries()) {
          expect(store.placeInList({ sort, descending }, id)).toEqual({
            previousId: want[index - 1] ?? null,
            nextId: want[index + 1] ?? null,
            before: index,
            included: true,
          });
        }
      }
    }
  });

  it('reads the date-taken and added orders from an index, not a sort of every row', () => {
    db = openDatabase(tempDir('list-order-plan'));
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((s) => s.detail).join(' ');
    const taken = plan('SELECT i.id FROM images i ORDER BY COALESCE(i.taken_at, i.mtime_ms), i.id LIMIT 100');
    expect(taken).toMatch(/images_taken/);
    expect(taken).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT i.id FROM images i ORDER BY i.id DESC LIMIT 100')).not.toMatch(/TEMP B-TREE/);
  });
});
