import { describe, expect, it } from 'vitest';
import type { FoundMetadata } from '../../../contract/api';
import { fieldName, foundInFileSummary } from './found-in-file';
import { listText, writtenText } from './write-text';

function found(field: string, value: string, lang = 'x-default', source = '/photos/a.jpg'): FoundMetadata {
  return { field, lang, value, source };
}

describe('foundInFileSummary', () => {
  it('says when nothing was found', () => {
    expect(foundInFileSummary({ foundInFile: [], altText: 'A cat.', extDescription: null })).toEqual({
      summary: "Nothing was found in the file's metadata when it was scanned.",
      items: [],
    });
  });

  it('says when the one value matches the description', () => {
    const result = foundInFileSummary({
      foundInFile: [found('AltTextAccessibility', 'A cat  on a mat.')],
      altText: 'A cat on a mat.',
      extDescription: null,
    });
    expect(result.summary).toBe('One value was found in the file. It matches the description.');
    expect(result.items.map((item) => item.note)).toEqual(['Same as the description.']);
  });

  it('flags values that disagree with each other and with the description', () => {
    const result = foundInFileSummary({
      foundInFile: [
        found('AltTextAccessibility', 'A cat on a mat.'),
        found('Description', 'Holiday 2019', 'x-default', '/photos/a.xmp'),
        found('AltTextAccessibility', 'Un chat sur un tapis.', 'fr'),
      ],
      altText: 'A cat on a mat.',
      extDescription: null,
    });
    expect(result.summary).toBe(
      '3 values were found in the file. They disagree with each other: check which is right before you approve. One of them differs from the description.',
    );
    expect(result.items.map((item) => [item.note, item.differs])).toEqual([
      ['Same as the description.', false],
      ['Differs from the description.', true],
      ['In another language (fr), so not compared.', false],
    ]);
  });

  it('compares an extended description with the extended description', () => {
    const result = foundInFileSummary({
      foundInFile: [found('ExtDescrAccessibility', 'A long text.')],
      altText: 'A cat.',
      extDescription: 'Another long text.',
    });
    expect(result.items[0]?.note).toBe('Differs from the extended description.');
  });

  it('has nothing to compare with when there is no description yet', () => {
    const result = foundInFileSummary({
      foundInFile: [found('AltTextAccessibility', 'A cat.')],
      altText: null,
      extDescription: null,
    });
    expect(result.summary).toBe('One value was found in the file.');
    expect(result.items[0]?.note).toBeNull();
  });
});

describe('fieldName', () => {
  it('names known fields for people and keeps unknown ones', () => {
    expect(fieldName('AltTextAccessibility')).toBe('Alt text (XMP-iptcCore:AltTextAccessibility)');
    expect(fieldName('XMP-foo:Bar')).toBe('XMP-foo:Bar');
  });
});

describe('writtenText', () => {
  it('lists every place written, with the time', () => {
    expect(writtenText({ at: 0, writtenTo: ['/p/a.jpg', '/p/a.xmp'] }, () => 'noon')).toBe(
      'Written to /p/a.jpg and /p/a.xmp at noon.',
    );
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
