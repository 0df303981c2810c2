import sharp from 'sharp';

/** Decoding more pixels than this is refused (a "pixel bomb"). */
const MAX_INPUT_PIXELS = 200_000_000;

export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/**
 * Decodes a photo straight to the model's input size: sharp shrinks JPEG and WebP while decoding
 * (shrink-on-load) when the output is much smaller, and applies EXIF orientation, so a 24-megapixel photo
 * is never held at full size to make a 224-pixel input. `fill` gives exactly that size; `inside` keeps the
 * aspect ratio within it and never enlarges (for processors that resize and split images themselves);
 * `cover` fills that size and cuts the overflow from the middle (CLIP's resize and centre crop).
 * (OCR makes its own, larger input: see ocr/.)
 */
export async function decodeForModel(
  path: string,
  size: { width: number; height: number; fit?: 'fill' | 'inside' | 'cover' },
): Promise<RgbPixels> {
  const fit = size.fit ?? 'fill';
  const { data, info } = await sharp(path, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(size.width, size.height, { fit, withoutEnlargement: fit === 'inside' })
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
