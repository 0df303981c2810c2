import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { formatOf } from '../library/formats.js';

/** The embedded images a preview may come from, as exiftool names them. */
export const PREVIEW_TAGS = ['JpgFromRaw', 'PreviewImage', 'ThumbnailImage'] as const;
export type PreviewTag = (typeof PREVIEW_TAGS)[number];

/** The images embedded in one file, and the file's EXIF orientation (1–8; null when it has none). */
export interface EmbeddedImageList {
  readonly images: readonly {
    readonly tag: PreviewTag;
    /** The tag with its group, to extract this very instance (`IFD0:PreviewImage`). */
    readonly reference: string;
    readonly bytes: number;
  }[];
  readonly orientation: number | null;
}

/** Reads embedded images out of files: the metadata repository's exiftool does (embedded-images.ts). */
export interface EmbeddedImageReader {
  embeddedImages(path: string): Promise<EmbeddedImageList>;
  /** Writes the image at `reference` to `dest`, a file that must not exist yet. */
  extractEmbeddedImage(path: string, reference: string, dest: string): Promise<void>;
}

/** A file's embedded preview, extracted, oriented and cached: a JPEG any part of AltLens decodes. */
export interface EmbeddedPreview {
  readonly path: string;
  readonly tag: PreviewTag;
  readonly width: number;
  readonly height: number;
}

/** This file has no embedded preview that can be shown; the message says why, in plain words. */
export class NoUsablePreviewError extends Error {
  override name = 'NoUsablePreviewError';
}

/** Decoding more pixels than this is refused (a "pixel bomb"), as for every image. */
const MAX_INPUT_PIXELS = 200_000_000;
/** Numbers each preview being extracted, so that two at once never share a file. */
let made = 0;

/**
 * Whether AltLens shows, captions and reads text in this file through its embedded preview rather than the
 * file itself: camera raw files (sharp decodes no raw data), and HEIC/HEIF where this sharp has no decoder
 * for it (its prebuilt libvips decodes AVIF only, not HEVC).
 */
export function needsEmbeddedPreview(path: string): boolean {
  const format = formatOf(path);
  if (!format) return false;
  if (format.raw) return true;
  return (
    format.format === 'heif' &&
    !(sharp.format.heif.input.fileSuffix ?? []).includes(extname(path).toLowerCase())
  );
}

/**
 * The embedded previews of camera raw and HEIC files, extracted once with exiftool and cached under `dir`
 * keyed by the file's content hash (a renamed or moved file keeps its cache): the largest that decodes
 * (`JpgFromRaw`, `PreviewImage`, `ThumbnailImage`), with the file's EXIF orientation applied, so that
 * whatever decodes it (renditions, the caption engine, OCR) sees the photo the right way up.
 */
export class EmbeddedPreviews {
  private readonly extracting = new Map<string, Promise<EmbeddedPreview>>();

  constructor(
    private readonly dir: string,
    private readonly reader: EmbeddedImageReader,
  ) {}

  pathFor(contentHash: string, tag: PreviewTag): string {
    return join(this.dir, contentHash.slice(0, 2), `${contentHash}-${tag}.jpg`);
  }

  /** The file's preview, extracted now unless cached; a NoUsablePreviewError says why there is none. */
  ensure(path: string, contentHash: string): Promise<EmbeddedPreview> {
    const running = this.extracting.get(contentHash);
    if (running) return running;
    const next = this.cached(contentHash).then((found) => found ?? this.extract(path, contentHash));
    this.extracting.set(contentHash, next);
    const forget = () => this.extracting.delete(contentHash);
    next.then(forget, forget);
    return next;
  }

  private async cached(contentHash: string): Promise<EmbeddedPreview | null> {
    for (const tag of PREVIEW_TAGS) {
      const path = this.pathFor(contentHash, tag);
      if (!(await stat(path).catch(() => null))) continue;
      const { width, height } = await sharp(path).metadata();
      return { path, tag, width, height };
    }
    return null;
  }

  private async extract(path: string, contentHash: string): Promise<EmbeddedPreview> {
    const { images, orientation } = await this.reader.embeddedImages(path);
    if (images.length === 0) throw new NoUsablePreviewError(noPreviewReason(path));
    const target = (tag: PreviewTag) => this.pathFor(contentHash, tag);
    await mkdir(join(target('JpgFromRaw'), '..'), { recursive: true });
    const unusable: PreviewTag[] = [];
    for (const image of [...images].sort((a, b) => b.bytes - a.bytes)) {
      made += 1;
      const partial = `${target(image.tag)}.${process.pid}-${made}.partial`;
      try {
        await this.reader.extractEmbeddedImage(path, image.reference, partial);
        const { width, height } = await usablePreview(partial, orientation);
        await rename(partial, target(image.tag));
        return { path: target(image.tag), tag: image.tag, width, height };
      } catch {
        unusable.push(image.tag);
      } finally {
        await rm(partial, { force: true });
        await rm(`${partial}.oriented`, { force: true });
      }
    }
    throw new NoUsablePreviewError(
      `${kindOf(path)} ${basename(path)} has an embedded preview (${unusable.join(', ')}), but it is ` +
        `damaged or not an image AltLens can read, so the photo cannot be shown or captioned. ${remedy(path)}`,
    );
  }
}

/**
 * Checks that the extracted image at `path` decodes in full, and turns it the right way up (re-encoded as a
 * JPEG without orientation tag) where the file or the preview itself says it is turned; its displayed size.
 */
async function usablePreview(path: string, fileOrientation: number | null) {
  const options = { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS } as const;
  const meta = await sharp(path, options).metadata();
  // Reads every byte of the image data (shrink-on-load still decodes it all): a truncated preview fails.
  await sharp(path, options).resize(32, 32).raw().toBuffer();
  const orientation = fileOrientation ?? meta.orientation ?? 1;
  if (meta.format === 'jpeg' && orientation === 1 && (meta.orientation ?? 1) === 1)
    return { width: meta.width, height: meta.height };
  const oriented = `${path}.oriented`;
  const info = await orient(sharp(path, options), orientation).jpeg({ quality: 92 }).toFile(oriented);
  await rename(oriented, path);
  return { width: info.width, height: info.height };
}

/**
 * Applies an EXIF orientation (1–8) to an image that is stored unturned, as sharp's `rotate()` applies the
 * tag of an image that carries it (the test checks all eight). Its own tag, if any, is not applied.
 */
export function orient(image: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.rotate(90).flip();
    case 6:
      return image.rotate(90);
    case 7:
      return image.rotate(90).flop();
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}

function kindOf(path: string): string {
  return formatOf(path)?.raw ? 'The camera raw file' : 'The HEIC/HEIF image';
}

function remedy(path: string): string {
  return formatOf(path)?.raw
    ? 'Save it again from the camera or your raw converter with an embedded preview, or export a JPEG of it.'
    : 'Export it as a JPEG, or open it on a machine that decodes HEIC.';
}

/** Why a file without any embedded image cannot be shown, in plain words. */
function noPreviewReason(path: string): string {
  const name = basename(path);
  return formatOf(path)?.raw
    ? `The camera raw file ${name} has no embedded preview, and AltLens shows and captions raw files only ` +
        `through their preview. ${remedy(path)}`
    : `This HEIC/HEIF image cannot be decoded here (there is no HEIC decoder on this machine), and ${name} ` +
        `has no embedded preview to use instead. ${remedy(path)}`;
}
