// n-gram counts of a token list, as BLEU and CIDEr-D count them (n = 1 … 4 by default).

/** n-gram → how often it occurs; an n-gram is its tokens joined by a space (tokens hold no spaces). */
export type NgramCounts = Map<string, number>;

/** Every n-gram of 1 … `n` tokens in `tokens`, with its count. */
export function countNgrams(tokens: readonly string[], n = 4): NgramCounts {
  const counts: NgramCounts = new Map();
  for (let size = 1; size <= n; size += 1) {
    for (let start = 0; start + size <= tokens.length; start += 1) {
      const gram = tokens.slice(start, start + size).join(' ');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return counts;
}

/** How many tokens an n-gram key holds. */
export function ngramSize(gram: string): number {
  let size = 1;
  for (const char of gram) if (char === ' ') size += 1;
  return size;
}
