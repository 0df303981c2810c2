import { describe, expect, it } from 'vitest';
import { altTextHints } from '../../../contract/alt-text-hints';
import { hintsKey, spokenDescriptionText } from './description-text';

const options = { decorative: false };

describe('spokenDescriptionText', () => {
  it('says only the length while the hints stay the same', () => {
    expect(spokenDescriptionText(12, altTextHints('Photo of a cat.', options), false)).toBe(
      'Length: 12 characters.',
    );
  });

  it('says new hints with their level after the length', () => {
    expect(spokenDescriptionText(15, altTextHints('Photo of a cat.', options), true)).toBe(
      'Length: 15 characters. Warning: Screen readers already say it is an image: leave out “Photo of”.',
    );
  });

  it('lets a length hint stand in for the length', () => {
    const text = 'a'.repeat(130);
    expect(spokenDescriptionText(130, altTextHints(text, options), true)).toBe(
      'Warning: Long: 130 characters; aim for 125 or fewer.',
    );
  });

  it('says when the hints have gone', () => {
    expect(spokenDescriptionText(20, [], true)).toBe('Length: 20 characters. No more hints.');
  });
});

describe('hintsKey', () => {
  it('changes when a message changes, not otherwise', () => {
    const a = hintsKey(altTextHints('a'.repeat(130), options));
    expect(hintsKey(altTextHints('b'.repeat(130), options))).toBe(a);
    expect(hintsKey(altTextHints('a'.repeat(131), options))).not.toBe(a);
    expect(hintsKey([])).toBe('');
  });
});
