// Test helper: camera raw and HEIC files with a real embedded preview. The exiftool samples have their
// previews stripped; here a copy of one gets a JPEG made by sharp written into a preview tag by exiftool.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exiftoolPath } from 'exiftool-vendored';
import sharp from 'sharp';
import type { PreviewTag } from '../media/embedded-preview.js';
import { SAMPLES_DIR } from '../metadata/test-files.js';

export interface PreviewImage {
  /** The tag written (the sample's format must hold it: CR2 PreviewImage/ThumbnailImage, NEF and DNG JpgFromRaw/PreviewImage, HEIC ThumbnailImage). */
  readonly tag: PreviewTag;
  readonly width?: number;
  readonly height?: number;
  /** The preview's colour (the tiny captioner names the dominant channel). */
  readonly color?: string;
  /** A damaged preview: noise (so that it is large), then only this fraction of its bytes kept. */
  readonly truncatedTo?: number;
}

export interface PreviewOptions {
  readonly previews: readonly PreviewImage[];
  /** The file's EXIF orientation (IFD0), written too when given. */
  readonly orientation?: number;
  /** The file's name in `dir` (default: the sample's). */
  readonly name?: string;
}

/**
 * Copies the sample `sample` (e.g. `CanonRaw.cr2`) into `dir` and writes into the copy JPEG previews of one
 * colour each, with the real exiftool (run to its end here: no process is left). Returns the copy's path.
 */
export async function writeFileWithPreview(
  sample: string,
  dir: string,
  options: PreviewOptions,
): Promise<string> {
  const name = options.name ?? sample;
  const path = copyWithoutPreview(sample, dir, name);
  const args = ['-m', '-q', '-overwrite_original'];
  const jpegs: string[] = [];
  for (const [index, preview] of options.previews.entries()) {
    const { tag, width = 300, height = 200, color = '#c02020', truncatedTo } = preview;
    const jpeg = join(dir, `.preview-${index}-${name}.jpg`);
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const create = { width, height, channels: 3, background: color } as const;
    const data = await sharp({ create: truncatedTo === undefined ? create : { ...create, noise } })
      .jpeg()
      .toBuffer();
    writeFileSync(
      jpeg,
      truncatedTo === undefined ? data : data.subarray(0, Math.floor(data.length * truncatedTo)),
    );
    jpegs.push(jpeg);
    args.push(`-${tag}<=${jpeg}`);
  }
  if (options.orientation !== undefined) args.push(`-IFD0:Orientation#=${options.orientation}`);
  execFileSync('perl', [await exiftoolPath(), ...args, path], { stdio: 'pipe' });
  for (const jpeg of jpegs) rmSync(jpeg);
  return path;
}

/** A copy of the sample `sample` in `dir` as it is, without any preview. */
export function copyWithoutPreview(sample: string, dir: string, name = sample): string {
  const path = join(dir, name);
  copyFileSync(join(SAMPLES_DIR, sample), path);
  chmodSync(path, 0o644);
  return path;
}
