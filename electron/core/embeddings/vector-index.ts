// An in-memory index of vectors of one length, for search by meaning (issue 14): one Float32Array matrix, a
// row per photo; a search is one dot product per row (the vectors are of length 1, so it is their cosine)
// and keeps the best k as it goes.

/** A photo and how close it is to what was searched for (the cosine: 1 the same, 0 unrelated). */
export interface ScoredId {
  readonly id: number;
  readonly score: number;
}

/** Every index is in range here (rows of `q.length` values from `offset`): read without the undefined check. */
const at = (values: Float32Array, i: number) => values[i] as number;

/**
 * The dot product of `q` with the row of `matrix` at `offset`: four sums side by side (about a third faster
 * than one, over 100,000 rows of 512), then the values left over.
 */
function dot(q: Float32Array, matrix: Float32Array, offset: number): number {
  const dims = q.length;
  const whole = dims - (dims % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < whole; i += 4) {
    const j = offset + i;
    s0 += at(q, i) * at(matrix, j);
    s1 += at(q, i + 1) * at(matrix, j + 1);
    s2 += at(q, i + 2) * at(matrix, j + 2);
    s3 += at(q, i + 3) * at(matrix, j + 3);
  }
  for (let i = whole; i < dims; i += 1) s0 += at(q, i) * at(matrix, offset + i);
  return s0 + s1 + s2 + s3;
}

export class VectorIndex {
  private matrix: Float32Array;
  private ids: number[] = [];
  private readonly rows = new Map<number, number>();

  constructor(
    readonly dims: number,
    capacity = 1024,
  ) {
    if (!Number.isInteger(dims) || dims <= 0)
      throw new RangeError(`A vector has at least one value, not ${dims}.`);
    this.matrix = new Float32Array(dims * Math.max(1, capacity));
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.rows.has(id);
  }

  /** Adds the vector of `id`, or replaces the one it had. */
  set(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dims) {
      throw new RangeError(
        `Photo ${id}'s vector has ${vector.length} values; this index holds ${this.dims}.`,
      );
    }
    let row = this.rows.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dims > this.matrix.length) this.grow();
      this.ids.push(id);
      this.rows.set(id, row);
    }
    this.matrix.set(vector, row * this.dims);
  }

  /** The vector of `id` (a copy), or undefined where it has none. */
  get(id: number): Float32Array | undefined {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    return this.matrix.slice(row * this.dims, (row + 1) * this.dims);
  }

  /** Removes the vector of `id` (the last row moves into its place). */
  delete(id: number): boolean {
    const row = this.rows.get(id);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    const lastId = this.ids[last];
    if (row !== last && lastId !== undefined) {
      this.matrix.copyWithin(row * this.dims, last * this.dims, (last + 1) * this.dims);
      this.ids[row] = lastId;
      this.rows.set(lastId, row);
    }
    this.ids.pop();
    this.rows.delete(id);
    return true;
  }

  /** The `k` ids whose vectors are closest to `query`, best first (ties: the one added first), less `exclude`. */
  search(query: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): ScoredId[] {
    if (query.length !== this.dims) {
      throw new RangeError(`The query has ${query.length} values; this index holds ${this.dims}.`);
    }
    const { dims, matrix, ids } = this;
    const q = Float32Array.from(query);
    // The best so far, best first; `scores` and `best` grow to k.
    const scores: number[] = [];
    const best: number[] = [];
    for (let row = 0; row < ids.length; row += 1) {
      const score = dot(q, matrix, row * dims);
      if (scores.length >= k && score <= (scores[scores.length - 1] ?? -Infinity)) continue;
      const id = ids[row] ?? -1;
      if (exclude?.has(id)) continue;
      let at = scores.length;
      while (at > 0 && (scores[at - 1] ?? -Infinity) < score) at -= 1;
      scores.splice(at, 0, score);
      best.splice(at, 0, id);
      if (scores.length > k) {
        scores.pop();
        best.pop();
      }
    }
    return best.map((id, i) => ({ id, score: scores[i] ?? 0 }));
  }

  private grow(): void {
    const bigger = new Float32Array(this.matrix.length * 2);
    bigger.set(this.matrix);
    this.matrix = bigger;
  }
}
