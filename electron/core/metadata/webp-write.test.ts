import { ExifTool } from 'exiftool-vendored';
import { mkdtempSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot, type TagSnapshot } from './tag-snapshot.js';
import { copySample, FIXED_MTIME_S, mtimeMsOf } from './test-files.js';
import type { WritePolicy } from './types.js';

/** A second exiftool, not the repository's, to check what was written. */
const checker = new ExifTool({ maxProcs: 1, useMWG: false });
let repository: MetadataRepository;
beforeAll(() => {
  repository = new MetadataRepository();
});
afterAll(async () => {
  await repository.close();
  await checker.end();
});

const auto: WritePolicy = { target: 'auto', sidecarNaming: 'basename', descriptionFields: false };
const ALT = 'A red square.';
const ALT_KEY = 'XMP-iptcCore:AltTextAccessibility';

const square = (channels: 3 | 4, alpha = 1) =>
  sharp({ create: { width: 64, height: 48, channels, background: { r: 255, g: 0, b: 0, alpha } } });

/** WebP files as sharp (libwebp) makes them, each with the chunks it starts with. */
const MADE = {
  // Simple WebP (no VP8X chunk): exiftool must add one to hold XMP.
  lossy: { make: () => square(3).webp(), chunks: ['VP8 '] },
  lossless: { make: () => square(3).webp({ lossless: true }), chunks: ['VP8L'] },
  'lossless with alpha': { make: () => square(4, 0.5).webp({ lossless: true }), chunks: ['VP8L'] },
  // Extended already: alpha beside lossy data needs VP8X, and so does animation.
  'lossy with alpha': { make: () => square(4, 0.5).webp(), chunks: ['VP8X', 'ALPH', 'VP8 '] },
  animated: {
    make: async () => {
      const frames = await Promise.all(
        ['#f00', '#0f0', '#00f'].map((background) =>
          sharp({ create: { width: 32, height: 24, channels: 3, background } })
            .png()
            .toBuffer(),
        ),
      );
      return sharp(frames, { join: { animated: true } }).webp({ loop: 0, delay: [100, 100, 100] });
    },
    chunks: ['VP8X', 'ANIM', 'ANMF', 'ANMF', 'ANMF'],
  },
} as const;

async function madeWebp(kind: keyof typeof MADE): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'altlens-webp-')), 'photo.webp');
  await (await MADE[kind].make()).toFile(path);
  utimesSync(path, FIXED_MTIME_S, FIXED_MTIME_S);
  return path;
}

