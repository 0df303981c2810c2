import type { ImageSummary } from '../../../contract/api';

/** How many photos one call asks for: the grid loads the pages it shows, one call each. */
export const PAGE_SIZE = 200;

/** The page that holds the photo at `index` of the list. */
export function pageOf(index: number): number {
  return Math.floor(index / PAGE_SIZE);
}

/** Some pages of the list (by page number), and how many photos the list holds in all. */
export interface ImagePages {
  readonly total: number;
  readonly pages: ReadonlyMap<number, readonly ImageSummary[]>;
}

/**
 * Adds a page that just arrived, and drops the pages no item in view belongs to, oldest first, beyond the
 * `keep` most recent ones (a page's place in the map is when it last arrived).
 */
export function withPage(
  loaded: ImagePages,
  page: number,
  images: readonly ImageSummary[],
  total: number,
  inView: ReadonlySet<number>,
  keep: number,
): ImagePages {
  const pages = new Map(loaded.pages);
  pages.delete(page);
  pages.set(page, images);
  for (const number of pages.keys()) {
    if (pages.size <= keep) break;
    if (!inView.has(number)) pages.delete(number);
  }
  return { total, pages };
}

/** One card of the grid: a photo, or a slot whose page has not arrived yet. */
export type GridItem =
  | { readonly id: number; readonly index: number; readonly image: ImageSummary; readonly current: boolean }
  | { readonly id: string; readonly index: number; readonly image: null; readonly current: false };

/**
 * The grid's cards, one for each photo of the list. The card made last time is kept where nothing about it
 * changed (so the grid renders only the cards that did). A photo listed twice (the library changed between
 * two pages) is shown once, its other place a slot, so every key stays unique.
 */
export function gridItems(
  previous: readonly GridItem[],
  loaded: ImagePages,
  currentImageId: number | null,
): GridItem[] {
  const items: GridItem[] = new Array<GridItem>(loaded.total);
  const seen = new Set<number>();
  for (let index = 0; index < loaded.total; index++) {
    const image = loaded.pages.get(pageOf(index))?.[index % PAGE_SIZE] ?? null;
    const before = previous[index];
    if (image && !seen.has(image.id)) {
      seen.add(image.id);
      const current = image.id === currentImageId;
      items[index] =
        before?.image === image && before.current === current
          ? before
          : { id: image.id, index, image, current };
    } else {
      items[index] =
        before?.image === null ? before : { id: `slot-${index}`, index, image: null, current: false };
    }
  }
  return items;
}
