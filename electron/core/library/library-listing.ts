import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ImageDetail, ImageSort, ImageStatus, ImageSummary, MediaKind } from '../../../contract/api.js';
import { notFound } from '../api/errors.js';
import type { DecodableImage, RenditionCache } from '../media/renditions.js';
import { toDetail, toSummary } from './image-rows.js';
import { isUnchanged } from './indexer.js';
import { PATH_ORDER } from './list-order.js';
import type { LibraryStore } from './store.js';

/** Which images a listing holds, and in which order (by path when not said; list-order.ts). */
export interface ImageListFilter {
  readonly status?: ImageStatus | undefined;
  readonly folderId?: number | undefined;
  /** A folder's absolute path: the photos in it and its subfolders. */
  readonly folderPath?: string | undefined;
  readonly format?: string | undefined;
  /** An FTS5 match expression (see `toMatchExpression`). */
  readonly match?: string | null | undefined;
  readonly sort?: ImageSort | undefined;
  readonly descending?: boolean | undefined;
}

export interface ImageListRequest extends ImageListFilter {
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

export interface ImagePage {
  readonly total: number;
  readonly images: ImageSummary[];
}

/** A page when the caller does not say (the API's default too). */
const DEFAULT_PAGE_SIZE = 100;
/** Rows read at a time by `eachImage`. */
const ITERATION_PAGE_SIZE = 500;

/** Finding images: pages, ids, searches, one image, where it stands in a list, failures, renditions. */
export class LibraryListing {
  constructor(
    private readonly store: LibraryStore,
    private readonly renditions: RenditionCache,
  ) {}

  /** One page of the images (in the order asked) with these filters, and how many there are in all. */
  listImages(request: ImageListRequest = {}): ImagePage {
    const page = { ...request, offset: request.offset ?? 0, limit: request.limit ?? DEFAULT_PAGE_SIZE };
    const { total, rows } = this.store.imagePage(page);
    return { total, images: rows.map(toSummary) };
  }

  /** The ids of every image with these filters, in the order of `listImages`'s pages. */
  imageIds(filter: ImageListFilter = {}): number[] {
    return this.store.imageIds(filter);
  }

  /** Every image with these filters, in path order, read a page at a time (for exports and scripts). */
  *eachImage(filter: ImageListFilter = {}, pageSize = ITERATION_PAGE_SIZE): Generator<ImageDetail> {
    let afterPath: string | undefined;
    const pathOrder = { ...filter, ...PATH_ORDER };
    for (;;) {
      const rows = this.store.images({ ...pathOrder, afterPath, offset: 0, limit: pageSize });
      for (const row of rows) yield toDetail(row);
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      afterPath = last.path;
    }
  }

  /** Full-text search (every word, as a prefix) over alt text, descriptions, OCR text and paths, filtered. */
  search(params: ImageListRequest & { query: string }): ImagePage {
    return this.listImages({ ...params, match: toMatchExpression(params.query) });
  }

  /** The image whose file is at this (absolute) path, if the library has it. */
  findImageByPath(path: string): ImageDetail | undefined {
    const row = this.store.imageByPath(path);
    return row ? this.findImage(row.id) : undefined;
  }

  getImage(id: number): ImageDetail {
    const image = this.findImage(id);
    if (!image) throw notFound(`Image ${id}`);
    return image;
  }

  findImage(id: number): ImageDetail | undefined {
    const row = this.store.image(id);
    return row ? toDetail(row) : undefined;
  }

  /** The photos a batch action applies to: these ids (each once), or every photo the filter holds. */
  selectionIds(selection: { imageIds: readonly number[] } | { filter: ImageListFilter }): number[] {
    return 'imageIds' in selection ? [...new Set(selection.imageIds)] : this.imageIds(selection.filter);
  }

  /** Where a photo stands in a filtered list (in its order), with the photos before and after it. */
  neighbours(id: number, filter: ImageListFilter) {
    if (!this.store.image(id)) throw notFound(`Image ${id}`);
    const place = this.store.placeInList(filter, id);
    return {
      previousId: place.previousId,
      nextId: place.nextId,
      position: place.included ? place.before + 1 : null,
      total: this.store.imageCount(filter),
    };
  }

  /** The newest photos whose caption or write failed, with the reasons, and how many there are. */
  failures(job: 'caption' | 'write', limit: number) {
    const { total, rows } = this.store.failedJobs(job, limit);
    const failures = rows.map((row) => ({
      imageId: row.id,
      fileName: basename(row.path),
      reason: row.error ?? 'No reason was given.',
    }));
    return { total, failures };
  }

  /** The path of a rendition of an image, made on demand; found by id only. */
  async mediaPath(kind: MediaKind, imageId: number): Promise<string> {
    const row = this.store.image(imageId);
    if (!row) throw notFound(`Image ${imageId}`);
    if (row.error !== null || (kind === 'thumbnail' && row.has_thumbnail === 0)) {
      throw notFound(`A ${kind} of image ${imageId}`);
    }
    // A missing file's renditions are shown while they are cached; none can be made.
    if (row.missing_since !== null && !existsSync(this.renditions.pathFor(kind, row.content_hash))) {
      throw notFound(`A ${kind} of image ${imageId} (its file is missing)`);
    }
    return this.renditions.ensure(kind, row.path, row.content_hash);
  }

  /**
   * The file to decode for the photo at `path` (the caption engine, OCR, anything that reads its pixels):
   * itself, or the embedded preview of a camera raw or undecodable HEIC, cached under the content hash the
   * library knows while the file is unchanged (RenditionCache.decodable).
   */
  async decodable(path: string): Promise<DecodableImage> {
    const row = this.store.imageByPath(path);
    const info = row ? await stat(path).catch(() => null) : null;
    const known =
      row && info && isUnchanged(row, info) && row.content_hash !== '' ? row.content_hash : undefined;
    return this.renditions.decodable(path, known);
  }
}

/**
 * A person's words as an FTS5 expression: each word a quoted prefix, all required. Quoting keeps FTS5's
 * own syntax (AND, NEAR, column filters, stray quotes) out of what people type. No words → null.
 */
export function toMatchExpression(query: string): string | null {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 ? words.map((word) => `"${word}"*`).join(' ') : null;
}

/** A person's search words, filters and order as a listing filter. */
export function toListFilter(filter: {
  query?: string;
  status?: ImageStatus;
  folderId?: number;
  folderPath?: string;
  sort?: ImageSort;
  descending?: boolean;
}): ImageListFilter {
  const { status, folderId, folderPath, sort, descending } = filter;
  return { status, folderId, folderPath, sort, descending, match: toMatchExpression(filter.query ?? '') };
}
