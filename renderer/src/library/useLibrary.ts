import { useState } from 'react';
import { useImageCount } from './useImageCount';
import { noFilters, useSearch, type SearchFilters, type SearchResults } from './useSearch';

export interface Library extends SearchResults {
  /** The search words and filters the grid shows (none: the whole library). */
  filters: SearchFilters;
  setFilters: (filters: SearchFilters) => void;
  /** How many photos the whole library holds; null until counted. */
  count: number | null;
}

/** The photos the library view shows, a page at a time, and the library's size; kept up to date. */
export function useLibrary(): Library {
  const [filters, setFilters] = useState(noFilters);
  const results = useSearch(filters);
  const count = useImageCount();
  return { ...results, filters, setFilters, count };
}
