import { describe, expect, it } from 'vitest';
import { tokenise } from './tokenise.js';

describe('tokenise (pycocoevalcap PTB tokens, lower case, punctuation removed)', () => {
  it('lower-cases and drops full stops, commas and other punctuation', () => {
    expect(tokenise('A Dog, on the GRASS. Running!')).toEqual(['a', 'dog', 'on', 'the', 'grass', 'running']);
  });

  it("splits clitics off as PTB does ('s, n't, 're) and keeps them as tokens", () => {
    expect(tokenise("The dog's toy; they don't mind, they're happy")).toEqual([
      'the',
      'dog',
      "'s",
      'toy',
      'they',
      'do',
      "n't",
      'mind',
      'they',
      "'re",
      'happy',
    ]);
    expect(tokenise('the dog’s toy')).toEqual(['the', 'dog', "'s", 'toy']);
  });

  it('keeps hyphens and full stops inside words and numbers, drops quotes, brackets and dashes', () => {
    expect(tokenise('A black-and-white photo of 3.5 cats... "here" (left) -- ok')).toEqual([
      'a',
      'black-and-white',
      'photo',
      'of',
      '3.5',
      'cats',
      'here',
      'left',
      'ok',
    ]);
    expect(tokenise("'quoted'")).toEqual(['quoted']);
  });

  it('gives no tokens for empty or punctuation-only text', () => {
    expect(tokenise('')).toEqual([]);
    expect(tokenise(' ... !? -- ')).toEqual([]);
  });

  it('keeps letters of other scripts', () => {
    expect(tokenise('Ein Hund läuft über Gras.')).toEqual(['ein', 'hund', 'läuft', 'über', 'gras']);
  });
});
