import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageStatus, ImageSummary } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

/** How many results one page holds; "Show more" loads the next page. */
export const PAGE_SIZE = 200;
/** The most one call may ask for (the contract's limit). */
const MAX_LIMIT = 500;
/** Events that come close together are answered with one search. */
const REFRESH_DELAY_MS = 150;

export interface SearchFilters {
  query: string;
  status: ImageStatus | null;
  folderId: number | null;
}

export const noFilters: SearchFilters = { query: '', status: null, folderId: null };

export function isActive(filters: SearchFilters): boolean {
  return filters.query.trim() !== '' || filters.status !== null || filters.folderId !== null;
}

export interface SearchResults {
  /** null while the first page of a new search has not arrived (or when no search is active). */
  images: ImageSummary[] | null;
  total: number;
  /** The filters the shown results answer. */
  answered: SearchFilters | null;
  error: string | null;
  loadingMore: boolean;
  showMore: () => void;
}

/** `images.search` for the given filters (none while no filter is set), refreshed when the library changes. */
interface Answer {
  /** The filters these results answer. */
  filters: SearchFilters;
  images: ImageSummary[];
  total: number;
}

/** `images.search` for the given filters (none while no filter is set), refreshed when the library changes. */
export function useSearch(filters: SearchFilters): SearchResults {
  const api = useApi();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<{ filters: SearchFilters; message: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Every request gets a number; an answer to an older one is dropped.
  const generation = useRef(0);
  const loaded = useRef(0);

  /** Loads `count` results from `offset` (in pages the core accepts); appends them unless offset is 0. */
  const load = useCallback(
    (offset: number, count: number): Promise<void> => {
      const mine = ++generation.current;
      const params = {
        query: filters.query.trim(),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.folderId ? { folderId: filters.folderId } : {}),
      };
      return (async () => {
        try {
          const found: ImageSummary[] = [];
          let total = 0;
          do {
            const limit = Math.min(MAX_LIMIT, count - found.length);
            const page = await api.call('images.search', { ...params, offset: offset + found.length, limit });
            total = page.total;
            found.push(...page.images);
            if (page.images.length < limit) break;
          } while (found.length < count && offset + found.length < total);
          if (mine !== generation.current) return;
          setAnswer((before) => ({
            filters,
            total,
            images: offset > 0 && before?.filters === filters ? [...before.images, ...found] : found,
          }));
          loaded.current = offset + found.length;
          setFailure(null);
        } catch (e) {
          if (mine === generation.current) setFailure({ filters, message: errorMessage(e) });
        }
      })();
    },
    [api, filters],
  );

  useEffect(() => {
    generation.current += 1;
    loaded.current = 0;
    if (!isActive(filters)) return;
    void load(0, PAGE_SIZE);
    // A burst of events (one per scanned file) becomes one call; it keeps as many results as are shown.
    let timer: number | undefined;
    const stop = api.subscribe((event) => {
      if (event.type !== 'library.changed' && event.type !== 'scan.finished') return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void load(0, Math.max(PAGE_SIZE, loaded.current)), REFRESH_DELAY_MS);
    });
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, [api, filters, load]);

  const showMore = useCallback(() => {
    setLoadingMore(true);
    void load(loaded.current, PAGE_SIZE).finally(() => setLoadingMore(false));
  }, [load]);

  const current = answer?.filters === filters ? answer : null;
  return {
    images: current?.images ?? null,
    total: current?.total ?? 0,
    answered: current?.filters ?? null,
    error: failure?.filters === filters ? failure.message : null,
    loadingMore,
    showMore,
  };
}
