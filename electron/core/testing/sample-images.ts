import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** A new empty temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `altlens-${prefix}-`));
}

/** Writes a real image of one colour, made with sharp. */
export async function writeImage(
  path: string,
  options: {
    width?: number;
    height?: number;
    color?: string;
    format?: 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif';
  } = {},
): Promise<Buffer> {
  const { width = 64, height = 48, color = '#c03030', format = 'jpeg' } = options;
  const data = await sharp({ create: { width, height, channels: 3, background: color } })
    .toFormat(format)
    .toBuffer();
  writeFileSync(path, data);
  return data;
}

/** Writes the first half of a real JPEG: a header that parses, then the image data stops. */
export async function writeTruncatedJpeg(path: string): Promise<void> {
  const whole = await writeImage(path, { width: 400, height: 300, color: '#2050a0' });
  writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
}
