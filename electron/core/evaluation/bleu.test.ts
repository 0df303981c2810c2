import { describe, expect, it } from 'vitest';
import { bleu, closestLength } from './bleu.js';

const words = (text: string) => (text === '' ? [] : text.split(' '));
const item = (candidate: string, ...references: string[]) => ({
  candidate: words(candidate),
  references: references.map(words),
});

describe('BLEU as pycocoevalcap computes it ("closest" reference length)', () => {
  // candidate "the cat sat on the mat" (6 tokens); references "the cat is on the mat" (6),
  // "there is a cat on the mat" (7). Most a reference holds: the 2, cat, is, on, mat, there, a 1.
  // 1-grams: the min(2,2)=2 + cat 1 + sat 0 + on 1 + mat 1 = 5 of 6.
  // 2-grams: the cat, on the, the mat match; cat sat, sat on do not: 3 of 5.
  // 3-grams: only "on the mat": 1 of 4. 4-grams: none of 3 → (0 + 1e-15) / (3 + 1e-9).
  // Closest reference length 6 = the candidate's; ratio (6 + 1e-15) / (6 + 1e-9) is a hair under 1, so a
  // penalty of exp(1 − 1/ratio) ≈ 1 − 1.7e-10 applies, below the 9 digits checked.
  const catOnMat = item('the cat sat on the mat', 'the cat is on the mat', 'there is a cat on the mat');

  it('scores the worked example: 5/6, √(5/6·3/5), ∛(5/6·3/5·1/4) = 0.5, and a tiny BLEU-4 from the epsilons', () => {
    const [b1, b2, b3, b4] = bleu([catOnMat]).corpus;
    expect(b1).toBeCloseTo(5 / 6, 9);
    expect(b2).toBeCloseTo(Math.sqrt(0.5), 9);
    expect(b3).toBeCloseTo(0.5, 9);
    // (5/6 · 3/5 · 1/4 · 1e-15/3)^(1/4) = (4.17e-17)^(1/4) ≈ 8.03e-5, not 0.
    expect(b4).toBeCloseTo((0.125 * (1e-15 / 3)) ** 0.25, 12);
    expect(b4).toBeGreaterThan(8e-5);
  });

  it('clips a repeated n-gram to the most any one reference holds', () => {
    // "the the the the" vs "the cat on the mat": "the" counts min(4, 2) = 2 of 4 = 0.5; the length 4 < 5
    // gives the penalty exp(1 − 5/4) = exp(−0.25) ≈ 0.7788, so BLEU-1 = 0.5 · 0.7788 ≈ 0.3894.
    const [b1] = bleu([item('the the the the', 'the cat on the mat')]).corpus;
    expect(b1).toBeCloseTo(0.5 * Math.exp(-0.25), 9);
  });

  it('penalises a candidate shorter than every reference with the closest length', () => {
    // "the cat" (2) vs "the cat sat down" (4) and "a cat sat on the mat" (6): closest length 4, ratio 0.5,
    // penalty exp(1 − 2) = e⁻¹. 1-grams 2/2, 2-grams 1/1; no 3- or 4-grams: (0 + 1e-15)/(0 + 1e-9) = 1e-6.
    const [b1, b2, b3, b4] = bleu([item('the cat', 'the cat sat down', 'a cat sat on the mat')]).corpus;
    expect(b1).toBeCloseTo(Math.exp(-1), 9);
    expect(b2).toBeCloseTo(Math.exp(-1), 9);
    expect(b3).toBeCloseTo(Math.cbrt(1e-6) * Math.exp(-1), 9); // 0.01 · e⁻¹
    expect(b4).toBeCloseTo((1e-6 * 1e-6) ** 0.25 * Math.exp(-1), 9); // 0.001 · e⁻¹
  });

  it('takes the shorter reference length when two are equally close', () => {
    expect(closestLength([4, 2], 3)).toBe(2);
    expect(closestLength([2, 4], 3)).toBe(2);
    expect(closestLength([9, 5, 7], 6)).toBe(5);
    // "a b c" (3) vs "a b" (2) and "a b c d" (4): length 2 is taken, 3 ≥ 2, so no penalty; "c" is in the
    // second reference, so all 3 unigrams match: BLEU-1 = 3/3 = 1 (with length 4 it would be e^(1−4/3) ≈ 0.72).
    expect(bleu([item('a b c', 'a b', 'a b c d')]).corpus[0]).toBeCloseTo(1, 9);
  });

  it('scores an empty candidate 0 (its length ratio makes the penalty exp(1 − 1/5e-16) = 0)', () => {
    expect(bleu([item('', 'a dog')]).corpus).toEqual([0, 0, 0, 0]);
    expect(bleu([item('', 'a dog')]).perItem).toEqual([[0, 0, 0, 0]]);
  });

  it('sums counts and lengths over the set rather than averaging each item', () => {
    // catOnMat + "the cat" item: matches [5+2, 3+1, 1+0, 0+0] = [7, 4, 1, 0] of [6+2, 5+1, 4+0, 3+0] =
    // [8, 6, 4, 3]; lengths 6 + 2 = 8 against 6 + 4 = 10: penalty exp(1 − 10/8) = exp(−0.25).
    const short = item('the cat', 'the cat sat down', 'a cat sat on the mat');
    const { corpus, perItem } = bleu([catOnMat, short]);
    const penalty = Math.exp(-0.25);
    expect(corpus[0]).toBeCloseTo((7 / 8) * penalty, 9); // ≈ 0.6815
    expect(corpus[1]).toBeCloseTo(Math.sqrt((7 / 8) * (4 / 6)) * penalty, 9); // ≈ 0.5948
    expect(corpus[2]).toBeCloseTo(Math.cbrt((7 / 8) * (4 / 6) * (1 / 4)) * penalty, 9); // ≈ 0.4099
    // Each item alone keeps its own numbers (the mean of BLEU-1 would be (5/6 + e⁻¹)/2 ≈ 0.6006, not 0.6815).
    expect(perItem[0]?.[0]).toBeCloseTo(5 / 6, 9);
    expect(perItem[1]?.[0]).toBeCloseTo(Math.exp(-1), 9);
  });
});
