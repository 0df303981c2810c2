import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { IMAGE_DATA_HASH, type TagSnapshot } from './tag-snapshot.js';

/**
 * What proves the image itself was not touched by a metadata write: exiftool's `ImageDataHash` (SHA-256 of
 * the image data) when the snapshot holds it (it is asked for TIFF/DNG/CR2/NEF, PNG, WebP, HEIC/AVIF, JXL);
 * else, for a JPEG, {@link jpegImageDataHash}, computed here from the file's bytes (a JPEG is recognized by
 * its content, not its name); else (GIF) the SHA-256 of the decoded pixels (sharp, every frame). null: none
 * works. The repository compares a JPEG's parts ({@link readJpeg}) directly, before and after a write.
 */
export async function imageHash(path: string, snapshot: TagSnapshot): Promise<string | null> {
  // A snapshot holds exiftool's hash only when it was asked for: never for a JPEG this module can hash.
  const fromExiftool = snapshot[IMAGE_DATA_HASH];
  if (fromExiftool) return `exiftool:${fromExiftool}`;
  const jpeg = await jpegHashOfFile(path);
  if (jpeg) return jpeg;
  try {
    const { data, info } = await sharp(path, { animated: true, limitInputPixels: false })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const hash = createHash('sha256').update(`${info.width}x${info.height}x${info.channels}:`).update(data);
    return `pixels:${hash.digest('hex')}`;
  } catch {
    return null;
  }
}

/**
 * A JPEG taken apart into views of its bytes (nothing copied): its image data, and its other metadata. Together
 * they hold every byte of the file but its XMP segments (APP1 with standard or extended XMP) and fill bytes:
 * when both are the same before and after a write, the write changed nothing but XMP, so every tag read from
 * anywhere else in the file (EXIF, IPTC, ICC, JFIF, maker notes, trailers) is unchanged, byte for byte.
 */
export interface JpegParts {
  /**
   * The image data, in order: from SOI to EOI, every marker segment (DQT, DHT, SOF, DRI, SOS…, marker and
   * content) except APPn and COM, and all the entropy-coded data of every scan (restart markers and byte
   * stuffing included), EOI last. A metadata write (which rewrites APPn/COM only, and may change what follows
   * EOI) leaves it unchanged; any change to the coded picture changes it.
   */
  readonly imageData: readonly Buffer[];
  /**
   * Every APPn and COM segment but XMP (marker and content), each after its place among all the segments other
   * than XMP (4 bytes), then whatever follows EOI (trailers, further images).
   */
  readonly otherMetadata: readonly Buffer[];
}

/** Whether two JPEGs (a file before and after a write) have the same image data, byte for byte. */
export function sameImageData(before: JpegParts, after: JpegParts): boolean {
  return samePieces(before.imageData, after.imageData);
}

/** Whether two JPEGs (a file before and after a write) differ in nothing but their XMP (see {@link JpegParts}). */
export function onlyXmpDiffers(before: JpegParts, after: JpegParts): boolean {
  return sameImageData(before, after) && samePieces(before.otherMetadata, after.otherMetadata);
}

function samePieces(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  return a.length === b.length && a.every((piece, index) => b[index]?.equals(piece) === true);
}

/** The parts of a JPEG file; null when it cannot be read, or is not a JPEG this parser can follow. */
export async function readJpeg(path: string): Promise<JpegParts | null> {
  try {
    return jpegParts(await readFile(path));
  } catch {
    return null;
  }
}

/** The image data hash of a JPEG's parts: `jpeg:` and the SHA-256 (hex) of {@link JpegParts.imageData}. */
export function jpegPartsHash(parts: JpegParts): string {
  const hash = createHash('sha256');
  for (const piece of parts.imageData) hash.update(piece);
  return `jpeg:${hash.digest('hex')}`;
}

