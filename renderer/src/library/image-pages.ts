import type { ImageSummary } from '../../../contract/api';

/** How many photos one call asks for: the grid loads the pages it shows, one call each. */
export const PAGE_SIZE = 200;

/** The page that holds the photo at `index` of the list. */
export function pageOf(index: number): number {
  return Math.floor(index / PAGE_SIZE);
}

/** Every photo of the list by id, in its order, and some pages of their summaries (by page number). */
export interface ImagePages {
  readonly ids: readonly number[];
  readonly pages: ReadonlyMap<number, readonly ImageSummary[]>;
}

/**
 * Adds a page that just arrived, and drops the pages no item in view belongs to, oldest first, beyond the
 * `keep` most recent ones (a page's place in the map is when it last arrived).
 */
export function withPage<Loaded extends Pick<ImagePages, 'pages'>>(
  loaded: Loaded,
  page: number,
  images: readonly ImageSummary[],
  inView: ReadonlySet<number>,
  keep: number,
): Loaded {
  const pages = new Map(loaded.pages);
  pages.delete(page);
  pages.set(page, images);
  for (const number of pages.keys()) {
    if (pages.size <= keep) break;
    if (!inView.has(number)) pages.delete(number);
  }
  return { ...loaded, pages };
}

/** One card of the grid: a photo, keyed by its id from the start; `image` is null until its page arrives. */
export interface GridItem {
  readonly id: number;
  readonly index: number;
  readonly image: ImageSummary | null;
  readonly current: boolean;
}

/**
 * The grid's cards, one for each photo of the list, each with its summary where a page loaded holds it. The
 * card made last time is kept where nothing about it changed (so the grid renders only the cards that did).
 */
export function gridItems(
  previous: readonly GridItem[],
  loaded: ImagePages,
  currentImageId: number | null,
): GridItem[] {
  const summaries = new Map<number, ImageSummary>();
  for (const images of loaded.pages.values()) for (const image of images) summaries.set(image.id, image);
  return loaded.ids.map((id, index) => {
    const image = summaries.get(id) ?? null;
    const current = id === currentImageId;
    const before = previous[index];
    return before?.id === id && before.image === image && before.current === current
      ? before
      : { id, index, image, current };
  });
}
