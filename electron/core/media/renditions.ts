import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { MediaKind } from '../../../contract/api.js';

/** Longest side, in pixels, of each rendition the UI asks for. */
const longestSide: Record<MediaKind, number> = { thumbnail: 320, preview: 1600 };

/** Decoding more pixels than this is refused (a "pixel bomb"); 24 MP photos are far below it. */
const MAX_INPUT_PIXELS = 200_000_000;
/** Numbers each rendition being made, so that two made at once (copies of one photo) never share a file. */
let made = 0;

/**
 * Renditions (thumbnails, previews) cached on disk under `dir`, keyed by the image's content hash so that
 * a renamed or moved file keeps its cache. sharp decodes with shrink-on-load and applies EXIF orientation.
 */
export class RenditionCache {
  constructor(private readonly dir: string) {}

  pathFor(kind: MediaKind, contentHash: string): string {
    return join(this.dir, kind, contentHash.slice(0, 2), `${contentHash}.webp`);
  }

  /**
   * The rendition's path, made now if it is not cached, from the image's file or its bytes already read.
   * Throws a readable error for a bad image.
   */
  async ensure(kind: MediaKind, source: string | Buffer, contentHash: string): Promise<string> {
    const target = this.pathFor(kind, contentHash);
    if (await exists(target)) return target;
    await mkdir(join(target, '..'), { recursive: true });
    made += 1;
    const partial = `${target}.${process.pid}-${made}.partial`;
    await rendition(kind, source).toFile(partial);
    await rename(partial, target);
    return target;
  }
}

/**
 * A rendition of an image, not yet run: the whole image decoded (a warning counts as a failure), oriented,
 * shrunk and encoded as WebP.
 */
export function rendition(kind: MediaKind, source: string | Buffer): Sharp {
  const size = longestSide[kind];
  return sharp(source, { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: kind === 'thumbnail' ? 75 : 85 });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
