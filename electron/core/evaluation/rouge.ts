// ROUGE-L as pycocoevalcap's rouge.py computes it: per image, the longest common subsequence (LCS) of the
// candidate with each reference gives a precision (LCS / candidate length) and a recall (LCS / reference
// length); the best precision and the best recall over the references (each from whichever reference gives
// it) make an F-measure with β = 1.2, and the set's score is the mean over its images.
// Its convention for an empty text is kept: it splits on single spaces, so an empty caption is one empty
// token (length 1), which matches nothing but another empty caption.

const BETA = 1.2;

/** Length of the longest common subsequence of two token lists (dynamic programming, one row at a time). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const token of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = token === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, row[j - 1] ?? 0);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** pycocoevalcap's tokens of an already tokenised caption: `"".split(" ")` is `[""]`. */
function spaceSplit(tokens: readonly string[]): readonly string[] {
  return tokens.length === 0 ? [''] : tokens;
}

/** ROUGE-L of one candidate against its references (at least one). */
export function rougeL(candidate: readonly string[], references: readonly (readonly string[])[]): number {
  const said = spaceSplit(candidate);
  let precision = 0;
  let recall = 0;
  for (const reference of references) {
    const ref = spaceSplit(reference);
    const common = lcsLength(ref, said);
    precision = Math.max(precision, common / said.length);
    recall = Math.max(recall, common / ref.length);
  }
  if (precision === 0 || recall === 0) return 0;
  return ((1 + BETA ** 2) * precision * recall) / (recall + BETA ** 2 * precision);
}
