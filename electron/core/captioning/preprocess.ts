import sharp, { type Sharp } from 'sharp';

/** Decoding more pixels than this is refused (a "pixel bomb"). */
const MAX_INPUT_PIXELS = 200_000_000;

/** Longest side of the image handed to OCR: enough for sign-sized text, far below a 24 MP photo. */
export const OCR_LONGEST_SIDE = 1600;

export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

export interface DecodedImage {
  /** Exactly the model's input size (its processor resizes no further). */
  readonly modelPixels: RgbPixels;
  /** A PNG at most OCR_LONGEST_SIDE pixels long, when OCR was asked for. */
  readonly ocrImage: Buffer | null;
}

/**
 * Decodes a photo once, small: sharp shrinks JPEG and WebP while decoding (shrink-on-load) when the output
 * is much smaller, and applies EXIF orientation, so a 24-megapixel photo is never held at full size just
 * to make a 224-pixel model input.
 */
export async function decodeImage(
  path: string,
  modelSize: { width: number; height: number },
  options: { ocr: boolean },
): Promise<DecodedImage> {
  const source = sharp(path, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  if (!options.ocr) return { modelPixels: await toModelPixels(source, modelSize), ocrImage: null };

  const { data, info } = await source
    .resize(OCR_LONGEST_SIDE, OCR_LONGEST_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 3 as const } };
  const [modelPixels, ocrImage] = await Promise.all([
    toModelPixels(sharp(data, raw), modelSize),
    sharp(data, raw).png({ compressionLevel: 1 }).toBuffer(),
  ]);
  return { modelPixels, ocrImage };
}

async function toModelPixels(image: Sharp, size: { width: number; height: number }): Promise<RgbPixels> {
  const { data, info } = await image
    .resize(size.width, size.height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}
