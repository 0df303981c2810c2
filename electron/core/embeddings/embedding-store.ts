// The embeddings table (migration 13) and, per model, its vectors in memory for search: loaded from SQLite the
// first time a model is searched, kept up to date by every save through this store.
import { sep } from 'node:path';
import type { Db } from '../db/open.js';
import { VectorIndex, type ScoredId } from './vector-index.js';

/** A photo to embed: its id, its file and the content hash its embedding is made for. */
export interface EmbeddingTarget {
  readonly id: number;
  readonly path: string;
  readonly contentHash: string;
}

/** What embedding one photo gave: a vector of length 1, or why there is none. */
export type EmbeddingOutcome = { readonly vector: Float32Array } | { readonly error: string };

interface VectorRow {
  image_id: number;
  dims: number;
  vector: Buffer;
}

const toBlob = (vector: Float32Array): Buffer =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

/** The float32 values of a stored vector (copied: a Buffer from SQLite may not be 4-byte aligned). */
function fromBlob(blob: Buffer): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

export class EmbeddingStore {
  private readonly statements;
  private readonly indexes = new Map<string, VectorIndex | null>();

  constructor(db: Db) {
    // A photo needs an embedding when it has none for the model, a failed one, or one of other content.
    const needing = `SELECT i.id, i.path, i.content_hash AS contentHash FROM images i
      LEFT JOIN embeddings e ON e.image_id = i.id AND e.model = ?
      WHERE i.missing_since IS NULL AND (e.image_id IS NULL OR e.vector IS NULL OR e.content_hash <> i.content_hash)`;
    this.statements = {
      needing: db.prepare<[string], EmbeddingTarget>(`${needing} ORDER BY i.id`),
      needingUnder: db.prepare<[string, number, string], EmbeddingTarget>(
        `${needing} AND substr(i.path, 1, ?) = ? ORDER BY i.id`,
      ),
      upsert: db.prepare<[number, string, number, Buffer | null, string | null, string, number]>(
        `INSERT INTO embeddings (image_id, model, dims, vector, error, content_hash, embedded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (image_id, model) DO UPDATE SET dims = excluded.dims, vector = excluded.vector,
           error = excluded.error, content_hash = excluded.content_hash, embedded_at = excluded.embedded_at`,
      ),
      dimsOf: db.prepare<[string], { dims: number }>(
        'SELECT dims FROM embeddings WHERE model = ? AND vector IS NOT NULL GROUP BY dims ORDER BY COUNT(*) DESC LIMIT 1',
      ),
      vectors: db.prepare<[string, number], VectorRow>(
        'SELECT image_id, dims, vector FROM embeddings WHERE model = ? AND dims = ? AND vector IS NOT NULL',
      ),
      vectorOf: db.prepare<[number, string], VectorRow>(
        'SELECT image_id, dims, vector FROM embeddings WHERE image_id = ? AND model = ? AND vector IS NOT NULL',
      ),
      imageExists: db.prepare<[number], { id: number }>('SELECT id FROM images WHERE id = ?'),
    };
  }

  /**
   * The photos (not missing) with no embedding of `model` yet, a failed one, or one made before the file
   * changed; those under `folder` only when it is given (an absolute path).
   */
  needing(model: string, folder?: string): EmbeddingTarget[] {
    if (folder === undefined) return this.statements.needing.all(model);
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return this.statements.needingUnder.all(model, prefix.length, prefix);
  }

  /** Records what embedding a photo gave, replacing what it had for `model`; a search sees it at once. */
  save(model: string, target: Pick<EmbeddingTarget, 'id' | 'contentHash'>, outcome: EmbeddingOutcome): void {
    const now = Date.now();
    if ('error' in outcome) {
      this.statements.upsert.run(target.id, model, 1, null, outcome.error, target.contentHash, now);
      this.indexes.get(model)?.delete(target.id);
      return;
    }
    const { vector } = outcome;
    this.statements.upsert.run(
      target.id,
      model,
      vector.length,
      toBlob(vector),
      null,
      target.contentHash,
      now,
    );
    if (!this.indexes.has(model)) return; // loaded from the table when first searched
    const index = this.indexes.get(model);
    if (!index) this.indexes.set(model, this.newIndex(vector.length, [[target.id, vector]]));
    else if (index.dims === vector.length) index.set(target.id, vector);
    else this.indexes.delete(model); // the model's vectors changed length: load again when next searched
  }

  /** The stored vector of a photo for `model`, or undefined where it has none. */
  vectorOf(model: string, imageId: number): Float32Array | undefined {
    const row = this.statements.vectorOf.get(imageId, model);
    return row ? fromBlob(row.vector) : undefined;
  }

  /**
   * The `k` photos whose vectors for `model` are closest to `query`, best first, less `exclude`; photos removed
   * from the library since the vectors were loaded are left out (and dropped from memory).
   */
  search(model: string, query: Float32Array, k: number, exclude?: ReadonlySet<number>): ScoredId[] {
    const index = this.index(model);
    if (!index || k <= 0) return [];
    const found: ScoredId[] = [];
    const skip = new Set(exclude);
    // A removed photo's row went with it (ON DELETE CASCADE); ask again for as many as were gone.
    for (;;) {
      const hits = index.search(query, k - found.length, skip);
      for (const hit of hits) {
        skip.add(hit.id);
        if (this.statements.imageExists.get(hit.id)) found.push(hit);
        else index.delete(hit.id);
      }
      if (found.length >= k || hits.length === 0) return found;
    }
  }

  /** The number of vectors `model` has in memory (loading them if need be). */
  size(model: string): number {
    return this.index(model)?.size ?? 0;
  }

  private index(model: string): VectorIndex | null {
    if (this.indexes.has(model)) return this.indexes.get(model) ?? null;
    const dims = this.statements.dimsOf.get(model)?.dims;
    const index =
      dims === undefined
        ? null
        : this.newIndex(
            dims,
            this.statements.vectors
              .all(model, dims)
              .map((row) => [row.image_id, fromBlob(row.vector)] as const),
          );
    this.indexes.set(model, index);
    return index;
  }

  private newIndex(dims: number, entries: readonly (readonly [number, Float32Array])[]): VectorIndex {
    const index = new VectorIndex(dims, entries.length + 1024);
    for (const [id, vector] of entries) index.set(id, vector);
    return index;
  }
}
