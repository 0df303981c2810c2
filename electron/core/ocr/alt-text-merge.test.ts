import { describe, expect, it } from 'vitest';
import { ALT_TEXT_MAX_LENGTH, ALT_TEXT_TARGET_LENGTH, mergeTextIntoAltText } from './alt-text-merge.js';

const len = (text: string): number => Array.from(text).length;

describe('mergeTextIntoAltText', () => {
  it('quotes the text after the caption in one sentence', () => {
    expect(mergeTextIntoAltText('a red sign on a wall', 'EXIT ONLY')).toBe(
      'A red sign on a wall, reading "EXIT ONLY".',
    );
  });

  it('leaves the caption alone, tidied, when there is no text', () => {
    expect(mergeTextIntoAltText('a red sign on a wall', '')).toBe('A red sign on a wall.');
    expect(mergeTextIntoAltText('  a   dog\non a beach.  ', '   \n ')).toBe('A dog on a beach.');
    expect(mergeTextIntoAltText('a dog on a beach', '.,-')).toBe('A dog on a beach.');
  });

  it('adds no full stop after a caption already cut short with an ellipsis', () => {
    expect(mergeTextIntoAltText('a brown dog running…', '')).toBe('A brown dog running…');
  });

  it('returns an empty string when there is neither caption nor text', () => {
    expect(mergeTextIntoAltText('', '')).toBe('');
    expect(mergeTextIntoAltText('  ', ' \n')).toBe('');
  });

  it('writes a sentence of the text alone when there is no caption', () => {
    expect(mergeTextIntoAltText('', 'EXIT ONLY')).toBe('Text reading "EXIT ONLY".');
  });

  it('does not double the punctuation', () => {
    expect(mergeTextIntoAltText('a red sign on a wall.', 'EXIT ONLY.')).toBe(
      'A red sign on a wall, reading "EXIT ONLY".',
    );
    expect(mergeTextIntoAltText('a sign,', 'Open daily;')).toBe('A sign, reading "Open daily".');
    expect(mergeTextIntoAltText('a red sign', 'STOP!')).toBe('A red sign, reading "STOP!"');
    expect(mergeTextIntoAltText('a poster', 'Are you ready?')).toBe('A poster, reading "Are you ready?"');
    expect(mergeTextIntoAltText('Is this a cat?', '')).toBe('Is this a cat?');
  });

  it('turns quotes inside the text into single quotes and drops quotes around all of it', () => {
    expect(mergeTextIntoAltText('a shop front', 'Joe\'s "BEST" “coffee”')).toBe(
      "A shop front, reading \"Joe's 'BEST' 'coffee'\".",
    );
    expect(mergeTextIntoAltText('a sign', '"EXIT ONLY"')).toBe('A sign, reading "EXIT ONLY".');
    expect(mergeTextIntoAltText('a sign', '«Sortie»')).toBe('A sign, reading "Sortie".');
  });

  it('normalises whitespace and line breaks in the text to single spaces', () => {
    expect(mergeTextIntoAltText('a menu board', '  Coffee  2.50\nTea\t1.80 \n')).toBe(
      'A menu board, reading "Coffee 2.50 Tea 1.80".',
    );
  });

  it('normalises full-width characters the OCR model writes', () => {
    expect(mergeTextIntoAltText('a label', 'scan（string）：ok')).toBe('A label, reading "scan(string):ok".');
  });

  it('capitalises only the first letter and keeps the rest as written', () => {
    expect(mergeTextIntoAltText('iPhone on a desk', '')).toBe('IPhone on a desk.');
    expect(mergeTextIntoAltText('éclair on a plate showing NYC', '')).toBe('Éclair on a plate showing NYC.');
    expect(mergeTextIntoAltText('3 cats', '')).toBe('3 cats.');
  });

  it('does not repeat text the caption already quotes', () => {
    expect(mergeTextIntoAltText('a sign reading "exit only"', 'EXIT ONLY')).toBe(
      'A sign reading "exit only".',
    );
    // Whole words only: "IN" is not "in" inside another word, but it is the word "in" here.
    expect(mergeTextIntoAltText('a sign in a window', 'IN')).toBe('A sign in a window.');
    expect(mergeTextIntoAltText('a sign inside a window', 'IN')).toBe(
      'A sign inside a window, reading "IN".',
    );
  });

  it('keeps a text that fits within 250 characters whole', () => {
    const text =
      'Welcome to the Riverside Community Garden. Please close the gate behind you and keep dogs on a lead.';
    const result = mergeTextIntoAltText('a wooden sign beside a gate', text);
    expect(result).toBe(`A wooden sign beside a gate, reading "${text.slice(0, -1)}".`);
    expect(len(result)).toBeGreaterThan(ALT_TEXT_TARGET_LENGTH);
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_MAX_LENGTH);
  });

  it('cuts a text too long for 250 characters at a word boundary, to about 125', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const result = mergeTextIntoAltText('a page of a printed book', words);
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_TARGET_LENGTH);
    expect(len(result)).toBeGreaterThan(ALT_TEXT_TARGET_LENGTH - 12);
    expect(result).toMatch(/^A page of a printed book, reading "word0 word1 .* word\d+…"\.$/u);
  });

  it('cuts at the full 250 when the caption leaves too little room under 125', () => {
    const caption =
      'a crowded market street at dusk with stalls selling fruit, lanterns overhead and people walking past';
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const result = mergeTextIntoAltText(caption, words);
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_MAX_LENGTH);
    expect(len(result)).toBeGreaterThan(ALT_TEXT_MAX_LENGTH - 12);
    expect(result).toMatch(/^A crowded market street .* past, reading "word0 word1 .* word\d+…"\.$/u);
  });

  it('never ends the excerpt with punctuation before the ellipsis', () => {
    const text = `${'Lorem ipsum, dolor sit amet. '.repeat(12)}`;
    const result = mergeTextIntoAltText('a poster', text);
    expect(result).toMatch(/[a-z]…"\.$/u);
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_TARGET_LENGTH);
  });

  it('hard-cuts one endless word', () => {
    const result = mergeTextIntoAltText('a banner', 'A'.repeat(400));
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_TARGET_LENGTH);
    expect(result).toMatch(/^A banner, reading "A+…"\.$/u);
  });

  it('counts code points and never splits one', () => {
    const text = '😀 '.repeat(200);
    const result = mergeTextIntoAltText('stickers', text);
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_TARGET_LENGTH);
    expect(result).not.toMatch(/\p{Cs}/u); // no lone surrogate
  });

  it('keeps a caption alone, cut, when it is too long to leave room for the text', () => {
    const caption = `a ${'very '.repeat(60)}long caption`;
    const result = mergeTextIntoAltText(caption, 'EXIT ONLY');
    expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_MAX_LENGTH);
    expect(result.startsWith('A very very')).toBe(true);
    expect(result.endsWith('…')).toBe(true);
    expect(result).not.toContain('EXIT');
  });

  it('respects custom lengths', () => {
    const result = mergeTextIntoAltText('a sign', 'one two three four five six seven eight nine ten', {
      maxLength: 40,
      targetLength: 40,
    });
    expect(len(result)).toBeLessThanOrEqual(40);
    expect(result).toMatch(/^A sign, reading "one two .*…"\.$/u);
  });

  it('stays within 250 characters for any mix of caption and text lengths', () => {
    for (const captionWords of [0, 1, 5, 20, 40, 60]) {
      for (const textWords of [0, 1, 5, 20, 40, 80]) {
        const caption = Array.from({ length: captionWords }, () => 'cap').join(' ');
        const text = Array.from({ length: textWords }, () => 'text').join(' ');
        const result = mergeTextIntoAltText(caption, text);
        expect(len(result)).toBeLessThanOrEqual(ALT_TEXT_MAX_LENGTH);
        if (result !== '') expect(result).toMatch(/^[A-Z].*[.?!…]$/u);
      }
    }
  });
});
