// CIDEr-D as pycocoevalcap's cider_scorer computes it (its "Cider" is the CIDEr-D variant): n = 1 … 4,
// σ = 6, clipped n-gram weights, a Gaussian length penalty, ×10.
// - idf comes from the references of the set being evaluated: an n-gram's document frequency is the number of
//   images whose references hold it, and its weight log(images) − log(max(1, frequency)). A set of one image
//   therefore scores 0 (every reference n-gram then weighs log 1 − log 1 = 0), as in that code.
// - Per n-gram size, the candidate's and each reference's tf-idf vectors are compared by cosine, with each
//   candidate weight clipped to the reference's (min(candidate, reference) × reference); a size at which
//   either vector is all zero adds 0.
// - The length penalty is exp(−δ² / 2σ²), where δ is the difference of the two texts' lengths as that code
//   counts them: the number of bigrams (tokens − 1 for a text of two tokens or more, else 0), kept here.
// - An image's score: the mean over the four sizes, summed over references and divided by their number,
//   ×10. The set's score is the mean over its images (e.g. 1.40 where papers print 140.0).

import { countNgrams, ngramSize, type NgramCounts } from './ngrams.js';

const ORDER = 4;
const SIGMA = 6;

interface Vector {
  /** Per n-gram size, n-gram → tf × idf. */
  readonly weights: readonly Map<string, number>[];
  readonly norms: readonly number[];
  /** What the length penalty compares: the bigram count (see above). */
  readonly length: number;
}

export interface CiderItem {
  readonly candidate: readonly string[];
  readonly references: readonly (readonly string[])[];
}

export interface CiderResult {
  readonly corpus: number;
  readonly perItem: readonly number[];
}

/** CIDEr-D of each item and of the set; idf from the references of `items` only. */
export function ciderD(items: readonly CiderItem[]): CiderResult {
  const referenceCounts = items.map((item) => item.references.map((ref) => countNgrams(ref, ORDER)));
  const frequency = new Map<string, number>();
  for (const counts of referenceCounts) {
    const grams = new Set(counts.flatMap((each) => [...each.keys()]));
    for (const gram of grams) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
  }
  const logImages = Math.log(items.length);
  const vectorOf = (counts: NgramCounts): Vector => {
    const weights = Array.from({ length: ORDER }, () => new Map<string, number>());
    const squares = new Array<number>(ORDER).fill(0);
    let length = 0;
    for (const [gram, count] of counts) {
      const size = ngramSize(gram);
      const weight = count * (logImages - Math.log(Math.max(1, frequency.get(gram) ?? 0)));
      weights[size - 1]?.set(gram, weight);
      squares[size - 1] = (squares[size - 1] ?? 0) + weight ** 2;
      if (size === 2) length += count;
    }
    return { weights, norms: squares.map(Math.sqrt), length };
  };

  const perItem = items.map((item, index) => {
    const candidate = vectorOf(countNgrams(item.candidate, ORDER));
    let total = 0;
    for (const counts of referenceCounts[index] ?? []) {
      const reference = vectorOf(counts);
      const penalty = Math.exp(-((candidate.length - reference.length) ** 2) / (2 * SIGMA ** 2));
      for (let k = 0; k < ORDER; k += 1) total += similarity(candidate, reference, k) * penalty;
    }
    return (total / ORDER / item.references.length) * 10;
  });
  const corpus = perItem.reduce((a, b) => a + b, 0) / perItem.length;
  return { corpus, perItem };
}

/** Clipped cosine of the size-`k` vectors; 0 where either is all zero. */
function similarity(candidate: Vector, reference: Vector, k: number): number {
  const mine = candidate.weights[k] ?? new Map<string, number>();
  const theirs = reference.weights[k] ?? new Map<string, number>();
  let dot = 0;
  for (const [gram, weight] of mine) {
    const other = theirs.get(gram) ?? 0;
    dot += Math.min(weight, other) * other;
  }
  const norms = (candidate.norms[k] ?? 0) * (reference.norms[k] ?? 0);
  return norms === 0 ? 0 : dot / norms;
}
