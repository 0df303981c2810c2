import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VectorIndex } from './vector-index.js';

describe('VectorIndex', () => {
  it('finds the closest vectors best first, leaves out the excluded ones, and holds any number of rows', () => {
    const index = new VectorIndex(2, 1);
    index.set(1, [1, 0]);
    index.set(2, [0, 1]);
    index.set(3, [Math.SQRT1_2, Math.SQRT1_2]);
    expect(index.size).toBe(3);
    expect(index.search([1, 0], 2)).toEqual([
      { id: 1, score: 1 },
      { id: 3, score: expect.closeTo(Math.SQRT1_2, 6) as unknown },
    ]);
    expect(index.search([1, 0], 5, new Set([1])).map((hit) => hit.id)).toEqual([3, 2]);
    expect(index.search([1, 0], 0)).toEqual([]);
  });

  it('replaces a vector set again and moves the last row into a deleted one', () => {
    const index = new VectorIndex(2);
    index.set(1, [1, 0]);
    index.set(2, [0, 1]);
    index.set(3, [-1, 0]);
    index.set(1, [0, -1]);
    expect(index.size).toBe(3);
    expect(index.delete(2)).toBe(true);
    expect(index.delete(2)).toBe(false);
    expect(index.has(2)).toBe(false);
    expect(Array.from(index.get(3) ?? [])).toEqual([-1, 0]);
    expect(index.search([0, -1], 1)).toEqual([{ id: 1, score: 1 }]);
    expect(index.search([1, 0], 3).map((hit) => hit.id)).toEqual([1, 3]);
  });

  it('refuses vectors and queries of another length', () => {
    const index = new VectorIndex(3);
    expect(() => index.set(1, [1, 0])).toThrow(/Photo 1's vector has 2 values; this index holds 3/);
    expect(() => index.search([1, 0], 1)).toThrow(/The query has 2 values/);
    expect(() => new VectorIndex(0)).toThrow(RangeError);
  });

  it('agrees with sorting every dot product, for any length, after any sets and deletes', () => {
    const scenario = fc.integer({ min: 1, max: 11 }).chain((dims) => {
      const vector = fc.array(fc.float({ min: -1, max: 1, noNaN: true }), {
        minLength: dims,
        maxLength: dims,
      });
      const step = fc.oneof(
        fc.record({ set: fc.integer({ min: 0, max: 30 }), vector }),
        fc.record({ remove: fc.integer({ min: 0, max: 30 }) }),
      );
      return fc.record({
        dims: fc.constant(dims),
        steps: fc.array(step, { maxLength: 80 }),
        query: vector,
        k: fc.integer({ min: 1, max: 40 }),
      });
    });
    fc.assert(
      fc.property(scenario, ({ dims, steps, query, k }) => {
        const index = new VectorIndex(dims, 2);
        const expected = new Map<number, number[]>();
        for (const s of steps) {
          if ('set' in s) {
            index.set(s.set, s.vector);
            expected.set(s.set, s.vector);
          } else {
            index.delete(s.remove);
            expected.delete(s.remove);
          }
        }
        const q = Float32Array.from(query);
        const dot = (v: number[]) => Float32Array.from(v).reduce((sum, x, i) => sum + x * (q[i] ?? 0), 0);
        const scores = [...expected].map(([, w]) => dot(w)).sort((a, b) => b - a);
        const found = index.search(query, k);
        expect(index.size).toBe(expected.size);
        // The index adds its sums in another order: equal but for rounding.
        expect(found).toHaveLength(Math.min(k, scores.length));
        found.forEach((hit, i) => {
          expect(hit.score).toBeCloseTo(scores[i] ?? NaN, 5);
          expect(hit.score).toBeCloseTo(dot(expected.get(hit.id) ?? []), 5);
          if (i > 0) expect(hit.score).toBeLessThanOrEqual(found[i - 1]?.score ?? NaN);
        });
      }),
    );
  });
});
