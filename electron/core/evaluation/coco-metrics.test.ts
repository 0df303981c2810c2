import { describe, expect, it } from 'vitest';
import { scoreCaptions } from './coco-metrics.js';

describe('scoreCaptions (tokenised as pycocoevalcap, then BLEU, ROUGE-L, CIDEr-D)', () => {
  it('tokenises before scoring: case and punctuation do not count', () => {
    // "A cat." / "a cat" and "A dog!" / "a dog" are exact matches once tokenised: BLEU-1 and BLEU-2 are
    // 4/4 and (4/4 · 2/2)^½ = 1 but for the epsilons: (4 + 1e-15)/(4 + 1e-9) and the penalty of the length
    // ratio of the same value each take ~2.5e-10 off, so 8 digits are checked. ROUGE-L 1, CIDEr-D 5 (as in
    // cider.test.ts: sizes 1 and 2 match, 3 and 4 are absent).
    const { metrics, perItem } = scoreCaptions([
      { candidate: 'A cat.', references: ['a cat'] },
      { candidate: 'A dog!', references: ['a dog'] },
    ]);
    expect(metrics.bleu1).toBeCloseTo(1, 8);
    expect(metrics.bleu2).toBeCloseTo(1, 8);
    expect(metrics.rougeL).toBeCloseTo(1, 12);
    expect(metrics.cider).toBeCloseTo(5, 12);
    expect(perItem).toHaveLength(2);
    expect(perItem[1]?.cider).toBeCloseTo(5, 12);
  });

  it('refuses an empty set and an item without references', () => {
    expect(() => scoreCaptions([])).toThrow(/nothing to score/);
    expect(() => scoreCaptions([{ candidate: 'a', references: [] }])).toThrow(/at least one reference/);
  });
});
