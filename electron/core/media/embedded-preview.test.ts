import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { MetadataRepository } from '../metadata/metadata-repository.js';
import { copyWithoutPreview, writeFileWithPreview } from '../testing/embedded-previews.js';
import { tempDir } from '../testing/sample-images.js';
import {
  EmbeddedPreviews,
  needsEmbeddedPreview,
  NoUsablePreviewError,
  orient,
  type EmbeddedImageReader,
} from './embedded-preview.js';

const repository = new MetadataRepository();
afterAll(() => repository.close());

/** The real exiftool reader, counting what it is asked (to see that a cached preview is not read again). */
function countingReader() {
  const calls = { list: 0, extract: 0 };
  const reader: EmbeddedImageReader = {
    embeddedImages: (path) => ((calls.list += 1), repository.embeddedImages(path)),
    extractEmbeddedImage: (path, reference, dest) => (
      (calls.extract += 1),
      repository.extractEmbeddedImage(path, reference, dest)
    ),
  };
  return { reader, calls };
}

/** The mean colour of an image file, rounded. */
async function meanColour(path: string): Promise<number[]> {
  const { channels } = await sharp(path).stats();
  return channels.slice(0, 3).map((channel) => Math.round(channel.mean));
}

describe('embedded previews (real exiftool and sharp, files with a preview written into them)', () => {
  it('extracts the largest preview of a camera raw file once, into the cache, and decodes it', async () => {
    const dir = tempDir('preview-dng');
    const dng = await writeFileWithPreview('DNG.dng', dir, {
      previews: [
        { tag: 'PreviewImage', width: 120, height: 80, color: '#20c020' },
        { tag: 'JpgFromRaw', width: 480, height: 320, color: '#c02020' },
      ],
    });
    const { reader, calls } = countingReader();
    const cache = tempDir('preview-cache');
    const previews = new EmbeddedPreviews(cache, reader);
    const preview = await previews.ensure(dng, 'ab12');
    expect(preview).toEqual({
      path: previews.pathFor('ab12', 'JpgFromRaw'),
      tag: 'JpgFromRaw',
      width: 480,
      height: 320,
    });
    const [r, g, b] = await meanColour(preview.path);
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
    // Asked again (by another part of AltLens, or another run on the same cache): the raw is not read again.
    const again = await new EmbeddedPreviews(cache, reader).ensure(dng, 'ab12');
    expect(again).toEqual(preview);
    expect(calls).toEqual({ list: 1, extract: 1 });
    // Nothing half-written is left beside it.
    expect(readdirSync(join(cache, 'ab'))).toEqual(['ab12-JpgFromRaw.jpg']);
  });

  it('extracts a preview asked for many times at once (copies of one photo, two processes) into one file', async () => {
    const dir = tempDir('preview-stress');
    const cr2 = await writeFileWithPreview('CanonRaw.cr2', dir, { previews: [{ tag: 'PreviewImage' }] });
    const cache = tempDir('preview-cache');
    const { reader, calls } = countingReader();
    // Two caches on the same folder, as the app and a CLI command have.
    const first = new EmbeddedPreviews(cache, reader);
    const second = new EmbeddedPreviews(cache, reader);
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 ? first : second).ensure(cr2, 'ee99')),
    );
    expect(new Set(all.map((preview) => preview.path))).toEqual(
      new Set([first.pathFor('ee99', 'PreviewImage')]),
    );
    // Each cache read the file at most once.
    expect(calls.list).toBeLessThanOrEqual(2);
    expect(readdirSync(join(cache, 'ee'))).toEqual(['ee99-PreviewImage.jpg']);
  });

  it('applies the file’s EXIF orientation to the preview (a portrait CR2 shows upright)', async () => {
    const dir = tempDir('preview-cr2');
    const cr2 = await writeFileWithPreview('CanonRaw.cr2', dir, {
      previews: [{ tag: 'PreviewImage', width: 300, height: 200 }],
      orientation: 6,
    });
    const preview = await new EmbeddedPreviews(tempDir('preview-cache'), repository).ensure(cr2, 'cd34');
    expect(preview).toMatchObject({ tag: 'PreviewImage', width: 200, height: 300 });
    const meta = await sharp(preview.path).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([200, 300, 1]);
  });

  it('reads a NEF’s JpgFromRaw and a HEIC’s thumbnail', async () => {
    const dir = tempDir('preview-nef-heic');
    const nef = await writeFileWithPreview('Nikon.nef', dir, {
      previews: [{ tag: 'JpgFromRaw', width: 320, height: 240, color: '#2020c0' }],
    });
    const heic = await writeFileWithPreview('QuickTime.heic', dir, {
      previews: [{ tag: 'ThumbnailImage', width: 160, height: 120 }],
    });
    const previews = new EmbeddedPreviews(tempDir('preview-cache'), repository);
    expect(await previews.ensure(nef, 'ef01')).toMatchObject({ tag: 'JpgFromRaw', width: 320, height: 240 });
    expect(await previews.ensure(heic, 'ef02')).toMatchObject({
      tag: 'ThumbnailImage',
      width: 160,
      height: 120,
    });
  });

  it('says in plain words why a raw file or a HEIC without a preview cannot be shown', async () => {
    const dir = tempDir('preview-none');
    const previews = new EmbeddedPreviews(tempDir('preview-cache'), repository);
    const cr2 = copyWithoutPreview('CanonRaw.cr2', dir);
    await expect(previews.ensure(cr2, '0001')).rejects.toThrow(NoUsablePreviewError);
    await expect(previews.ensure(cr2, '0001')).rejects.toThrow(
      /^The camera raw file CanonRaw\.cr2 has no embedded preview, .* Save it again from the camera/,
    );
    const heic = copyWithoutPreview('QuickTime.heic', dir);
    await expect(previews.ensure(heic, '0002')).rejects.toThrow(
      /^This HEIC\/HEIF image cannot be decoded here .* QuickTime\.heic has no embedded preview/,
    );
  });

  it('falls back to a smaller preview when the largest is damaged, and says so when every one is', async () => {
    const dir = tempDir('preview-damaged');
    const previews = new EmbeddedPreviews(tempDir('preview-cache'), repository);
    const mixed = await writeFileWithPreview('DNG.dng', dir, {
      previews: [
        { tag: 'JpgFromRaw', width: 800, height: 600, truncatedTo: 0.6 },
        { tag: 'PreviewImage', width: 160, height: 120 },
      ],
    });
    expect(await previews.ensure(mixed, 'da01')).toMatchObject({
      tag: 'PreviewImage',
      width: 160,
      height: 120,
    });
    const damaged = await writeFileWithPreview('DNG.dng', dir, {
      previews: [{ tag: 'JpgFromRaw', width: 800, height: 600, truncatedTo: 0.6 }],
      name: 'damaged.dng',
    });
    await expect(previews.ensure(damaged, 'db02')).rejects.toThrow(
      /^The camera raw file damaged\.dng has an embedded preview \(JpgFromRaw\), but it is damaged/,
    );
    // Nothing half-extracted is left in the cache.
    expect(readdirSync(join(previews.pathFor('db02', 'JpgFromRaw'), '..'))).toEqual([]);
  });

  it('decides which files are read through their preview', () => {
    for (const name of ['a.CR2', 'a.cr3', 'a.nef', 'a.arw', 'a.raf', 'a.orf', 'a.rw2', 'a.dng', 'a.heic'])
      expect(needsEmbeddedPreview(name), name).toBe(true);
    for (const name of ['a.jpg', 'a.png', 'a.avif', 'a.txt'])
      expect(needsEmbeddedPreview(name), name).toBe(false);
  });
});

describe('orient', () => {
  it('turns an image as sharp turns one tagged with each EXIF orientation', async () => {
    // Six blocks of distinct colours: any wrong turn or mirror moves one.
    const colours = ['#ff0000', '#00ff00', '#0000ff', '#ffff00', '#ff00ff', '#00ffff'];
    const blocks = colours.map((color, index) => ({
      input: { create: { width: 8, height: 8, channels: 3 as const, background: color } },
      left: (index % 3) * 8,
      top: Math.floor(index / 3) * 8,
    }));
    const plain = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#000' } })
      .composite(blocks)
      .png()
      .toBuffer();
    for (let orientation = 1; orientation <= 8; orientation += 1) {
      const tagged = await sharp(plain).withMetadata({ orientation }).tiff({ compression: 'lzw' }).toBuffer();
      const expected = await sharp(tagged).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const actual = await orient(sharp(plain), orientation)
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([actual.info.width, actual.info.height], `orientation ${orientation}`).toEqual([
        expected.info.width,
        expected.info.height,
      ]);
      expect(actual.data.equals(expected.data), `orientation ${orientation}`).toBe(true);
    }
  });
});
