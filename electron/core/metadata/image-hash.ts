import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { IMAGE_DATA_HASH, type TagSnapshot } from './tag-snapshot.js';

/**
 * What proves the image itself was not touched by a metadata write: exiftool's `ImageDataHash` (SHA-256 of
 * the image data) when the snapshot holds it (it is asked for TIFF/DNG/CR2/NEF, PNG, WebP, HEIC/AVIF, JXL);
 * else, for a JPEG, {@link jpegImageDataHash}, computed here from the file's bytes (a JPEG is recognized by
 * its content, not its name); else (GIF) the SHA-256 of the decoded pixels (sharp, every frame). null: none
 * works. The repository hashes a JPEG with {@link jpegHashOfFile} directly, before and after a write.
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

/** The JPEG image data hash of a file (`jpeg:…`), or null when it is not a JPEG this parser can follow. */
export async function jpegHashOfFile(path: string): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return null;
  }
  const hash = jpegImageDataHash(bytes);
  return hash === null ? null : `jpeg:${hash}`;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;
/** APP0–APP15 (JFIF, EXIF, XMP, ICC, IPTC/Photoshop, MPF…) and COM: the metadata a write may change. */
const isMetadata = (marker: number) => (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;

/**
 * SHA-256 (hex) of a JPEG's image data: from SOI to EOI, every marker segment (DQT, DHT, SOF, DRI, SOS…,
 * marker and content) except APPn and COM, and all the entropy-coded data of every scan (restart markers and
 * byte stuffing included). A metadata write (which rewrites APPn/COM only, and may change what follows EOI)
 * leaves it unchanged; any change to the coded picture changes it. null: not a JPEG, or a structure this
 * parser does not follow (truncated, no EOI, no scan): the caller falls back to exiftool's hash.
 */
export function jpegImageDataHash(bytes: Uint8Array): string | null {
  const length = bytes.length;
  if (length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  const hash = createHash('sha256');
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let scans = 0;
  for (;;) {
    // A marker, possibly preceded by fill bytes (0xFF repeated), which carry nothing.
    if (offset >= length || view[offset] !== 0xff) return null;
    while (offset < length && view[offset] === 0xff) offset++;
    if (offset >= length) return null;
    const marker = view.readUInt8(offset);
    offset++;
    if (marker === EOI) {
      if (scans === 0) return null;
      hash.update(view.subarray(offset - 2, offset));
      return hash.digest('hex');
    }
    if (marker === SOI || marker === 0x00) return null;
    if (isRestart(marker) || marker === TEM) {
      // Stand-alone markers outside a scan: image data, however odd.
      hash.update(Buffer.from([0xff, marker]));
      continue;
    }
    if (offset + 2 > length) return null;
    const size = view.readUInt16BE(offset);
    if (size < 2 || offset + size > length) return null;
    const end = offset + size;
    if (!isMetadata(marker)) {
      hash.update(Buffer.from([0xff, marker]));
      hash.update(view.subarray(offset, end));
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
      while (after < length && view[after] === 0xff) after++; // fill bytes inside the data: kept, hashed
      if (after >= length) return null;
      const code = view.readUInt8(after);
      if (code === 0x00 || isRestart(code)) {
        offset = after + 1;
        continue;
      }
      hash.update(view.subarray(start, next));
      offset = next;
      break;
    }
  }
}
