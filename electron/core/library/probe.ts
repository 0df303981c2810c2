import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { NoUsablePreviewError } from '../media/embedded-preview.js';
import { rendition } from '../media/renditions.js';
import { describeFileError } from '../metadata/errors.js';
import { formatOf } from './formats.js';

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

/** A scan's reason for a file of 0 bytes. */
export const EMPTY_FILE_REASON = 'The file is empty (0 bytes).';

/**
 * Why a scan cannot read this image file because of the file itself (empty, not an image, damaged or
 * incomplete), in the scan's words; null when a scan reads it. The same checks as a scan: the header, then
 * the whole image decoded as for its thumbnail. Camera raw files (a scan only hashes them) and kinds of
 * file a scan does not list are not judged here, nor files this machine cannot decode although they are
 * sound (a HEIC without the codec, a pixel bomb): those are left to whoever reads them next.
 */
export async function unreadableReason(path: string): Promise<string | null> {
  const format = formatOf(path);
  if (!format || format.raw) return null;
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  if (info.size === 0) return EMPTY_FILE_REASON;
  try {
    await readDimensions(path);
    await rendition('thumbnail', path).toBuffer();
    return null;
  } catch (error) {
    const problem = imageProblem(error, path);
    return problem.inTheFile ? problem.reason : null;
  }
}

/**
 * Turns an error from reading the image at `path` into a reason a person can act on; one from the file
 * system (permission denied, gone…) in the words every part of AltLens uses (metadata/errors.ts).
 */
export function describeImageError(error: unknown, path: string): string {
  return imageProblem(error, path).reason;
}

/** The reason for an error from reading an image, and whether the file itself is bad (not this machine). */
function imageProblem(error: unknown, path: string): { reason: string; inTheFile: boolean } {
  const elsewhere = (reason: string) => ({ reason, inTheFile: false });
  const inTheFile = (reason: string) => ({ reason, inTheFile: true });
  if (error instanceof NoUsablePreviewError) return inTheFile(error.message);
  const fromFileSystem = describeFileError(error, path, 'read');
  if (fromFileSystem) return elsewhere(fromFileSystem);
  // sharp's summary when a decoder's warning was made an error (failOn) comes before the decoder's words.
  const whole = error instanceof Error ? error.message : String(error);
  const message = whole.replace(FAIL_ON_SUMMARY, '').trim();
  if (/unsupported image format/i.test(message)) {
    return inTheFile('Not an image AltLens can read: the contents do not match any supported image format.');
  }
  if (/premature end|truncated|corrupt|not a jpeg|bad huffman|unexpected end/i.test(message)) {
    return inTheFile(`The image data is damaged or incomplete (${firstLine(message)}).`);
  }
  // libvips keeps one error text and one warning queue for the whole process: while other images are
  // decoded at the same time, the decoder's own words can be gone, and only sharp's summary was left.
  if (message === '' && FAIL_ON_SUMMARY.test(whole))
    return inTheFile('The image data is damaged or incomplete (the decoder stopped at a problem in it).');
  if (/pixel limit/i.test(message))
    return elsewhere('The image is too large to decode safely (over 200 megapixels).');
  if (/heif|heic/i.test(message))
    return elsewhere(`This HEIC/HEIF image cannot be decoded here (${firstLine(message)}).`);
  return elsewhere(`The image could not be read (${firstLine(message)}).`);
}

const FAIL_ON_SUMMARY = /^Warning treated as error due to failOn setting\.?/i;

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
