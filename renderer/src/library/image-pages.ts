import type { ImageSummary } from '../../../contract/api';

/** The photos loaded so far (the first ones, in order) and how many there are in all. */
export interface ImagePages {
  readonly images: ImageSummary[];
  readonly total: number;
}

/**
 * Adds the page that starts at `offset` after the photos loaded before it. A photo already loaded is not
 * added twice (the library may have changed between two pages), so every grid key stays unique.
 */
export function appendPage(pages: ImagePages | null, offset: number, page: ImagePages): ImagePages {
  const before = offset === 0 || !pages ? [] : pages.images.slice(0, offset);
  const seen = new Set(before.map((image) => image.id));
  return { total: page.total, images: [...before, ...page.images.filter((image) => !seen.has(image.id))] };
}
