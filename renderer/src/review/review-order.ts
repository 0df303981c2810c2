import type { ImageStatus } from '../../../contract/api';
import { isActive, type SearchFilters } from '../library/useSearch';

/** Which photos review opens on when none is named: generated captions to check, then the rest. */
export const reviewFirst: readonly ImageStatus[] = ['needs-review', 'pending', 'edited'];

/** Where a photo stands in the list review walks (the library's search and filters, in path order). */
export interface ReviewPlace {
  previousId: number | null;
  nextId: number | null;
  /** 1-based; null when the photo is not (or no longer) in the list. */
  position: number | null;
  total: number;
}

/** "Photo 12 of 340", or "of 3 search results" when the library shows a search (or "filtered photos"). */
export function placeText(place: ReviewPlace, filters: SearchFilters): string {
  const list = filters.query.trim() ? ' search results' : isActive(filters) ? ' filtered photos' : '';
  if (place.position === null) return `Not in the list of ${place.total}${list || ' photos'}`;
  return `Photo ${place.position} of ${place.total}${list}`;
}
