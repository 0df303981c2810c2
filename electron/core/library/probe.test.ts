import { describe, expect, it } from 'vitest';
import { describeImageError } from './probe.js';

describe('describeImageError', () => {
  it("says damaged data, in the decoder's words when they are there, and when only sharp's summary is", () => {
    expect(describeImageError(new Error('VipsJpeg: premature end of JPEG image\nmore'), '/p/a.jpg')).toBe(
      'The image data is damaged or incomplete (VipsJpeg: premature end of JPEG image).',
    );
    expect(describeImageError(new Error('Warning treated as error due to failOn setting'), '/p/a.jpg')).toBe(
      'The image data is damaged or incomplete (the decoder stopped at a problem in it).',
    );
    expect(
      describeImageError(
        new Error('Warning treated as error due to failOn setting\nVipsJpeg: premature end'),
        '/p/a.jpg',
      ),
    ).toBe('The image data is damaged or incomplete (VipsJpeg: premature end).');
  });
});