/** The JPEG image data hash of a file (`jpeg:…`), or null when it is not a JPEG this parser can follow. */
export async function jpegHashOfFile(path: string): Promise<string | null> {
  const parts = await readJpeg(path);
  return parts && jpegPartsHash(parts);
}

/**
 * SHA-256 (hex) of a JPEG's image data ({@link JpegParts.imageData}). null: not a JPEG, or a structure this
 * parser does not follow (truncated, no EOI, no scan): the caller falls back to exiftool's hash.
 */
export function jpegImageDataHash(bytes: Uint8Array): string | null {
  const parts = jpegParts(bytes);
  return parts && jpegPartsHash(parts).slice('jpeg:'.length);
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const APP1 = 0xe1;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;
/** APP0–APP15 (JFIF, EXIF, XMP, ICC, IPTC/Photoshop, MPF…) and COM: the metadata a write may change. */
const isMetadata = (marker: number) => (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
/** How an APP1 segment holding XMP begins: the standard packet, or a part of extended XMP. */
const XMP_SIGNATURES = ['http://ns.adobe.com/xap/1.0/\0', 'http://ns.adobe.com/xmp/extension/\0'].map(
  (text) => Buffer.from(text, 'latin1'),
);

/** {@link JpegParts} of a JPEG, or null as for jpegImageDataHash. */
export function jpegParts(bytes: Uint8Array): JpegParts | null {
  const length = bytes.length;
  if (length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  const imageData: Buffer[] = [];
  const otherMetadata: Buffer[] = [];
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** How many segments (and stand-alone markers) other than XMP came before this one. */
  let place = 0;
  const placeBytes = () => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(place);
    return buffer;
  };
  let offset = 2;
  let scans = 0;
  for (;;) {
    // A marker, possibly preceded by fill bytes (0xFF repeated), which carry nothing.
    if (offset >= length || view[offset] !== 0xff) return null;
    while (offset < length && view[offset] === 0xff) offset++;
    if (offset >= length) return null;
    const marker = view.readUInt8(offset);
    offset++;
    // The marker itself: its last 0xFF and its code.
    const markerStart = offset - 2;
    if (marker === EOI) {
      if (scans === 0) return null;
      imageData.push(view.subarray(markerStart, offset));
      otherMetadata.push(placeBytes(), view.subarray(offset));
      return { imageData, otherMetadata };
    }
    if (marker === SOI || marker === 0x00) return null;
    if (isRestart(marker) || marker === TEM) {
      // Stand-alone markers outside a scan: image data, however odd.
      imageData.push(view.subarray(markerStart, offset));
      place++;
      continue;
    }
    if (offset + 2 > length) return null;
    const size = view.readUInt16BE(offset);
    if (size < 2 || offset + size > length) return null;
    const end = offset + size;
    if (!isMetadata(marker)) {
      imageData.push(view.subarray(markerStart, end));
      place++;
    } else if (marker !== APP1 || !holdsXmp(view.subarray(offset + 2, end))) {
      otherMetadata.push(placeBytes(), view.subarray(markerStart, end));
      place++;
    }
    offset = end;
    if (marker !== SOS) continue;
    scans++;
    // Entropy-coded data: up to the next marker that is neither stuffing (FF00) nor a restart (FFD0–FFD7).
    const start = offset;
    for (;;) {
      const next = view.indexOf(0xff, offset);
      if (next < 0 || next + 1 >= length) return null;
      let after = next + 1;
      while (after < length && view[after] === 0xff) after++; // fill bytes inside the data: kept
      if (after >= length) return null;
      const code = view.readUInt8(after);
      if (code === 0x00 || isRestart(code)) {
        offset = after + 1;
        continue;
      }
      imageData.push(view.subarray(start, next));
      offset = next;
      break;
    }
  }
}

function holdsXmp(content: Buffer): boolean {
  return XMP_SIGNATURES.some((signature) => content.subarray(0, signature.length).equals(signature));
}
