import { describe, expect, it } from 'vitest';
import {
  altTextHints,
  hasBlockingHint,
  MAX_ALT_TEXT_LENGTH,
  SUGGESTED_ALT_TEXT_LENGTH,
  type AltTextHint,
} from './alt-text-hints.js';

const describedPhoto = { decorative: false };
const codes = (hints: AltTextHint[]) => hints.map((hint) => hint.code);

describe('altTextHints', () => {
  it('has nothing to say about good alt text', () => {
    expect(altTextHints('Boats moored in a calm blue harbour at dawn.', describedPhoto)).toEqual([]);
  });

  describe('empty text', () => {
    it.each(['', '   ', '\n\t'])('is an error for a photo that is not decorative (%j)', (text) => {
      expect(altTextHints(text, describedPhoto)).toEqual([
        { level: 'error', code: 'empty', message: 'Write alt text, or mark the photo as decorative.' },
      ]);
    });

    it('is fine for a decorative photo', () => {
      expect(altTextHints('', { decorative: true })).toEqual([]);
      expect(altTextHints('  ', { decorative: true, fileName: 'IMG_1234.jpg' })).toEqual([]);
    });
  });

  describe('length', () => {
    it(`says nothing up to ${SUGGESTED_ALT_TEXT_LENGTH} characters`, () => {
      expect(altTextHints('a'.repeat(SUGGESTED_ALT_TEXT_LENGTH), describedPhoto)).toEqual([]);
    });

    it(`warns over ${SUGGESTED_ALT_TEXT_LENGTH} characters, with the count`, () => {
      expect(altTextHints('a'.repeat(126), describedPhoto)).toEqual([
        { level: 'warning', code: 'long', message: 'Long: 126 characters; aim for 125 or fewer.' },
      ]);
      expect(altTextHints('a'.repeat(MAX_ALT_TEXT_LENGTH), describedPhoto)).toEqual([
        { level: 'warning', code: 'long', message: 'Long: 250 characters; aim for 125 or fewer.' },
      ]);
    });

    it(`is an error over ${MAX_ALT_TEXT_LENGTH} characters, and only the error is given`, () => {
      expect(altTextHints('a'.repeat(251), describedPhoto)).toEqual([
        {
          level: 'error',
          code: 'too-long',
          message: 'Too long to save as alt text: 251 of at most 250 characters.',
        },
      ]);
    });

    it('counts characters, not UTF-16 code units, and ignores surrounding space', () => {
      // 125 emoji are 250 code units: still within the suggestion.
      expect(altTextHints('🌊'.repeat(125), describedPhoto)).toEqual([]);
      expect(altTextHints(`  ${'é'.repeat(125)}  \n`, describedPhoto)).toEqual([]);
      expect(codes(altTextHints('🌊'.repeat(126), describedPhoto))).toEqual(['long']);
    });
  });

  describe('openings that repeat what the screen reader says', () => {
    it.each([
      ['Image of a harbour.', 'Image of'],
      ['image of a harbour.', 'image of'],
      ['Photo of two boats.', 'Photo of'],
      ['Picture of a cat.', 'Picture of'],
      ['A photo of a cat.', 'A photo of'],
      ['a Photo Of a cat.', 'a Photo Of'],
      ['An image showing a cat.', 'An image showing'],
      ['Graphic of a bar chart.', 'Graphic of'],
      ['A photograph of the sea.', 'A photograph of'],
      ['The picture shows a dog.', 'The picture shows'],
      ['  “Image of a dog.”', 'Image of'],
      ['Photo  of a cat.', 'Photo of'],
    ])('warns about %j', (text, opening) => {
      expect(altTextHints(text, describedPhoto)).toEqual([
        {
          level: 'warning',
          code: 'redundant-opening',
          message: `Screen readers already say it is an image: leave out “${opening}”.`,
        },
      ]);
    });

    it.each([
      'Photographer at work on a pier.',
      'Imagery of war painted on a wall.',
      'A dog looks at a photo of its owner.',
      'Pictures on a gallery wall.',
      'Screenshot of the settings window.',
      'An imaged wafer under a microscope.',
    ])('does not warn about %j', (text) => {
      expect(altTextHints(text, describedPhoto)).toEqual([]);
    });
  });

  describe('text that looks like a file name', () => {
    const fileNameHint = {
      level: 'warning',
      code: 'file-name',
      message: 'This looks like a file name: say what the photo shows instead.',
    };

    it.each([
      'IMG_1234.jpg',
      'IMG_1234',
      'img_1234.JPEG',
      'DSC01234',
      'DSC_0042.NEF',
      'DSCF1234',
      'PXL_20230101_123456789',
      'PXL_20230101_123456789.MP',
      '20230101_123456',
      'IMG-20230101-WA0001',
      'IMG_1234 (2)',
      'P1010123.',
      'holiday.png',
      'My holiday photo.heic',
      'scan.tiff',
      'photo.webp',
    ])('warns about %j', (text) => {
      expect(altTextHints(text, describedPhoto)).toEqual([fileNameHint]);
    });

    it("warns about the image's own file name, with or without its extension", () => {
      const options = { decorative: false, fileName: 'harbour_at-dawn.jpg' };
      expect(altTextHints('harbour_at-dawn.jpg', options)).toEqual([fileNameHint]);
      expect(altTextHints('harbour_at-dawn', options)).toEqual([fileNameHint]);
      expect(altTextHints('Harbour at dawn', options)).toEqual([fileNameHint]);
      expect(altTextHints('Harbour at dawn.', options)).toEqual([fileNameHint]);
    });

    it.each([
      'A harbour at dawn.',
      'The year 1984 on a sign.',
      '1984',
      'Route 66',
      'Flight BA2490 at the gate.',
      'A sign that reads "Open 24 hours".',
    ])('does not warn about %j', (text) => {
      expect(altTextHints(text, { decorative: false, fileName: 'harbour_at-dawn.jpg' })).toEqual([]);
    });

    it('ignores a file name option that is empty', () => {
      expect(altTextHints('A harbour.', { decorative: false, fileName: '' })).toEqual([]);
      expect(altTextHints('.jpg', { decorative: false, fileName: '.jpg' })).toEqual([fileNameHint]);
    });
  });

  describe('decorative photos with text', () => {
    it('warns that the text will not be read', () => {
      expect(altTextHints('A blue border.', { decorative: true })).toEqual([
        {
          level: 'warning',
          code: 'decorative-text',
          message: 'The photo is marked as decorative, so screen readers skip it and do not read this text.',
        },
      ]);
    });

    it('still checks the text itself', () => {
      expect(codes(altTextHints('a'.repeat(300), { decorative: true }))).toEqual([
        'too-long',
        'decorative-text',
      ]);
    });
  });

  it('lists errors before warnings and gives several hints at once', () => {
    const text = `Photo of ${'a'.repeat(300)}.jpg`;
    const hints = altTextHints(text, describedPhoto);
    expect(codes(hints)).toEqual(['too-long', 'redundant-opening', 'file-name']);
    expect(hints.map((hint) => hint.level)).toEqual(['error', 'warning', 'warning']);
    expect(codes(altTextHints(`Image of ${'x'.repeat(120)}`, describedPhoto))).toEqual([
      'long',
      'redundant-opening',
    ]);
  });
});

describe('hasBlockingHint', () => {
  it('is true only when there is an error', () => {
    expect(hasBlockingHint([])).toBe(false);
    expect(hasBlockingHint(altTextHints('Image of a cat.', describedPhoto))).toBe(false);
    expect(hasBlockingHint(altTextHints('', describedPhoto))).toBe(true);
    expect(hasBlockingHint(altTextHints('a'.repeat(251), describedPhoto))).toBe(true);
  });
});
