// BLEU-1 … 4 as pycocoevalcap's bleu_scorer computes it with its "closest" option (the one its Bleu class
// uses): clipped n-gram matches and n-gram guesses summed over the whole set, the reference length of each
// image the one closest to its candidate's length (a tie goes to the shorter), and one brevity penalty over
// the set's summed lengths. Its small constants are kept so the values match to the last digits: 1e-15 is
// added to each match count and to the candidate length, 1e-9 to each guess count and to the reference
// length (so a candidate with no n-grams of a size scores 1e-6 there, not 0/0).

import { countNgrams, ngramSize, type NgramCounts } from './ngrams.js';

const ORDER = 4;
const TINY = 1e-15;
const SMALL = 1e-9;

/** What BLEU needs of one candidate against its references. */
interface BleuCounts {
  readonly candidateLength: number;
  readonly referenceLength: number;
  /** Per n-gram size: n-grams in the candidate (its length − n + 1, at least 0). */
  readonly guess: readonly number[];
  /** Per n-gram size: candidate n-grams found, each counted at most as often as in one reference. */
  readonly correct: readonly number[];
}

/** The reference length pycocoevalcap calls "closest": the nearest to `length`, the shorter on a tie. */
export function closestLength(lengths: readonly number[], length: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const each of lengths) {
    const nearer = Math.abs(each - length) < Math.abs(best - length);
    const tie = Math.abs(each - length) === Math.abs(best - length) && each < best;
    if (nearer || tie) best = each;
  }
  return best;
}

function bleuCounts(candidate: readonly string[], references: readonly (readonly string[])[]): BleuCounts {
  // Clipping: an n-gram counts at most as often as it occurs in the reference holding it most often.
  const most: NgramCounts = new Map();
  for (const reference of references) {
    for (const [gram, count] of countNgrams(reference, ORDER))
      most.set(gram, Math.max(most.get(gram) ?? 0, count));
  }
  const correct = new Array<number>(ORDER).fill(0);
  for (const [gram, count] of countNgrams(candidate, ORDER)) {
    const size = ngramSize(gram);
    correct[size - 1] = (correct[size - 1] ?? 0) + Math.min(most.get(gram) ?? 0, count);
  }
  const guess = Array.from({ length: ORDER }, (_, k) => Math.max(0, candidate.length - k));
  const referenceLength = closestLength(
    references.map((reference) => reference.length),
    candidate.length,
  );
  return { candidateLength: candidate.length, referenceLength, guess, correct };
}

/** BLEU-1 … 4 from summed counts: geometric means of the precisions, times the brevity penalty. */
function bleuOf(counts: BleuCounts): number[] {
  const scores: number[] = [];
  let product = 1;
  for (let k = 0; k < ORDER; k += 1) {
    product *= ((counts.correct[k] ?? 0) + TINY) / ((counts.guess[k] ?? 0) + SMALL);
    scores.push(product ** (1 / (k + 1)));
  }
  const ratio = (counts.candidateLength + TINY) / (counts.referenceLength + SMALL);
  // Brevity penalty: only a candidate (or set) shorter than its references is penalised.
  const penalty = ratio < 1 ? Math.exp(1 - 1 / ratio) : 1;
  return scores.map((score) => score * penalty);
}

export interface BleuResult {
  /** BLEU-1 … 4 over the set (what papers report). */
  readonly corpus: readonly number[];
  /** BLEU-1 … 4 of each item alone, with the same constants and its own brevity penalty. */
  readonly perItem: readonly (readonly number[])[];
}

/** BLEU over a set of (candidate, references) token lists; each item needs at least one reference. */
export function bleu(
  items: readonly { candidate: readonly string[]; references: readonly (readonly string[])[] }[],
): BleuResult {
  const each = items.map(({ candidate, references }) => bleuCounts(candidate, references));
  const total: BleuCounts = {
    candidateLength: sum(each.map((c) => c.candidateLength)),
    referenceLength: sum(each.map((c) => c.referenceLength)),
    guess: Array.from({ length: ORDER }, (_, k) => sum(each.map((c) => c.guess[k] ?? 0))),
    correct: Array.from({ length: ORDER }, (_, k) => sum(each.map((c) => c.correct[k] ?? 0))),
  };
  return { corpus: bleuOf(total), perItem: each.map(bleuOf) };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
