import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { fetchPage, type SearchFilters } from '../library/useSearch';
import { reviewFirst } from './review-order';

/**
 * The photo review opens on when none is named: in the library's current list, the first generated caption
 * to check, else the first photo without a description, else the first described, else the first of all.
 * `undefined` while looking, null when the list is empty.
 */
export function useFirstToReview(filters: SearchFilters): number | null | undefined {
  const api = useApi();
  const [first, setFirst] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      const tries = filters.status ? [filters.status] : [...reviewFirst, null];
      for (const status of tries) {
        const page = await fetchPage(api, { ...filters, status }, 0, 1).catch(() => null);
        if (!live) return;
        const found = page?.images[0];
        if (found) {
          setFirst(found.id);
          return;
        }
      }
      setFirst(null);
    })();
    return () => {
      live = false;
    };
  }, [api, filters]);
  return first;
}
