// The photo as it leaves the machine (issue 13 §2): decoded, turned upright, shrunk to at most 1,536
// pixels on its longest side and encoded again as a JPEG, with no metadata at all (sharp writes none
// unless asked: no EXIF, GPS, XMP, IPTC or ICC profile, so no names, places or camera serials).
import sharp from 'sharp';

/** The longest side of a photo sent to a provider, in pixels. */
export const SENT_LONGEST_SIDE = 1536;

/** Decoding more pixels than this is refused (a "pixel bomb"). */
const MAX_INPUT_PIXELS = 200_000_000;

export interface SentPhoto {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
  readonly mediaType: 'image/jpeg';
}

/** The photo at `path` as it is sent to a provider. Throws a readable error for a file that is no image. */
export async function photoToSend(path: string): Promise<SentPhoto> {
  try {
    const { data, info } = await sharp(path, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(SENT_LONGEST_SIDE, SENT_LONGEST_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height, mediaType: 'image/jpeg' };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${path} could not be read as an image to send (${why}).`);
  }
}
