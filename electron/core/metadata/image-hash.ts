import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { IMAGE_DATA_HASH, type TagSnapshot } from './tag-snapshot.js';

/**
 * What proves the image itself was not touched by a metadata write: exiftool's `ImageDataHash` (SHA-256 of
 * the image data), which it computes for JPEG, TIFF/DNG/CR2/NEF, PNG, WebP, HEIC/AVIF, JXL. For a format it
 * cannot hash (GIF), the SHA-256 of the decoded pixels (sharp, every frame). null: neither works.
 */
export async function imageHash(path: string, snapshot: TagSnapshot): Promise<string | null> {
  const fromExiftool = snapshot[IMAGE_DATA_HASH];
  if (fromExiftool) return `exiftool:${fromExiftool}`;
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
