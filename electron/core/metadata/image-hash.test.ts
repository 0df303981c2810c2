import { ExifTool } from 'exiftool-vendored';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jpegParts,
  jpegHashOfFile,
  jpegImageDataHash,
  onlyXmpDiffers,
  sameImageData,
  type JpegParts,
} from './image-hash.js';
import { copySample } from './test-files.js';

let checker: ExifTool;
beforeAll(() => {
  checker = new ExifTool({ maxProcs: 1, useMWG: false });
});
afterAll(async () => {
  await checker.end();
});

async function write(path: string, tags: Record<string, string>): Promise<void> {
  const result = await checker.write(path, tags as never, { writeArgs: ['-overwrite_original_in_place'] });
  expect(result.updated).toBe(1);
}

function partsOf(path: string): JpegParts {
  const parts = jpegParts(readFileSync(path));
  if (!parts) throw new Error(`${path} does not parse as a JPEG`);
  return parts;
}

describe('the JPEG image data hash', () => {
  it('is unchanged by a metadata-only write, and changed by re-encoding the pixels', async () => {
    const path = copySample('ExifTool.jpg', 'jpeg-hash');
    const before = await jpegHashOfFile(path);
    expect(before).toMatch(/^jpeg:[0-9a-f]{64}$/);
    const result = await checker.write(
      path,
      {
        'XMP-iptcCore:AltTextAccessibility-x-default': 'A text.',
        'IFD0:ImageDescription': 'A text.',
      } as never,
      { writeArgs: ['-overwrite_original_in_place'] },
    );
    expect(result.updated).toBe(1);
    expect(await jpegHashOfFile(path)).toBe(before);
    const reencoded = await sharp(readFileSync(path)).jpeg({ quality: 90 }).withMetadata().toBuffer();
    expect(jpegImageDataHash(reencoded)).not.toBeNull();
    expect(`jpeg:${jpegImageDataHash(reencoded)}`).not.toBe(before);
    // One flipped bit in the scan data changes it too (sharp's JPEG: EOI is the last two bytes).
    const flipped = Buffer.from(reencoded);
    let at = flipped.length - 10;
    while (flipped[at] === 0xff || flipped[at] === 0xfe || flipped[at - 1] === 0xff) at--;
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    expect(jpegImageDataHash(flipped)).not.toBeNull();
    expect(jpegImageDataHash(flipped)).not.toBe(jpegImageDataHash(reencoded));
  });

  it('is null for what is not a JPEG, or a truncated one', () => {
    expect(jpegImageDataHash(readFileSync(copySample('PNG.png', 'jpeg-hash-png')))).toBeNull();
    const jpeg = readFileSync(copySample('ExifTool.jpg', 'jpeg-hash-cut'));
    expect(jpegImageDataHash(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBeNull();
  });
});

describe('the parts of a JPEG outside its XMP', () => {
  it('are unchanged by a write of XMP alone, even one that makes the XMP much longer', async () => {
    const path = copySample('XMP.jpg', 'parts-xmp');
    const before = partsOf(path);
    await write(path, {
      'XMP-iptcCore:AltTextAccessibility-x-default': 'A text, café, 咖啡.',
      'XMP-dc:Description-x-default': 'x'.repeat(5000),
    });
    expect(onlyXmpDiffers(before, partsOf(path))).toBe(true);
  });

  it('change with any other metadata, the same image data aside', async () => {
    const path = copySample('XMP.jpg', 'parts-exif');
    const before = partsOf(path);
    await write(path, { 'EXIF:ImageDescription': 'A text.' });
    const afterExif = partsOf(path);
    expect(sameImageData(before, afterExif)).toBe(true);
    expect(onlyXmpDiffers(before, afterExif)).toBe(false);

    await write(path, { 'File:Comment': 'A comment.' }); // a COM segment
    const afterComment = partsOf(path);
    expect(sameImageData(afterExif, afterComment)).toBe(true);
    expect(onlyXmpDiffers(afterExif, afterComment)).toBe(false);
  });

  it('change with a byte after the end of the image, and with a segment moved', () => {
    const path = copySample('ExifTool.jpg', 'parts-trailer');
    const bytes = readFileSync(path);
    const before = partsOf(path);
    const trailer = jpegParts(Buffer.concat([bytes, Buffer.from('trailer')]));
    expect(trailer && sameImageData(before, trailer)).toBe(true);
    expect(trailer && onlyXmpDiffers(before, trailer)).toBe(false);

    // The first two segments after SOI (EXIF, JFIF), swapped: the same bytes in another order.
    const first = 4 + bytes.readUInt16BE(4);
    const second = first + 2 + bytes.readUInt16BE(first + 2);
    expect([bytes[2], bytes[first]]).toEqual([0xff, 0xff]);
    expect(bytes.subarray(2, first).equals(bytes.subarray(first, second))).toBe(false);
    const swapped = Buffer.concat([
      bytes.subarray(0, 2),
      bytes.subarray(first, second),
      bytes.subarray(2, first),
      bytes.subarray(second),
    ]);
    const moved = jpegParts(swapped);
    expect(moved).not.toBeNull();
    expect(moved && sameImageData(before, moved)).toBe(true);
    expect(moved && onlyXmpDiffers(before, moved)).toBe(false);
  });
});
