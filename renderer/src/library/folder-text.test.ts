import { describe, expect, it } from 'vitest';
import { folderFactsText, removedText, watchText } from './folder-text';

describe('folder text', () => {
  it('says how a folder is watched, and why when it is not watched the usual way', () => {
    expect(watchText({ mode: 'watching', reason: null })).toBe('watching');
    expect(
      watchText({ mode: 'polling', reason: "the system's limit on watched folders was reached (ENOSPC)" }),
    ).toBe("polling: the system's limit on watched folders was reached (ENOSPC)");
    expect(watchText({ mode: 'not-watched', reason: null })).toBe('not watched');
    expect(watchText({ mode: 'not-watched', reason: 'it is not a folder' })).toBe(
      'not watched: it is not a folder',
    );
  });

  it('puts a folder on one line, with missing photos only when there are some', () => {
    const watching = { mode: 'watching', reason: null } as const;
    expect(folderFactsText({ imageCount: 1, missingCount: 0, watch: watching })).toBe('1 photo, watching');
    expect(folderFactsText({ imageCount: 12, missingCount: 2, watch: watching })).toBe(
      '12 photos, 2 missing, watching',
    );
  });

  it('says what a removal did', () => {
    expect(removedText(1)).toBe('Removed 1 missing photo from the library.');
    expect(removedText(3)).toBe('Removed 3 missing photos from the library.');
    expect(removedText(0)).toBe('No photos were removed: their files are back.');
  });
});
