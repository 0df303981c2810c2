import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { decodeForModel } from './preprocess.js';

describe('decodeForModel (real sharp)', () => {
  it('makes exactly the model input from a large photo, EXIF orientation applied', async () => {
    const path = join(tempDir('pre'), 'large.jpg');
    // Left half red, right half blue; EXIF orientation 6 turns it so that red ends up on top.
    const half = { width: 3000, height: 4000, channels: 3 } as const;
    await sharp({ create: { ...half, width: 6000, background: '#0000ff' } })
      .composite([{ input: { create: { ...half, background: '#ff0000' } }, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(path);

    const pixels = await decodeForModel(path, { width: 224, height: 224 });

    expect(pixels).toMatchObject({ width: 224, height: 224, channels: 3 });
    expect(pixels.data.length).toBe(224 * 224 * 3);
    const at = (x: number, y: number) => [...pixels.data.subarray((y * 224 + x) * 3, (y * 224 + x) * 3 + 3)];
    expect(at(112, 10).map((v) => Math.round(v / 64))).toEqual([4, 0, 0]);
    expect(at(112, 214).map((v) => Math.round(v / 64))).toEqual([0, 0, 4]);
  });

  it('drops transparency, and rejects a file that is not there', async () => {
    const dir = tempDir('pre2');
    const path = join(dir, 'small.png');
    await sharp({ create: { width: 30, height: 20, channels: 4, background: '#00ff0080' } })
      .png()
      .toFile(path);
    const pixels = await decodeForModel(path, { width: 384, height: 384 });
    expect(pixels.data.length).toBe(384 * 384 * 3);
    await expect(decodeForModel(join(dir, 'missing.jpg'), { width: 8, height: 8 })).rejects.toThrow(
      /missing/,
    );
  });
});
