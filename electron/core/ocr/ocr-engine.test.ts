import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MIN_CONFIDENCE,
  OCR_MAX_SIDE,
  createOcrEngine,
  prepareOcrInput,
  type OcrEngine,
} from './ocr-engine.js';

/** Black words in DejaVu Sans Bold on white (CI installs fonts-dejavu-core). */
function textSvg(width: number, height: number, lines: string[], fontSize: number, extra = ''): Buffer {
  const step = fontSize * 1.4;
  const top = height / 2 - ((lines.length - 1) * step) / 2 + fontSize * 0.35;
  const texts = lines
    .map(
      (line, i) =>
        `<text x="${width / 2}" y="${top + i * step}" text-anchor="middle" font-family="DejaVu Sans" ` +
        `font-weight="bold" font-size="${fontSize}" fill="black">${line}</text>`,
    )
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="white"/>${extra}${texts}</svg>`,
  );
}

const normalised = (text: string): string => text.replace(/\s+/gu, ' ').trim().toUpperCase();

describe('OCR engine (real PaddleOCR models)', () => {
  let engine: OcrEngine;
  let dir: string;

  let handlersBefore: number[];

  beforeAll(async () => {
    handlersBefore = [
      process.listenerCount('uncaughtException'),
      process.listenerCount('unhandledRejection'),
    ];
    engine = await createOcrEngine();
    dir = mkdtempSync(join(tmpdir(), 'altlens-ocr-'));
  }, 60_000);

  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no process-wide handlers of opencv.js behind', () => {
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(
      handlersBefore,
    );
  });

  it('reads "EXIT ONLY" from a PNG buffer, above the confidence threshold', async () => {
    const png = await sharp(textSvg(800, 300, ['EXIT ONLY'], 120))
      .png()
      .toBuffer();
    const result = await engine.recognize(png);
    expect(normalised(result.text)).toBe('EXIT ONLY');
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]?.confidence).toBeGreaterThan(DEFAULT_MIN_CONFIDENCE);
    expect(result.lines[0]?.confidence).toBeLessThanOrEqual(1);
  });

  it('reads from a file path too, lines top to bottom with a line break between', async () => {
    const path = join(dir, 'two-lines.png');
    await sharp(textSvg(1000, 500, ['NO PARKING', 'TOW AWAY ZONE'], 70))
      .png()
      .toFile(path);
    const result = await engine.recognize(path);
    // PP-OCRv4 (a Chinese + English model) often drops the space between words: compare without spaces.
    const withoutSpaces = result.text.split('\n').map((line) => normalised(line).replace(/ /gu, ''));
    expect(withoutSpaces).toEqual(['NOPARKING', 'TOWAWAYZONE']);
  });

  it('finds no text in a flat colour or a gradient', async () => {
    const flat = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#557755' } })
      .jpeg()
      .toBuffer();
    const gradient = await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><defs><linearGradient id="g">' +
          '<stop offset="0" stop-color="#3a6ea5"/><stop offset="1" stop-color="#f4a261"/></linearGradient>' +
          '</defs><rect width="100%" height="100%" fill="url(#g)"/></svg>',
      ),
    )
      .jpeg()
      .toBuffer();
    for (const image of [flat, gradient]) {
      const result = await engine.recognize(image);
      expect(result.text).toBe('');
    }
  });

  it('reads the text of a 4000×3000 JPEG after shrinking it to the recommended size', async () => {
    const path = join(dir, 'large.jpg');
    const sign =
      '<rect x="1100" y="1200" width="1800" height="420" rx="40" fill="#c02020"/>' +
      '<text x="2000" y="1500" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" ' +
      'font-size="250" fill="white">EXIT ONLY</text>';
    await sharp(textSvg(4000, 3000, [], 10, sign))
      .jpeg({ quality: 90 })
      .toFile(path);

    const shrunk = await prepareOcrInput(path);
    const meta = await sharp(shrunk).metadata();
    expect(Math.max(meta.width, meta.height)).toBe(OCR_MAX_SIDE);
    expect(normalised((await engine.recognize(shrunk)).text)).toBe('EXIT ONLY');
    // The file itself is shrunk the same way inside recognize.
    expect(normalised((await engine.recognize(path)).text)).toBe('EXIT ONLY');
  });

  it('applies EXIF orientation and flattens transparency before reading', async () => {
    // Stored sideways with orientation 6 (display rotated 90° clockwise): the upright text only reads if
    // the orientation is applied.
    const upright = await sharp(textSvg(800, 300, ['EXIT ONLY'], 120))
      .png()
      .toBuffer();
    const sideways = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(normalised((await engine.recognize(sideways)).text)).toBe('EXIT ONLY');

    // Black text on a transparent background: the library ignores alpha (black on black) unless flattened.
    const transparent = await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="300"><text x="400" y="190" ' +
          'text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="120">EXIT ONLY</text></svg>',
      ),
    )
      .png()
      .toBuffer();
    expect((await sharp(transparent).metadata()).hasAlpha).toBe(true);
    expect(normalised((await engine.recognize(transparent)).text)).toBe('EXIT ONLY');
  });

  it('honours a custom threshold: above every score, no line counts as text', async () => {
    const strict = await createOcrEngine({ minConfidence: 1.01 });
    try {
      const png = await sharp(textSvg(800, 300, ['EXIT ONLY'], 120))
        .png()
        .toBuffer();
      const result = await strict.recognize(png);
      expect(result.text).toBe('');
      expect(result.lines.map((line) => normalised(line.text))).toEqual(['EXIT ONLY']);
    } finally {
      await strict.close();
    }
  });

  it('runs calls one at a time and rejects after close', async () => {
    const png = await sharp(textSvg(800, 300, ['EXIT ONLY'], 120))
      .png()
      .toBuffer();
    const results = await Promise.all([engine.recognize(png), engine.recognize(png)]);
    expect(results.map((result) => normalised(result.text))).toEqual(['EXIT ONLY', 'EXIT ONLY']);

    const other = await createOcrEngine();
    const before = other.recognize(png);
    await other.close();
    expect(normalised((await before).text)).toBe('EXIT ONLY');
    await expect(other.recognize(png)).rejects.toThrow(/closed/u);
  });

  it('rejects a file that is not an image with a readable error', async () => {
    const path = join(dir, 'not-an-image.jpg');
    writeFileSync(path, 'plain text, not a JPEG');
    await expect(engine.recognize(path)).rejects.toThrow(/unsupported image format|Input file/iu);
  });
});

describe('prepareOcrInput', () => {
  it('enlarges a small image towards 960 px, at most 4×', async () => {
    const small = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await sharp(await prepareOcrInput(small)).metadata()).toMatchObject({ width: 960, height: 480 });
    expect(await sharp(await prepareOcrInput(tiny)).metadata()).toMatchObject({ width: 32, height: 32 });
  });

  it('leaves an image already within the limits at its size', async () => {
    const photo = await sharp({ create: { width: 1280, height: 853, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await sharp(await prepareOcrInput(photo)).metadata()).toMatchObject({
      width: 1280,
      height: 853,
      format: 'png',
      hasAlpha: false,
    });
  });
});
