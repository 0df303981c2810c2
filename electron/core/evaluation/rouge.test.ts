import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL } from './rouge.js';

const words = (text: string) => (text === '' ? [] : text.split(' '));

describe('ROUGE-L as pycocoevalcap computes it (β = 1.2)', () => {
  it('finds the longest common subsequence', () => {
    expect(lcsLength(words('the cat sat on the mat'), words('the cat is on the mat'))).toBe(5);
    expect(lcsLength(words('a b c d'), words('d c b a'))).toBe(1);
    expect(lcsLength([], words('a'))).toBe(0);
  });

  it('scores the worked example: P = 2/5, R = 2/4, F = 2.44·0.4·0.5 / (0.5 + 1.44·0.4) ≈ 0.4535', () => {
    // "a dog runs on grass" (5) vs "the dog runs fast" (4): LCS "dog runs" = 2.
    const score = rougeL(words('a dog runs on grass'), [words('the dog runs fast')]);
    expect(score).toBeCloseTo((2.44 * 0.4 * 0.5) / (0.5 + 1.44 * 0.4), 12);
    expect(score).toBeCloseTo(0.453532, 6);
  });

  it('takes the best precision and the best recall from different references, as that code does', () => {
    // "a cat" vs "a big cat": LCS 2, P = 1, R = 2/3; vs "cat": LCS 1, P = 1/2, R = 1.
    // Best P = 1 (first), best R = 1 (second): F = 2.44·1·1 / (1 + 1.44) = 1, though neither reference is it.
    expect(rougeL(words('a cat'), [words('a big cat'), words('cat')])).toBeCloseTo(1, 12);
  });

  it('scores an empty candidate 0, and nothing in common 0', () => {
    expect(rougeL([], [words('a dog')])).toBe(0);
    expect(rougeL(words('a cat'), [words('the dog')])).toBe(0);
  });
});
