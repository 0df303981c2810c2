import type { ContainerFormat, ContainerParts } from './image-container.js';
import type { SnapshotChange } from './tag-snapshot.js';

const BARE_SIGNATURE = Buffer.from([0xff, 0x0a]);
/** The first box of a JPEG XL container: size 12, type `JXL `, content 0D 0A 87 0A. */
const CONTAINER_SIGNATURE = Buffer.from('0000000c4a584c200d0a870a', 'hex');

/**
 * A JPEG XL file as a write sees it (image-container.ts): its image data is its codestream, the picture itself
 * (every byte of it, in order: from a `jxlc` box, or the `jxlp` boxes' parts put together), and it is plain
 * when it is that codestream alone. A bare codestream (the file begins with `FF 0A`) has no place for metadata:
 * exiftool puts it into an ISO BMFF container (signature box, `ftyp`, the codestream in a `jxlc` box, and the
 * metadata in boxes of their own) to write it, and refuses unless told minor errors are fine (`-m`). null:
 * these bytes are not JPEG XL, or its boxes do not parse.
 */
export function jxlImage(bytes: Buffer): ContainerParts | null {
  if (bytes.subarray(0, 2).equals(BARE_SIGNATURE)) return { plain: true, imageData: [bytes] };
  if (!bytes.subarray(0, CONTAINER_SIGNATURE.length).equals(CONTAINER_SIGNATURE)) return null;
  const whole: Buffer[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return null;
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      // A 64-bit size follows the type.
      if (offset + 16 > bytes.length) return null;
      const large = bytes.readBigUInt64BE(offset + 8);
      if (large > BigInt(bytes.length)) return null;
      size = Number(large);
      header = 16;
    } else if (size === 0) size = bytes.length - offset; // the last box: up to the end of the file
    if (size < header || offset + size > bytes.length) return null;
    const content = bytes.subarray(offset + header, offset + size);
    if (type === 'jxlc') whole.push(content);
    else if (type === 'jxlp') {
      // Each part begins with its index (4 bytes; the top bit marks the last part).
      if (content.length < 4) return null;
      parts.push(content.subarray(4));
    }
    offset += size;
  }
  // A container holds its codestream either whole (one jxlc box) or in parts (jxlp boxes), never both.
  if (whole.length + (parts.length > 0 ? 1 : 0) !== 1) return null;
  return { plain: false, imageData: [whole[0] ?? Buffer.concat(parts)] };
}

/**
 * What a write into a bare codestream passes exiftool so that it writes it. `-m` turns minor errors into
 * warnings, and every warning but the wrap's still fails the write; the checks it also relaxes concern
 * metadata already in the file, and a bare codestream holds none.
 */
const WRAP_WRITE_ARGS: readonly string[] = ['-m'];

/** exiftool's warning, given `-m`, after it put a bare codestream into a container (without `[minor]`). */
const WRAP_WARNING = /^(?:warning:\s*)?(?:\[minor\]\s*)?Wrapped JXL codestream in ISO BMFF container\b/i;

/**
 * The tags that change when a bare codestream is put into a container, and only then: the file type, and
 * the container's `ftyp` brands, which appear.
 */
function isWrapChange({ key, before, after }: SnapshotChange): boolean {
  if (key === 'File:FileType') return before === 'JXL Codestream' && after === 'JXL';
  return before === null && /^Jpeg2000:(?:MajorBrand|MinorVersion|CompatibleBrands)$/.test(key);
}

/** JPEG XL's rules for a write (image-container.ts). */
export const JXL_CONTAINER: ContainerFormat = {
  name: 'JPEG XL',
  imageDataName: 'its JPEG XL codestream',
  parts: jxlImage,
  plainWriteArgs: WRAP_WRITE_ARGS,
  isContainerWarning: (warning) => WRAP_WARNING.test(warning),
  isContainerChange: (change, before, after) => before.plain && !after.plain && isWrapChange(change),
  containedNote:
    'The JPEG XL file was a bare codestream, which has no place for metadata: it is now in a JPEG XL ' +
    'container, the standard form that holds metadata; the image data is unchanged, byte for byte. An ' +
    'undo takes the alt text out again and leaves the container.',
};
