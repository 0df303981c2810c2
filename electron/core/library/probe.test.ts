import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample } from '../metadata/test-files.js';
import { tempDir, writeImage, writeTruncatedJpeg } from '../testing/sample-images.js';
import { Library } from './library.js';
import { describeImageError, unreadableReason } from './probe.js';

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

describe('unreadableReason (what a scan says of the file itself)', () => {
  it("gives a scan's own reason for a text file named .jpg, a truncated JPEG and an empty file", async () => {
    const dir = tempDir('probe');
    const text = join(dir, 'notes.jpg');
    writeFileSync(text, 'shopping list: bread, tea');
    const truncated = join(dir, 'cut.jpg');
    await writeTruncatedJpeg(truncated);
    const empty = join(dir, 'empty.png');
    writeFileSync(empty, '');
    const library = Library.open(tempDir('probe-data'));
    try {
      library.settings.write({ captionOnAdd: false });
      await library.addFolder(dir);
      const scanned = (path: string) => library.findImageByPath(path)?.error;
      for (const path of [text, truncated, empty]) {
        expect(await unreadableReason(path)).toBe(scanned(path));
      }
    } finally {
      library.close();
    }
    expect(await unreadableReason(text)).toBe(
      'Not an image AltLens can read: the contents do not match any supported image format.',
    );
    expect(await unreadableReason(truncated)).toMatch(/^The image data is damaged or incomplete \(/);
    expect(await unreadableReason(empty)).toBe('The file is empty (0 bytes).');
  });

  it('finds nothing wrong with sound images, camera raw (only hashed), or a HEIC this machine cannot decode', async () => {
    const dir = tempDir('probe-good');
    await writeImage(join(dir, 'good.jpg'));
    await writeImage(join(dir, 'good.png'), { format: 'png' });
    expect(await unreadableReason(join(dir, 'good.jpg'))).toBeNull();
    expect(await unreadableReason(join(dir, 'good.png'))).toBeNull();
    expect(await unreadableReason(copySample('Nikon.nef', 'probe-raw'))).toBeNull();
    // A scan lists this HEIC with a reason about this machine, not the file: exiftool can still write it.
    const heic = copySample('QuickTime.heic', 'probe-heic');
    const library = Library.open(tempDir('probe-heic-data'));
    try {
      library.settings.write({ captionOnAdd: false });
      await library.addFolder(dirname(heic));
      expect(library.findImageByPath(heic)?.error).toMatch(/^This HEIC\/HEIF image cannot be decoded here/);
    } finally {
      library.close();
    }
    expect(await unreadableReason(heic)).toBeNull();
  });
});
