// The byte-level BPE vocabulary the tiny test models share (GPT-2 / BART style): every byte has a symbol, so
// any prompt encodes, and merges spell the answer words.

/** GPT-2's byte-to-symbol table: printable bytes stand for themselves, the others get symbols from U+0100. */
export function byteSymbols(): string[] {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  let next = 256;
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(printable(b) ? b : next++));
}

/**
 * Adds each word's tokens and the merges that spell it, left to right only (each merge extends the word's own
 * prefix), so that no merge for one word can make another word's token unreachable. Returns the merges.
 */
export function spellWords(words: readonly string[], vocab: Map<string, number>): [string, string][] {
  const merges: [string, string][] = [];
  for (const word of words) {
    for (let end = 2; end <= word.length; end++) {
      const merged = word.slice(0, end);
      if (vocab.has(merged)) continue;
      merges.push([word.slice(0, end - 1), word.slice(end - 1, end)]);
      vocab.set(merged, vocab.size);
    }
  }
  return merges;
}