/** The chunks of a RIFF file, read here on their own (not with the code under test). */
function chunksOf(bytes: Buffer): { type: string; start: number }[] {
  const chunks = [];
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const size = bytes.readUInt32LE(offset + 4);
    chunks.push({ type: bytes.toString('latin1', offset, offset + 4), start: offset });
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** The decoded pixels, every frame. */
async function pixels(path: string): Promise<Buffer> {
  return sharp(path, { animated: true }).raw().toBuffer();
}

const read = (path: string): Promise<TagSnapshot> => readSnapshot(checker, path, { imageHash: true });

describe('WebP', () => {
  it.each(['lossy', 'lossless', 'lossless with alpha'] as const)(
    'writes into a simple %s WebP by giving it the extended header, its image data byte for byte, and undoes it',
    async (kind) => {
      const path = await madeWebp(kind);
      const original = readFileSync(path);
      expect(chunksOf(original).map((chunk) => chunk.type)).toEqual(MADE[kind].chunks);
      const before = await read(path);
      const type = before['File:FileType'];
      expect(type).toMatch(/^WEBP/);
      expect(before['RIFF:WebP_Flags']).toBeUndefined();
      const picture = await pixels(path);

      const record = await repository.write(path, { altText: ALT }, auto);
      expect(record.writtenTo).toEqual([path]);
      expect(record.warnings).toEqual([
        expect.stringMatching(/extended WebP header.*unchanged, byte for byte/),
      ]);
      const bytes = readFileSync(path);
      expect(chunksOf(bytes)[0]?.type).toBe('VP8X');
      // The image chunk (header and data) that was the whole image, as it was.
      expect(bytes.indexOf(original.subarray(12))).toBeGreaterThan(12);
      const after = await read(path);
      expect(after).toMatchObject({
        'File:FileType': `Extended ${type}`,
        'RIFF:WebP_Flags': kind === 'lossless with alpha' ? 'XMP, Alpha' : 'XMP',
        'RIFF:ImageWidth': '64',
        'RIFF:ImageHeight': '48',
        [ALT_KEY]: ALT,
        'File:ImageDataHash': before['File:ImageDataHash'],
      });
      expect(await pixels(path)).toEqual(picture);
      expect((await repository.read(path)).altText).toBe(ALT);
      expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
      expect(readdirSync(dirname(path))).toEqual([basename(path)]);

      // The undo takes the alt text out; with no metadata left, exiftool drops the VP8X chunk it needed.
      await repository.undo(record);
      const undone = await read(path);
      expect(undone[ALT_KEY]).toBeUndefined();
      expect(undone['File:FileType']).toBe(type);
      expect(undone['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
      expect(await pixels(path)).toEqual(picture);
      expect(readdirSync(dirname(path))).toEqual([basename(path)]);
    },
  );

  it.each(['lossy with alpha', 'animated'] as const)(
    'writes into an extended %s WebP, the XMP flag set beside its own, with no note, and undoes it',
    async (kind) => {
      const path = await madeWebp(kind);
      const original = readFileSync(path);
      const chunks = chunksOf(original);
      expect(chunks.map((chunk) => chunk.type)).toEqual(MADE[kind].chunks);
      const before = await read(path);
      const flags = kind === 'animated' ? 'Animation' : 'Alpha';
      expect(before['RIFF:WebP_Flags']).toBe(flags);
      const picture = await pixels(path);

      const record = await repository.write(path, { altText: ALT }, auto);
      expect(record).toMatchObject({ writtenTo: [path], warnings: [] });
      // Every chunk after VP8X (the image data), as it was.
      expect(readFileSync(path).indexOf(original.subarray(chunks[1]?.start))).toBeGreaterThan(12);
      const after = await read(path);
      expect(after).toMatchObject({
        'File:FileType': 'Extended WEBP',
        'RIFF:WebP_Flags': kind === 'animated' ? 'Animation, XMP' : 'XMP, Alpha',
        [ALT_KEY]: ALT,
        'File:ImageDataHash': before['File:ImageDataHash'],
      });
      expect(await pixels(path)).toEqual(picture);
      expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);

      await repository.undo(record);
      const undone = await read(path);
      expect(undone[ALT_KEY]).toBeUndefined();
      expect(undone['RIFF:WebP_Flags']).toBe(flags);
      expect(undone['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
      expect(await pixels(path)).toEqual(picture);
    },
  );

  it('writes the description fields too: EXIF gets its chunk and its flag', async () => {
    const path = await madeWebp('lossy');
    const before = await read(path);
    const record = await repository.write(path, { altText: ALT }, { ...auto, descriptionFields: true });
    const after = await read(path);
    expect(after).toMatchObject({
      'File:FileType': 'Extended WEBP',
      'RIFF:WebP_Flags': 'XMP, EXIF',
      'IFD0:ImageDescription': ALT,
      'XMP-dc:Description': ALT,
      [ALT_KEY]: ALT,
      'File:ImageDataHash': before['File:ImageDataHash'],
    });
    await repository.undo(record);
    const undone = await read(path);
    expect(undone['IFD0:ImageDescription']).toBeUndefined();
    expect(undone[ALT_KEY]).toBeUndefined();
    expect(undone['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
  });

  it('writes into the extended RIFF.webp sample in place, as before, with no note', async () => {
    const path = copySample('RIFF.webp', 'webp-sample');
    const before = await read(path);
    expect(before['RIFF:WebP_Flags']).toBe('XMP, EXIF, Alpha');

    const record = await repository.write(path, { altText: ALT }, auto);
    expect(record).toMatchObject({ writtenTo: [path], warnings: [] });
    const after = await read(path);
    expect(after).toMatchObject({
      'File:FileType': 'Extended WEBP',
      'RIFF:WebP_Flags': 'XMP, EXIF, Alpha',
      [ALT_KEY]: ALT,
      'File:ImageDataHash': before['File:ImageDataHash'],
    });
    expect(mtimeMsOf(path)).toBeCloseTo(FIXED_MTIME_S * 1000, 2);
    expect(readdirSync(dirname(path))).toEqual([basename(path)]);
    await repository.undo(record);
    expect((await read(path))[ALT_KEY]).toBe(before[ALT_KEY]);
  });
});
