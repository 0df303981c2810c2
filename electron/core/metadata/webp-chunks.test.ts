import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContainerParts } from './image-container.js';
import type { SnapshotChange, TagSnapshot } from './tag-snapshot.js';
import { WEBP_CONTAINER, webpImage } from './webp-chunks.js';

/** A RIFF WebP of these chunks (type, content), each padded to an even size. */
function riff(chunks: readonly (readonly [string, Buffer])[]): Buffer {
  const body = chunks.flatMap(([type, content]) => {
    const size = Buffer.alloc(4);
    size.writeUInt32LE(content.length);
    return [Buffer.from(type, 'latin1'), size, content, Buffer.alloc(content.length % 2)];
  });
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + body.reduce((total, piece) => total + piece.length, 0));
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, Buffer.from('WEBP', 'latin1'), ...body]);
}

/** The chunks of a RIFF WebP made elsewhere (sharp), read here on their own. */
function chunksOf(bytes: Buffer): [string, Buffer][] {
  const chunks: [string, Buffer][] = [];
  for (let offset = 12; offset < bytes.length;) {
    const size = bytes.readUInt32LE(offset + 4);
    chunks.push([
      bytes.toString('latin1', offset, offset + 4),
      bytes.subarray(offset + 8, offset + 8 + size),
    ]);
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** A VP8X chunk's content: these flags, this canvas. */
function vp8x(flags: number, width: number, height: number): Buffer {
  const content = Buffer.alloc(10);
  content.writeUInt8(flags, 0);
  content.writeUIntLE(width - 1, 4, 3);
  content.writeUIntLE(height - 1, 7, 3);
  return content;
}

const XMP_CHUNK = ['XMP ', Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')] as const;
const EXIF_CHUNK = ['EXIF', Buffer.from('MM\0*\0\0\0\x08\0\0\0\0\0', 'latin1')] as const;

const square = (channels: 3 | 4) =>
  sharp({ create: { width: 64, height: 48, channels, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } });
const files: Record<'lossy' | 'lossless' | 'losslessAlpha' | 'lossyAlpha' | 'animated', Buffer> = {
  lossy: Buffer.alloc(0),
  lossless: Buffer.alloc(0),
  losslessAlpha: Buffer.alloc(0),
  lossyAlpha: Buffer.alloc(0),
  animated: Buffer.alloc(0),
};
beforeAll(async () => {
  files.lossy = await square(3).webp().toBuffer();
  files.lossless = await square(3).webp({ lossless: true }).toBuffer();
  files.losslessAlpha = await square(4).webp({ lossless: true }).toBuffer();
  files.lossyAlpha = await square(4).webp().toBuffer();
  const frames = await Promise.all(
    ['#f00', '#0f0'].map((background) =>
      sharp({ create: { width: 32, height: 24, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  files.animated = await sharp(frames, { join: { animated: true } })
    .webp({ delay: [100, 100] })
    .toBuffer();
});

const text = (piece: Buffer | undefined) => piece?.toString('latin1');

describe('webpImage', () => {
  it('takes a simple lossy WebP apart: plain, its canvas from the frame header, its VP8 chunk', () => {
    const [frame] = chunksOf(files.lossy);
    expect(frame?.[0]).toBe('VP8 ');
    const image = webpImage(files.lossy);
    expect(image?.plain).toBe(true);
    expect(image?.imageData.map(text)).toEqual(['canvas 64x48, flags 0', 'VP8 ', text(frame?.[1])]);
  });

  it('reads the alpha of a simple lossless WebP from its frame header', () => {
    expect(text(webpImage(files.lossless)?.imageData[0])).toBe('canvas 64x48, flags 0');
    const image = webpImage(files.losslessAlpha);
    expect(image?.plain).toBe(true);
    expect(image?.imageData.map(text).slice(0, 2)).toEqual(['canvas 64x48, flags 16', 'VP8L']);
  });

  it('takes an extended WebP apart: its canvas and picture flags from VP8X, then ALPH, or ANIM and ANMF', () => {
    expect(chunksOf(files.lossyAlpha).map(([type]) => type)).toEqual(['VP8X', 'ALPH', 'VP8 ']);
    const alpha = webpImage(files.lossyAlpha);
    expect(alpha?.plain).toBe(false);
    expect(alpha?.imageData.map(text).filter((_, index) => index % 2 === 1)).toEqual(['ALPH', 'VP8 ']);
    expect(text(alpha?.imageData[0])).toBe('canvas 64x48, flags 16');
    const animated = webpImage(files.animated);
    expect(text(animated?.imageData[0])).toBe('canvas 32x24, flags 2');
    expect(animated?.imageData.filter((_, index) => index % 2 === 1).map(text)).toEqual([
      'ANIM',
      'ANMF',
      'ANMF',
    ]);
  });

  it('has the same image data with the VP8X chunk exiftool adds and metadata chunks, not with a byte changed', () => {
    for (const [simple, alpha] of [
      [files.lossy, 0],
      [files.losslessAlpha, 0x10],
    ] as const) {
      const chunks = chunksOf(simple);
      const image = webpImage(simple)?.imageData;
      const extended = riff([['VP8X', vp8x(alpha | 0x0c, 64, 48)], ...chunks, EXIF_CHUNK, XMP_CHUNK]);
      expect(webpImage(extended)).toEqual({ plain: false, imageData: image });
      // A wrong canvas, or alpha flagged wrongly, is a change of the image data.
      expect(webpImage(riff([['VP8X', vp8x(alpha | 0x04, 65, 48)], ...chunks]))?.imageData).not.toEqual(
        image,
      );
      expect(
        webpImage(riff([['VP8X', vp8x((alpha ^ 0x10) | 0x04, 64, 48)], ...chunks]))?.imageData,
      ).not.toEqual(image);
      const [type, content] = chunks[0] ?? ['', Buffer.alloc(0)];
      const flipped = Buffer.from(content);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
      expect(webpImage(riff([[type, flipped]]))?.imageData).not.toEqual(image);
    }
  });

  it('is null for what is not WebP, a truncated chunk, no picture, or a frame header that is not one', () => {
    expect(webpImage(Buffer.from('not an image at all'))).toBeNull();
    expect(
      webpImage(Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI ', 'latin1'), files.lossy.subarray(12)])),
    ).toBeNull();
    expect(webpImage(files.lossy.subarray(0, files.lossy.length - 1))).toBeNull();
    expect(webpImage(riff([XMP_CHUNK]))).toBeNull();
    expect(webpImage(riff([['VP8 ', Buffer.alloc(20)]]))).toBeNull();
    expect(webpImage(riff([['VP8X', Buffer.alloc(4)], ...chunksOf(files.lossy)]))).toBeNull();
  });
});

describe('the tags a VP8X chunk explains', () => {
  const simple: ContainerParts = { plain: true, imageData: [] };
  const extended: ContainerParts = { plain: false, imageData: [] };
  const XMP_TAGS: TagSnapshot = { 'XMP-iptcCore:AltTextAccessibility': 'A red square.' };
  const EXIF_TAGS: TagSnapshot = { ...XMP_TAGS, 'File:ExifByteOrder': 'Big-endian (Motorola, MM)' };
  const explains = (
    change: SnapshotChange,
    before: ContainerParts,
    after: ContainerParts,
    tags: TagSnapshot = XMP_TAGS,
  ) => WEBP_CONTAINER.isContainerChange(change, before, after, tags);
  const flags = (before: string | null, after: string | null) => ({ key: 'RIFF:WebP_Flags', before, after });

  it('allows the file type to say Extended exactly when the VP8X chunk was added (or dropped)', () => {
    const type = { key: 'File:FileType', before: 'WEBP (lossless)', after: 'Extended WEBP (lossless)' };
    expect(explains(type, simple, extended)).toBe(true);
    expect(
      explains({ key: 'File:FileType', before: 'Extended WEBP', after: 'WEBP' }, extended, simple, {}),
    ).toBe(true);
    expect(explains(type, extended, extended)).toBe(false);
    expect(explains(type, simple, simple)).toBe(false);
    expect(explains({ ...type, after: 'Extended WEBP' }, simple, extended)).toBe(false);
    expect(explains({ ...type, after: 'PNG' }, simple, extended)).toBe(false);
  });

  it('allows the XMP and EXIF flags to say exactly what metadata the file holds after the write', () => {
    expect(explains(flags(null, 'XMP'), simple, extended)).toBe(true);
    expect(explains(flags(null, 'XMP, EXIF'), simple, extended, EXIF_TAGS)).toBe(true);
    expect(explains(flags('Alpha', 'XMP, Alpha'), extended, extended)).toBe(true);
    expect(explains(flags('Animation', 'Animation, XMP'), extended, extended)).toBe(true);
    expect(explains(flags('XMP', null), extended, simple, {})).toBe(true);
    expect(explains(flags('XMP, Alpha', 'Alpha'), extended, extended, {})).toBe(true);
    expect(explains(flags('Alpha', '(none)'), extended, extended, {})).toBe(false);
    // A flag for metadata the file does not hold, or none for metadata it holds.
    expect(explains(flags(null, 'XMP'), simple, extended, {})).toBe(false);
    expect(explains(flags(null, 'XMP, EXIF'), simple, extended)).toBe(false);
    expect(explains(flags('Alpha', 'Alpha, EXIF'), extended, extended, EXIF_TAGS)).toBe(false);
  });

  it('allows the picture flags to change only with the VP8X chunk, alpha alone', () => {
    expect(explains(flags(null, 'XMP, Alpha'), simple, extended)).toBe(true);
    expect(explains(flags('Alpha', 'XMP'), extended, extended)).toBe(false);
    expect(explains(flags('XMP', 'XMP, Alpha'), extended, extended)).toBe(false);
    expect(explains(flags(null, 'XMP, Animation'), simple, extended)).toBe(false);
    expect(explains(flags(null, 'XMP, ICC Profile'), simple, extended)).toBe(false);
    expect(explains(flags('Animation, XMP', 'XMP'), extended, extended)).toBe(false);
  });

  it('explains no other tag', () => {
    expect(explains({ key: 'RIFF:ImageWidth', before: '64', after: '65' }, simple, extended)).toBe(false);
    expect(explains({ key: 'RIFF:ImageWidth', before: null, after: '64' }, simple, extended)).toBe(false);
    expect(explains({ key: 'ICC_Profile:ProfileClass', before: null, after: 'x' }, simple, extended)).toBe(
      false,
    );
  });

  it('adds the VP8X chunk without a word or an argument of its own', () => {
    expect(WEBP_CONTAINER.plainWriteArgs).toEqual([]);
    expect(WEBP_CONTAINER.isContainerWarning('Warning: Adding required VP8X chunk')).toBe(false);
  });
});
