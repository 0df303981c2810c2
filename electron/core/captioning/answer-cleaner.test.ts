import { describe, expect, it } from 'vitest';
import { cleanAnswer, fitToLength } from './answer-cleaner.js';

const clean = (answer: string, stoppedAtTokenLimit = false) => cleanAnswer(answer, { stoppedAtTokenLimit });

describe('cleanAnswer', () => {
  it('leaves a plain answer alone, but for spaces', () => {
    expect(clean(' a red photo')).toBe('a red photo');
    expect(clean('A dog runs  on\na beach.')).toBe('A dog runs on a beach.');
  });

  it.each([
    ["Here's a description of the image: A dog on a beach.", 'A dog on a beach.'],
    ['Sure! Here is the alt text: A dog on a beach.', 'A dog on a beach.'],
    ['Certainly. Here is a short description for you:\nA dog on a beach.', 'A dog on a beach.'],
    ['Alt text: A dog on a beach.', 'A dog on a beach.'],
    ['Description: A dog on a beach.', 'A dog on a beach.'],
  ])('removes the preamble of %j', (answer, expected) => {
    expect(clean(answer)).toBe(expected);
  });

  it.each([
    ['The image shows a dog on a beach.', 'A dog on a beach.'],
    ['This photo depicts two people dancing.', 'Two people dancing.'],
    ['In this image, a dog runs on a beach.', 'A dog runs on a beach.'],
    ['An image of a dog on a beach.', 'A dog on a beach.'],
    ['A close-up picture of a red sign.', 'A close-up picture of a red sign.'],
    ['Picture of a cat.', 'A cat.'],
  ])('removes the "image of" opening of %j', (answer, expected) => {
    expect(clean(answer)).toBe(expected);
  });

  it('removes markdown: headings, list markers, emphasis and code marks', () => {
    expect(clean('## Alt text\n**A dog** on a *sandy* beach.')).toBe('A dog on a sandy beach.');
    expect(clean('# A dog on a beach')).toBe('A dog on a beach');
    expect(clean('- A `red` sign reading __EXIT__.')).toBe('A red sign reading EXIT.');
    expect(clean('1. A cat_name_tag on a mat.')).toBe('A cat_name_tag on a mat.');
  });

  it('removes quotes around the whole answer, not quotes inside it', () => {
    expect(clean('"A dog on a beach."')).toBe('A dog on a beach.');
    expect(clean('“A dog on a beach.”')).toBe('A dog on a beach.');
    expect(clean('A sign reading "EXIT".')).toBe('A sign reading "EXIT".');
    expect(clean('"EXIT" and "ENTER" signs')).toBe('"EXIT" and "ENTER" signs');
  });

  it('drops a last sentence cut off at the token limit, and only then', () => {
    expect(clean('A dog on a beach. It runs toward the', true)).toBe('A dog on a beach.');
    expect(clean('A dog on a beach. It runs toward the')).toBe('A dog on a beach. It runs toward the');
    expect(clean('A dog on a beach. It runs.', true)).toBe('A dog on a beach. It runs.');
    // Nothing better to keep: the cut-off text stays (the caller says it was cut off).
    expect(clean('A dog running toward the', true)).toBe('A dog running toward the');
  });
});

describe('fitToLength', () => {
  it('leaves text within the limit alone', () => {
    expect(fitToLength('A dog on a beach.', 17)).toEqual({ text: 'A dog on a beach.', cut: false });
  });

  it('keeps the whole sentences that fit, and says it cut', () => {
    const text = 'A dog on a beach. It runs toward the sea. Waves break behind it.';
    expect(fitToLength(text, 45)).toEqual({ text: 'A dog on a beach. It runs toward the sea.', cut: true });
    expect(fitToLength(text, 20)).toEqual({ text: 'A dog on a beach.', cut: true });
  });

  it('cuts one long sentence at a word, with an ellipsis, within the limit', () => {
    const fitted = fitToLength('A brown dog with a red collar running along a wide sandy beach at dawn.', 40);
    expect(fitted).toEqual({ text: 'A brown dog with a red collar running…', cut: true });
    expect(Array.from(fitted.text).length).toBeLessThanOrEqual(40);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(fitToLength('🐕 on a beach. 🌊 waves.', 22)).toEqual({
      text: '🐕 on a beach. 🌊 waves.',
      cut: false,
    });
  });
});
