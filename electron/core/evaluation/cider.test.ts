import { describe, expect, it } from 'vitest';
import { ciderD } from './cider.js';

const words = (text: string) => (text === '' ? [] : text.split(' '));
const item = (candidate: string, ...references: string[]) => ({
  candidate: words(candidate),
  references: references.map(words),
});

// In these sets of two images, with L = log 2: an n-gram in the references of one image weighs
// L − log 1 = L, one in both images' references L − log 2 = 0, one in no reference L − log max(1, 0) = L.

describe('CIDEr-D as pycocoevalcap computes it (n = 1…4, σ = 6, clipped, ×10)', () => {
  it('scores an exact two-word match 5: sizes 1 and 2 give cosine 1, sizes 3 and 4 give 0, mean 0.5, ×10', () => {
    // "a cat" / ref "a cat", "a dog" / ref "a dog": "a" weighs 0, "cat", "a cat" weigh L; cosines 1, 1, 0, 0;
    // no length difference (1 bigram each); (1 + 1 + 0 + 0)/4 = 0.5, one reference, ×10 = 5.
    const { corpus, perItem } = ciderD([item('a cat', 'a cat'), item('a dog', 'a dog')]);
    expect(perItem).toEqual([expect.closeTo(5, 12), expect.closeTo(5, 12)]);
    expect(corpus).toBeCloseTo(5, 12);
  });

  it('averages over references, with the Gaussian length penalty on a longer one', () => {
    // Image 1, "a cat" against "a cat" (sum 2 as above) and "a black cat": 1-grams {a: 0, black: L, cat: L},
    // norm L√2; the candidate's {a: 0, cat: L}, norm L: cosine L·L / (L · L√2) = 1/√2. "a cat" is not
    // among the reference's bigrams: 0. Lengths 1 and 2 bigrams: δ = 1, penalty exp(−1/72).
    // (2 + exp(−1/72)/√2) / 4 / 2 references × 10 ≈ 3.3717. Image 2 as above: 5. Set: ≈ 4.1858.
    const first = ((2 + Math.exp(-1 / 72) / Math.SQRT2) / 4 / 2) * 10;
    const { corpus, perItem } = ciderD([item('a cat', 'a cat', 'a black cat'), item('a dog', 'a dog')]);
    expect(perItem[0]).toBeCloseTo(first, 12);
    expect(perItem[0]).toBeCloseTo(3.37169, 5);
    expect(corpus).toBeCloseTo((first + 5) / 2, 12);
  });

  it('clips a repeated n-gram to the reference weight', () => {
    // "cat cat" vs "a cat": the candidate's "cat" weighs 2L (tf 2), norm 2L; the reference's "cat" L, norm L.
    // Clipped: min(2L, L)·L / (2L · L) = 0.5 (unclipped it would be 2L·L / 2L² = 1). "cat cat" is not a
    // reference bigram: 0. One bigram each: no penalty. 0.5 / 4 × 10 = 1.25.
    const { perItem } = ciderD([item('cat cat', 'a cat'), item('a dog', 'a dog')]);
    expect(perItem[0]).toBeCloseTo(1.25, 12);
  });

  it('scores an empty candidate 0, and a set of one image 0 (every reference n-gram weighs log 1 − log 1)', () => {
    expect(ciderD([item('', 'a cat'), item('a dog', 'a dog')]).perItem[0]).toBe(0);
    expect(ciderD([item('a cat', 'a cat')]).corpus).toBe(0);
  });
});
