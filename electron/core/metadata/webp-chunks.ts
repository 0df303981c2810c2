import type { ContainerFormat, ContainerParts } from './image-container.js';
import type { SnapshotChange, TagSnapshot } from './tag-snapshot.js';

/** The chunks that hold the picture: its frame (lossy or lossless), its alpha, its animation and frames. */
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF']);
/** VP8X flags that describe the picture, not its metadata (which exiftool sets from the chunks it writes). */
const ALPHA = 0x10;
const ANIMATION = 0x02;
/** How a VP8 key frame's header begins, after its 3-byte frame tag. */
const VP8_START_CODE = Buffer.from([0x9d, 0x01, 0x2a]);
const VP8L_SIGNATURE = 0x2f;

/**
 * A WebP file as a write sees it (image-container.ts). Its image data: its canvas size and the flags that
 * describe the picture (alpha, animation), then every chunk that holds the picture (VP8, VP8L, ALPH, ANIM,
 * ANMF: its type and its content), in order; its metadata chunks (EXIF, XMP, ICCP…) are compared as tags.
 * It is plain when it is a simple WebP (no VP8X chunk), which has no place for metadata: exiftool adds the
 * VP8X chunk of the extended format to write it (its canvas the frame's size, alpha flagged when the
 * lossless frame says it has alpha), and drops it again when no metadata is left and nothing else needs it.
 * The canvas and those flags come from the VP8X chunk, or in a simple WebP from the frame's header. null:
 * these bytes are not WebP, or its chunks do not parse.
 */
export function webpImage(bytes: Buffer): ContainerParts | null {
  if (
    bytes.length < 12 ||
    bytes.toString('latin1', 0, 4) !== 'RIFF' ||
    bytes.toString('latin1', 8, 12) !== 'WEBP'
  )
    return null;
  const chunks: Buffer[] = [];
  let vp8x: Buffer | null = null;
  let frame: { type: string; content: Buffer } | null = null;
  let alphaChunk = false;
  // Every chunk up to the end of the file, as exiftool reads and writes them (not only up to the RIFF size).
  for (let offset = 12; offset < bytes.length;) {
    if (offset + 8 > bytes.length) return null;
    const type = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size;
    if (end > bytes.length) return null;
    const content = bytes.subarray(offset + 8, end);
    if (type === 'VP8X') {
      if (vp8x || content.length < 10) return null;
      vp8x = content;
    } else if (IMAGE_CHUNKS.has(type)) {
      chunks.push(bytes.subarray(offset, offset + 4), content);
      if (type === 'ALPH') alphaChunk = true;
      if (!frame && (type === 'VP8 ' || type === 'VP8L')) frame = { type, content };
    }
    offset = end + (size % 2); // chunks are padded to an even size
  }
  const canvas = vp8x ? extendedCanvas(vp8x) : frame && frameCanvas(frame.type, frame.content, alphaChunk);
  if (!canvas || chunks.length === 0) return null;
  const description = Buffer.from(`canvas ${canvas.width}x${canvas.height}, flags ${canvas.flags}`, 'latin1');
  return { plain: vp8x === null, imageData: [description, ...chunks] };
}

interface Canvas {
  readonly width: number;
  readonly height: number;
  /** The VP8X flags that describe the picture ({@link ALPHA}, {@link ANIMATION}). */
  readonly flags: number;
}

function extendedCanvas(vp8x: Buffer): Canvas {
  const flags = vp8x.readUInt8(0) & (ALPHA | ANIMATION);
  return { width: vp8x.readUIntLE(4, 3) + 1, height: vp8x.readUIntLE(7, 3) + 1, flags };
}

/** The canvas of a simple WebP, from its frame; null when the frame's header is not one. */
function frameCanvas(type: string, content: Buffer, alphaChunk: boolean): Canvas | null {
  if (type === 'VP8 ') {
    if (content.length < 10 || !content.subarray(3, 6).equals(VP8_START_CODE)) return null;
    const flags = alphaChunk ? ALPHA : 0;
    return { width: content.readUInt16LE(6) & 0x3fff, height: content.readUInt16LE(8) & 0x3fff, flags };
  }
  if (content.length < 5 || content.readUInt8(0) !== VP8L_SIGNATURE) return null;
  // 14 bits of width - 1, 14 of height - 1, then whether alpha is used.
  const bits = content.readUInt32LE(1);
  const alpha = (bits >>> 28) & 1 || alphaChunk ? ALPHA : 0;
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, flags: alpha };
}

/** The flags exiftool reads in `RIFF:WebP_Flags` (`XMP, Alpha`); none for `(none)` or no VP8X chunk. */
function flagsOf(value: string | null): Set<string> {
  return new Set(value === null || value === '(none)' ? [] : value.split(', '));
}

/** The flags exiftool sets from the metadata chunks it writes. */
const METADATA_FLAGS = new Set(['XMP', 'EXIF']);

/**
 * The tags that change with the VP8X chunk, and only so:
 * - the file type, which says `Extended` (`WEBP (lossless)` → `Extended WEBP (lossless)`) exactly when the
 *   write added the VP8X chunk (or drops it, when it dropped the chunk);
 * - the flags: XMP and EXIF each set exactly when the file holds that metadata after the write; the others
 *   (alpha, animation, ICC profile) as they were, or, when the VP8X chunk was added or dropped, alpha alone
 *   (checked against the picture with the image data: see {@link webpImage}).
 */
function isVp8xChange(
  { key, before, after }: SnapshotChange,
  was: ContainerParts,
  now: ContainerParts,
  tags: TagSnapshot,
): boolean {
  if (key === 'File:FileType') {
    if (was.plain && !now.plain) return before !== null && after === `Extended ${before}`;
    if (!was.plain && now.plain) return after !== null && before === `Extended ${after}`;
    return false;
  }
  if (key !== 'RIFF:WebP_Flags') return false;
  const flags = flagsOf(after);
  const holdsXmp = Object.keys(tags).some((tag) => tag.startsWith('XMP-'));
  const holdsExif = tags['File:ExifByteOrder'] !== undefined;
  if (flags.has('XMP') !== holdsXmp || flags.has('EXIF') !== holdsExif) return false;
  const pictureFlags = (set: Set<string>) => [...set].filter((flag) => !METADATA_FLAGS.has(flag));
  if (was.plain === now.plain)
    return pictureFlags(flags).sort().join() === pictureFlags(flagsOf(before)).sort().join();
  return pictureFlags(was.plain ? flags : flagsOf(before)).every((flag) => flag === 'Alpha');
}

/** WebP's rules for a write (image-container.ts): exiftool adds the VP8X chunk without a word. */
export const WEBP_CONTAINER: ContainerFormat = {
  name: 'WebP',
  imageDataName: 'its canvas, alpha and animation flags, and its VP8, VP8L, ALPH, ANIM and ANMF chunks',
  parts: webpImage,
  plainWriteArgs: [],
  isContainerWarning: () => false,
  isContainerChange: isVp8xChange,
  containedNote:
    'The WebP file had the simple format, which has no place for metadata: it now has the extended WebP ' +
    'header (a VP8X chunk), the standard form that holds metadata; the image data is unchanged, byte for ' +
    'byte. An undo takes the alt text out again, and the simple header comes back once no metadata is left.',
};
