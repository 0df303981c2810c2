import { ExifTool } from 'exiftool-vendored';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/sample-images.js';
import { applyDamage } from '../testing/damaged-bytes.js';
import { MetadataRepository } from './metadata-repository.js';
import { readSnapshot, unexpectedChanges } from './tag-snapshot.js';
import { SAMPLES_DIR } from './test-files.js';

const repository = new MetadataRepository();
const exiftool = new ExifTool({ useMWG: false, ignoreMinorErrors: false });

afterAll(async () => {
  await Promise.all([repository.close(), exiftool.end()]);
});

const square = (channels: 3 | 4) =>
  sharp({
    create: { width: 64, height: 48, channels, background: channels === 4 ? '#1010c080' : '#1010c0' },
  });

/** WebPs as cwebp, browsers and sharp make them: no XMP chunk yet, most in the simple (VP8/VP8L) format. */
const webps: Record<string, () => Promise<Buffer>> = {
  'lossy (simple VP8)': () => square(3).webp().toBuffer(),
  'lossless (simple VP8L)': () => square(3).webp({ lossless: true }).toBuffer(),
  'with alpha (extended VP8X, no XMP)': () => square(4).webp().toBuffer(),
};

describe('alt text in WebP files without XMP (found by the damaged-images fuzz: every such write failed)', () => {
  it.each(Object.keys(webps))('%s: written, verified and undone, the image data unchanged', async (kind) => {
    for (const descriptionFields of [false, true]) {
      const path = join(tempDir('webp-container'), 'photo.webp');
      writeFileSync(path, await (webps[kind] as () => Promise<Buffer>)());
      const before = await readSnapshot(exiftool, path, { imageHash: true });
      const pixels = await sharp(path).raw().toBuffer();

      const record = await repository.write(
        path,
        { altText: 'A blue square.' },
        { target: 'auto', sidecarNaming: 'basename', descriptionFields },
      );
      expect(record.writtenTo).toEqual([path]);
      expect((await repository.read(path)).altText).toBe('A blue square.');
      const written = await readSnapshot(exiftool, path, { imageHash: true });
      expect(written['RIFF:WebP_Flags']).toMatch(descriptionFields ? /XMP, EXIF/ : /XMP/);
      expect(written['File:ImageDataHash']).toBe(before['File:ImageDataHash']);

      await repository.undo(record);
      expect((await repository.read(path)).altText).toBeNull();
      const undone = await readSnapshot(exiftool, path, { imageHash: true });
      expect(undone['RIFF:WebP_Flags'] ?? '').not.toMatch(/XMP|EXIF/);
      expect(undone['File:ImageDataHash']).toBe(before['File:ImageDataHash']);
      expect(await sharp(path).raw().toBuffer()).toEqual(pixels);
    }
  });

  it('undoes a write into a WebP whose XMP was unreadable (the undo removes the XMP chunk)', async () => {
    const path = join(tempDir('webp-damaged-xmp'), 'RIFF.webp');
    // One flipped bit in the sample's XMP packet: exiftool cannot parse it, and replaces it when writing.
    writeFileSync(
      path,
      applyDamage(readFileSync(join(SAMPLES_DIR, 'RIFF.webp')), { kind: 'flip', bits: [1532] }),
    );
    const record = await repository.write(
      path,
      { altText: 'A test card.' },
      { target: 'auto', sidecarNaming: 'ext', descriptionFields: false },
    );
    expect((await repository.read(path)).altText).toBe('A test card.');
    await repository.undo(record);
    expect((await repository.read(path)).altText).toBeNull();
  });

  it('still refuses a write that changes any other flag of the WebP', async () => {
    const path = join(tempDir('webp-flags'), 'photo.webp');
    writeFileSync(path, await square(4).webp().toBuffer());
    const before = await readSnapshot(exiftool, path);
    const xmp = [
      {
        name: 'XMP-iptcCore:AltTextAccessibility-x-default',
        readKey: 'XMP-iptcCore:AltTextAccessibility',
        value: 'x',
      },
    ];
    expect(unexpectedChanges(before, { ...before, 'RIFF:WebP_Flags': 'XMP' }, xmp)).toEqual([
      { key: 'RIFF:WebP_Flags', before: 'Alpha', after: 'XMP' },
    ]);
    expect(unexpectedChanges(before, { ...before, 'RIFF:WebP_Flags': 'XMP, Alpha' }, [])).toHaveLength(1);
  });
});
