// The COCO caption metrics of a set of captions: each text tokenised as pycocoevalcap tokenises it, then
// BLEU-1 … 4 (over the set), ROUGE-L and CIDEr-D (means over the images), on that code's scale.

import { bleu } from './bleu.js';
import { ciderD } from './cider.js';
import { rougeL } from './rouge.js';
import { tokenise } from './tokenise.js';

export interface CaptionScores {
  readonly bleu1: number;
  readonly bleu2: number;
  readonly bleu3: number;
  readonly bleu4: number;
  readonly rougeL: number;
  readonly cider: number;
}

export interface ScoredSet {
  /** The set's scores (as papers report them). */
  readonly metrics: CaptionScores;
  /** Each item's own scores, in the order given. */
  readonly perItem: readonly CaptionScores[];
}

/** Scores candidates against their references; every item needs at least one reference, and there is one item. */
export function scoreCaptions(
  items: readonly { candidate: string; references: readonly string[] }[],
): ScoredSet {
  if (items.length === 0) throw new Error('There is nothing to score.');
  const tokenised = items.map(({ candidate, references }) => {
    if (references.length === 0) throw new Error('Each caption needs at least one reference.');
    return { candidate: tokenise(candidate), references: references.map(tokenise) };
  });
  const bleus = bleu(tokenised);
  const ciders = ciderD(tokenised);
  const rouges = tokenised.map(({ candidate, references }) => rougeL(candidate, references));
  const scores = (b: readonly number[], rouge: number, cider: number): CaptionScores => ({
    bleu1: b[0] ?? 0,
    bleu2: b[1] ?? 0,
    bleu3: b[2] ?? 0,
    bleu4: b[3] ?? 0,
    rougeL: rouge,
    cider,
  });
  return {
    metrics: scores(bleus.corpus, mean(rouges), ciders.corpus),
    perItem: tokenised.map((_, i) => scores(bleus.perItem[i] ?? [], rouges[i] ?? 0, ciders.perItem[i] ?? 0)),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
