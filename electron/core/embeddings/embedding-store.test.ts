import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../db/open.js';
import { Library } from '../library/library.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { EmbeddingStore } from './embedding-store.js';

const MODEL = 'tiny-clip';
const v = (...values: number[]) => Float32Array.from(values);

let photos: string;
let dataDir: string;
let library: Library;
let ids: Record<string, number>;

beforeEach(async () => {
  photos = tempDir('embed-store-photos');
  mkdirSync(join(photos, 'beach'));
  await writeImage(join(photos, 'red.jpg'), { color: '#e01010' });
  await writeImage(join(photos, 'green.jpg'), { color: '#10c020' });
  await writeImage(join(photos, 'beach', 'blue.jpg'), { color: '#1020d0' });
  dataDir = tempDir('embed-store-data');
  library = Library.open(dataDir);
  await library.addFolder(photos);
  ids = Object.fromEntries([...library.eachImage()].map((image) => [image.fileName, image.id]));
});

afterEach(() => library.close());

const idOf = (name: string) => ids[name] ?? -1;
const target = (name: string) => {
  const found = library.embeddings.needing(MODEL).find((t) => t.id === idOf(name));
  if (!found) throw new Error(`${name} needs no embedding`);
  return found;
};

describe('EmbeddingStore (real SQLite, real photos)', () => {
  it('lists the photos that need an embedding, under a folder when asked, until each has one', () => {
    const store = library.embeddings;
    expect(store.needing(MODEL).map((t) => t.path)).toEqual(
      [...library.eachImage()].sort((a, b) => a.id - b.id).map((image) => image.path),
    );
    expect(store.needing(MODEL, join(photos, 'beach')).map((t) => t.id)).toEqual([idOf('blue.jpg')]);
    // A sibling folder whose name starts the same is not under it.
    expect(store.needing(MODEL, join(photos, 'bea'))).toEqual([]);
    store.save(MODEL, target('red.jpg'), { vector: v(1, 0, 0) });
    store.save(MODEL, target('green.jpg'), { error: 'The image data is damaged.' });
    // A failed photo is tried again; another model needs them all.
    expect(store.needing(MODEL).map((t) => t.id)).toEqual(
      [idOf('green.jpg'), idOf('blue.jpg')].sort((a, b) => a - b),
    );
    expect(store.needing('other-model')).toHaveLength(3);
    expect(Array.from(store.vectorOf(MODEL, idOf('red.jpg')) ?? [])).toEqual([1, 0, 0]);
    expect(store.vectorOf(MODEL, idOf('green.jpg'))).toBeUndefined();
  });

  it('searches the stored vectors best first, loaded lazily from SQLite by another store', () => {
    library.embeddings.save(MODEL, target('red.jpg'), { vector: v(1, 0, 0) });
    library.embeddings.save(MODEL, target('green.jpg'), { vector: v(0, 1, 0) });
    library.embeddings.save(MODEL, target('blue.jpg'), { vector: v(0, 0, 1) });
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const fresh = new EmbeddingStore(db);
      expect(fresh.search(MODEL, v(0.1, 0.2, 0.97), 2).map((hit) => hit.id)).toEqual([
        idOf('blue.jpg'),
        idOf('green.jpg'),
      ]);
      expect(fresh.search(MODEL, v(1, 0, 0), 5, new Set([idOf('red.jpg')]))).toHaveLength(2);
      expect(fresh.search('no-such-model', v(1, 0, 0), 5)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('updates a loaded index on every save: a new vector, a replaced one, one that failed', () => {
    const store = library.embeddings;
    store.save(MODEL, target('red.jpg'), { vector: v(1, 0, 0) });
    expect(store.size(MODEL)).toBe(1);
    store.save(MODEL, target('green.jpg'), { vector: v(0, 1, 0) });
    expect(store.search(MODEL, v(0, 1, 0), 1)).toEqual([{ id: idOf('green.jpg'), score: 1 }]);
    store.save(MODEL, { id: idOf('green.jpg'), contentHash: 'x' }, { vector: v(0, 0, -1) });
    expect(store.search(MODEL, v(0, 0, -1), 1)).toEqual([{ id: idOf('green.jpg'), score: 1 }]);
    store.save(MODEL, { id: idOf('red.jpg'), contentHash: 'x' }, { error: 'gone' });
    expect(store.search(MODEL, v(1, 0, 0), 5).map((hit) => hit.id)).toEqual([idOf('green.jpg')]);
  });

  it('takes a photo whose file changed as needing a new embedding, and searches its old one until then', async () => {
    const store = library.embeddings;
    for (const name of ['red.jpg', 'green.jpg', 'blue.jpg'])
      store.save(MODEL, target(name), { vector: v(1, 0, 0) });
    expect(store.needing(MODEL)).toEqual([]);
    await writeImage(join(photos, 'green.jpg'), { color: '#20f040', width: 90 });
    await library.rescanFolder(photos);
    expect(store.needing(MODEL).map((t) => t.id)).toEqual([idOf('green.jpg')]);
    expect(store.search(MODEL, v(1, 0, 0), 5)).toHaveLength(3);
  });

  it('drops the embedding of a photo removed from the library, and never returns it from a loaded index', async () => {
    const store = library.embeddings;
    store.save(MODEL, target('red.jpg'), { vector: v(1, 0, 0) });
    store.save(MODEL, target('green.jpg'), { vector: v(0.9, 0.1, 0) });
    store.save(MODEL, target('blue.jpg'), { vector: v(0, 0, 1) });
    expect(store.size(MODEL)).toBe(3);
    rmSync(join(photos, 'red.jpg'));
    await library.rescanFolder(photos);
    // A missing photo needs no embedding; its vector stays until it is removed.
    expect(store.needing(MODEL)).toEqual([]);
    expect(library.removeMissing({ imageIds: [idOf('red.jpg')] })).toEqual({ removed: 1 });
    expect(store.vectorOf(MODEL, idOf('red.jpg'))).toBeUndefined();
    expect(store.search(MODEL, v(1, 0, 0), 2).map((hit) => hit.id)).toEqual([
      idOf('green.jpg'),
      idOf('blue.jpg'),
    ]);
    expect(store.size(MODEL)).toBe(2);
  });
});
