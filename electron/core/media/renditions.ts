import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { MediaKind } from '../../../contract/api.js';
import { hashFile } from '../library/hash.js';
import {
  EmbeddedPreviews,
  needsEmbeddedPreview,
  NoUsablePreviewError,
  type EmbeddedImageReader,
  type PreviewTag,
} from './embedded-preview.js';

/** Longest side, in pixels, of each rendition the UI asks for. */
const longestSide: Record<MediaKind, number> = { thumbnail: 320, preview: 1600 };

/** Decoding more pixels than this is refused (a "pixel bomb"); 24 MP photos are far below it. */
const MAX_INPUT_PIXELS = 200_000_000;
/** Numbers each rendition being made, so that two made at once (copies of one photo) never share a file. */
let made = 0;

/** What to decode for a photo: its own file, or (camera raw, HEIC without a decoder) its embedded preview. */
export interface DecodableImage {
  readonly path: string;
  /** The embedded preview `path` is, or null for the file itself. */
  readonly preview: PreviewTag | null;
}

/**
 * Renditions (thumbnails, previews) cached on disk under `dir`, keyed by the image's content hash so that
 * a renamed or moved file keeps its cache. sharp decodes with shrink-on-load and applies EXIF orientation.
 * Camera raw and undecodable HEIC files are decoded through their embedded previews, extracted once into
 * the same cache (`previews`; without it they cannot be decoded).
 */
export class RenditionCache {
  constructor(
    private readonly dir: string,
    private readonly previews: EmbeddedPreviews | null = null,
  ) {}

  /** The cache of a data folder (`cache/`, embedded previews in `cache/embedded/`), read with `reader`. */
  static inDataDir(dataDir: string, reader?: EmbeddedImageReader): RenditionCache {
    const dir = join(dataDir, 'cache');
    return new RenditionCache(dir, reader ? new EmbeddedPreviews(join(dir, 'embedded'), reader) : null);
  }

  /** Whether camera raw and undecodable HEIC files are read through their embedded previews here. */
  get readsPreviews(): boolean {
    return this.previews !== null;
  }

  /**
   * The file to decode for the photo at `path`: itself, or its embedded preview, extracted unless cached
   * (by `contentHash`, found from the file when not given). A NoUsablePreviewError says why there is none.
   */
  async decodable(path: string, contentHash?: string): Promise<DecodableImage> {
    if (!needsEmbeddedPreview(path)) return { path, preview: null };
    if (!this.previews)
      throw new NoUsablePreviewError(
        `${basename(path)} can only be shown through the preview embedded in it, and this command does ` +
          'not read embedded previews: open it in the app, or with "altlens serve".',
      );
    const preview = await this.previews.ensure(path, contentHash ?? (await hashFile(path)));
    return { path: preview.path, preview: preview.tag };
  }

  pathFor(kind: MediaKind, contentHash: string): string {
    return join(this.dir, kind, contentHash.slice(0, 2), `${contentHash}.webp`);
  }

  /**
   * The rendition's path, made now if it is not cached, from the image's file (through its embedded preview
   * where it needs one) or its bytes already read. Throws a readable error for a bad image.
   */
  async ensure(kind: MediaKind, source: string | Buffer, contentHash: string): Promise<string> {
    const target = this.pathFor(kind, contentHash);
    if (await exists(target)) return target;
    const input = typeof source === 'string' ? (await this.decodable(source, contentHash)).path : source;
    await mkdir(join(target, '..'), { recursive: true });
    made += 1;
    const partial = `${target}.${process.pid}-${made}.partial`;
    await rendition(kind, input).toFile(partial);
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
