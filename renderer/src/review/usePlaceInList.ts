import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { coalesce } from '../app/coalesce';
import { toImageFilter, type SearchFilters } from '../library/useSearch';
import type { ReviewPlace } from './review-order';

/**
 * Where photo `id` stands in the library's current list (its search and filters), asked of the core (SQL),
 * and asked again when the library changes; null until answered, or when the photo is not in the library.
 */
export function usePlaceInList(id: number | null, filters: SearchFilters): ReviewPlace | null {
  const api = useApi();
  const [answer, setAnswer] = useState<{ id: number; filters: SearchFilters; place: ReviewPlace } | null>(
    null,
  );
  const reload = useMemo(
    () =>
      coalesce(async () => {
        if (id === null) return;
        try {
          const place = await api.call('images.neighbours', { id, ...toImageFilter(filters) });
          setAnswer({ id, filters, place });
        } catch {
          // The photo is gone: the detail view says so.
        }
      }),
    [api, id, filters],
  );

  useEffect(() => {
    reload();
    return api.subscribe((event) => {
      if (event.type === 'library.changed' || event.type === 'scan.finished') reload();
    });
  }, [api, reload]);

  return answer?.id === id && answer.filters === filters ? answer.place : null;
}
