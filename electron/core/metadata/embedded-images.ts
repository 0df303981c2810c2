import type { ExifTool } from 'exiftool-vendored';
import { z } from 'zod';
import { PREVIEW_TAGS, type EmbeddedImageList, type PreviewTag } from '../media/embedded-preview.js';

/** Every instance of each preview tag (`-a`), by group (`-G1`), and the orientation as a number. */
const LIST_ARGS = ['-a', '-G1', ...PREVIEW_TAGS.map((tag) => `-${tag}`), '-Orientation#'];

/** exiftool's stand-in for a binary value it was not asked to extract. */
const BINARY = /^\(Binary data (\d+) bytes/;

const rawTags = z.record(z.string(), z.unknown());

/**
 * The JPEG images embedded in a file (camera raw previews, EXIF thumbnails), each by its group-qualified
 * tag (`IFD0:PreviewImage`) and size in bytes, and the file's EXIF orientation (IFD0's first).
 */
export async function listEmbeddedImages(exiftool: ExifTool, path: string): Promise<EmbeddedImageList> {
  const read = rawTags.parse(await exiftool.readRaw(path, { readArgs: LIST_ARGS, useMWG: false }));
  const images: EmbeddedImageList['images'][number][] = [];
  let orientation: number | null = null;
  for (const [key, value] of Object.entries(read)) {
    const [group, name] = key.split(':');
    if (!group || !name) continue;
    if (name === 'Orientation' && typeof value === 'number' && (orientation === null || group === 'IFD0'))
      orientation = value;
    const bytes = typeof value === 'string' ? BINARY.exec(value)?.[1] : undefined;
    const tag = PREVIEW_TAGS.find((known) => known === name);
    if (tag && bytes) images.push({ tag: tag satisfies PreviewTag, reference: key, bytes: Number(bytes) });
  }
  return { images, orientation };
}

/**
 * Writes the embedded image at `reference` (as listed by {@link listEmbeddedImages}) to `dest`, a file that
 * must not exist yet. exiftool takes `%` in an output name as a format code: it is doubled to mean itself.
 */
export async function extractEmbeddedImage(
  exiftool: ExifTool,
  path: string,
  reference: string,
  dest: string,
): Promise<void> {
  await exiftool.extractBinaryTag(reference, path, dest.replaceAll('%', '%%'));
}
