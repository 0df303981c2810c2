import sharp from 'sharp';
import { describeFileError } from '../metadata/errors.js';

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * Width and height as displayed (EXIF orientation applied), read from the header without decoding, of an
 * image file or its bytes already read.
 */
export async function readDimensions(source: string | Buffer): Promise<Dimensions> {
  const meta = await sharp(source, { failOn: 'warning' }).metadata();
  if (!meta.width || !meta.height) throw new Error('the file has no image dimensions');
  const turned = (meta.orientation ?? 1) >= 5;
  return turned ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

/**
 * Turns an error from reading the image at `path` into a reason a person can act on; one from the file
 * system (permission denied, gone…) in the words every part of AltLens uses (metadata/errors.ts).
 */
export function describeImageError(error: unknown, path: string): string {
  const fromFileSystem = describeFileError(error, path, 'read');
  if (fromFileSystem) return fromFileSystem;
  // sharp's summary when a decoder's warning was made an error (failOn) comes before the decoder's words.
  const whole = error instanceof Error ? error.message : String(error);
  const message = whole.replace(FAIL_ON_SUMMARY, '').trim();
  if (/unsupported image format/i.test(message)) {
    return 'Not an image AltLens can read: the contents do not match any supported image format.';
  }
  if (/premature end|truncated|corrupt|not a jpeg|bad huffman|unexpected end/i.test(message)) {
    return `The image data is damaged or incomplete (${firstLine(message)}).`;
  }
  // libvips keeps one error text and one warning queue for the whole process: while other images are
  // decoded at the same time, the decoder's own words can be gone, and only sharp's summary was left.
  if (message === '' && FAIL_ON_SUMMARY.test(whole))
    return 'The image data is damaged or incomplete (the decoder stopped at a problem in it).';
  if (/pixel limit/i.test(message)) return 'The image is too large to decode safely (over 200 megapixels).';
  if (/heif|heic/i.test(message))
    return `This HEIC/HEIF image cannot be decoded here (${firstLine(message)}).`;
  return `The image could not be read (${firstLine(message)}).`;
}

const FAIL_ON_SUMMARY = /^Warning treated as error due to failOn setting\.?/i;

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
