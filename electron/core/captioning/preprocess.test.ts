import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { decodeImage, OCR_LONGEST_SIDE } from './preprocess.js';

describe('decodeImage (real sharp)', () => {
  it('makes the exact model input and a bounded OCR image from a large photo, EXIF orientation applied', async () => {
    const path = join(tempDir('pre'), 'large.jpg');
    await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#ff0000' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(path);

    const decoded = await decodeImage(path, { width: 224, height: 224 }, { ocr: true });

    expect(decoded.modelPixels).toMatchObject({ width: 224, height: 224, channels: 3 });
    expect(decoded.modelPixels.data.length).toBe(224 * 224 * 3);
    expect([...decoded.modelPixels.data.subarray(0, 3)].map((v) => Math.round(v / 10))).toEqual([25, 0, 0]);
    const ocr = await sharp(decoded.ocrImage ?? Buffer.alloc(0)).metadata();
    expect([ocr.width, ocr.height]).toEqual([Math.round((OCR_LONGEST_SIDE * 4000) / 6000), OCR_LONGEST_SIDE]);
  });

  it('skips the OCR image when OCR is off, and rejects a file that is not an image', async () => {
    const dir = tempDir('pre2');
    const path = join(dir, 'small.png');
    await sharp({ create: { width: 30, height: 20, channels: 4, background: '#00ff0080' } })
      .png()
      .toFile(path);
    const decoded = await decodeImage(path, { width: 384, height: 384 }, { ocr: false });
    expect(decoded.ocrImage).toBeNull();
    expect(decoded.modelPixels.data.length).toBe(384 * 384 * 3);
    await expect(
      decodeImage(join(dir, 'missing.jpg'), { width: 8, height: 8 }, { ocr: false }),
    ).rejects.toThrow(/missing/);
  });
});
