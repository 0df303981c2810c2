// Tokens as the COCO caption evaluation (pycocoevalcap) sees them. It runs the Stanford PTB tokenizer with
// lower-casing and then drops the tokens that are punctuation. We do not run Java here, so this is an
// approximation of that tokenizer with the same outcome on ordinary caption text:
// - lower case (the tokenizer's -lowerCase);
// - the English clitics split off as their own tokens the way PTB splits them ("dog's" → "dog 's",
//   "don't" → "do n't", "they're" → "they 're"), since those tokens are not punctuation and are kept;
// - a hyphen or full stop between letters or digits stays inside the word ("black-and-white", "3.5"), as
//   PTB keeps it;
// - every other punctuation mark or symbol separates words and is dropped, as pycocoevalcap drops
//   . , ? ! : ; - -- ... ' '' ` `` and brackets.

/** PTB's clitics, split from the word they end (checked after lower-casing). */
const CLITIC = /^(.+?)(n't|'s|'re|'ve|'ll|'d|'m)$/u;

/** Letters, digits, and inside-word joiners (hyphen, full stop, apostrophe) between them. */
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** The tokens of a caption, lower case, punctuation removed (see above for the conventions). */
export function tokenise(text: string): string[] {
  const tokens: string[] = [];
  for (const [word] of text.toLowerCase().replace(/’/gu, "'").matchAll(WORD)) {
    const clitic = CLITIC.exec(word);
    if (clitic?.[1] && clitic[2]) tokens.push(...splitApostrophes(clitic[1]), clitic[2]);
    else tokens.push(...splitApostrophes(word));
  }
  return tokens;
}

/** An apostrophe that is not a clitic's (a quote, "rock 'n' roll") is punctuation: it separates words. */
function splitApostrophes(word: string): string[] {
  return word.split("'").filter((part) => part !== '');
}
