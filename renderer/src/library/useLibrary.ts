import { useCallback, useState } from 'react';
import { ImageSort, ImageStatus } from '../../../contract/api';
import { useStoredState } from '../app/useStoredState';
import { useImageCount } from './useImageCount';
import { noFilters, useSearch, type SearchFilters, type SearchResults } from './useSearch';

export interface Library extends SearchResults {
  /** The search words and filters the grid shows (none: the whole library). */
  filters: SearchFilters;
  setFilters: (filters: SearchFilters) => void;
  /** How many photos the library holds; null until counted. */
  count: number | null;
}

/** The sidebar's choice (a collection, a folder) and the grid's order, kept between runs; the search words are not. */
type SidebarChoice = Pick<SearchFilters, 'status' | 'folderPath' | 'sort' | 'descending'>;

function parseChoice(stored: unknown): SidebarChoice | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const { status, folderPath, sort, descending } = stored as Record<string, unknown>;
  const parsed = ImageStatus.nullable().safeParse(status ?? null);
  const order = ImageSort.safeParse(sort);
  return {
    status: parsed.success ? parsed.data : null,
    folderPath: typeof folderPath === 'string' && folderPath !== '' ? folderPath : null,
    sort: order.success ? order.data : noFilters.sort,
    descending: descending === true,
  };
}

/** The photos the library view shows, a page at a time, and the library's size; kept up to date. */
export function useLibrary(): Library {
  const [choice, keepChoice] = useStoredState('altlens.sidebar', parseChoice, {
    status: noFilters.status,
    folderPath: noFilters.folderPath,
    sort: noFilters.sort,
    descending: noFilters.descending,
  });
  const [filters, setFilterState] = useState<SearchFilters>(() => ({ ...noFilters, ...choice }));
  const setFilters = useCallback(
    (next: SearchFilters) => {
      setFilterState(next);
      const { status, folderPath, sort, descending } = next;
      keepChoice({ status, folderPath, sort, descending });
    },
    [keepChoice],
  );
  const results = useSearch(filters);
  const count = useImageCount();
  return { ...results, filters, setFilters, count };
}
