import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageFilter, ImageStatus, ImageSummary } from '../../../contract/api';
import { errorMessage } from '../api';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/ApiContext';
import { appendPage, type ImagePages } from './image-pages';

/** How many photos one call asks for as the grid scrolls. */
export const PAGE_SIZE = 200;
/** The most one call may ask for (the contract's limit). */
const MAX_LIMIT = 500;
/** Events that come close together are answered with one reload. */
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
  /** The photos loaded so far, in path order; null while the first page of new filters has not arrived. */
  images: ImageSummary[] | null;
  /** How many photos the filters hold in all (loaded or not). */
  total: number;
  /** The filters the shown photos answer. */
  answered: SearchFilters | null;
  error: string | null;
  loadingMore: boolean;
  /** Loads the next page, if there is one and none is on its way. */
  loadMore: () => void;
  /** Reloads what is loaded (the core said the library changed). */
  refresh: () => void;
}

/** The filters as the core's calls take them (neighbours, batch actions). */
export function toImageFilter(filters: SearchFilters): ImageFilter {
  return {
    query: filters.query.trim(),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.folderId ? { folderId: filters.folderId } : {}),
  };
}

/** One page for the filters: `images.list` without words (the whole library, or a status or folder). */
export function fetchPage(api: ApiClient, filters: SearchFilters, offset: number, limit: number) {
  const { query = '', ...common } = { ...toImageFilter(filters), offset, limit };
  return query === '' ? api.call('images.list', common) : api.call('images.search', { ...common, query });
}

interface Answer extends ImagePages {
  /** The filters these photos answer. */
  filters: SearchFilters;
}

/**
 * The photos the grid shows for these filters (the whole library when none are set), loaded a page at a
 * time as the grid scrolls, and reloaded (as far as loaded) when the core says the library changed.
 */
export function useSearch(filters: SearchFilters): SearchResults {
  const api = useApi();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<{ filters: SearchFilters; message: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Every request gets a number; an answer to an older one is dropped.
  const generation = useRef(0);
  // The last answer, for loads that continue it (set with it, read outside rendering).
  const latest = useRef<Answer | null>(null);

  /** Loads `count` photos from `offset` (in pages the core accepts); appends them unless offset is 0. */
  const load = useCallback(
    async (offset: number, count: number): Promise<void> => {
      const mine = ++generation.current;
      try {
        const before = latest.current;
        let pages: ImagePages | null = offset > 0 && before?.filters === filters ? before : null;
        do {
          const loaded = pages?.images.length ?? 0;
          const limit = Math.min(MAX_LIMIT, offset + count - loaded);
          const page = await fetchPage(api, filters, loaded, limit);
          if (mine !== generation.current) return;
          pages = appendPage(pages, loaded, page);
          if (page.images.length < limit) break;
        } while (pages.images.length < Math.min(offset + count, pages.total));
        latest.current = { filters, ...pages };
        setAnswer(latest.current);
        setFailure(null);
      } catch (e) {
        if (mine === generation.current) setFailure({ filters, message: errorMessage(e) });
      }
    },
    [api, filters],
  );

  const reload = useCallback(() => load(0, Math.max(PAGE_SIZE, latest.current?.images.length ?? 0)), [load]);

  useEffect(() => {
    generation.current += 1;
    void load(0, PAGE_SIZE);
    // A burst of events (one per scanned file) becomes one reload, of as many photos as are loaded.
    let timer: number | undefined;
    const stop = api.subscribe((event) => {
      if (event.type !== 'library.changed' && event.type !== 'scan.finished') return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void reload(), REFRESH_DELAY_MS);
    });
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, [api, load, reload]);

  const current = answer?.filters === filters ? answer : null;
  const canLoadMore = current !== null && current.images.length < current.total;
  const loadMore = useCallback(() => {
    if (!canLoadMore || loadingMore) return;
    setLoadingMore(true);
    void load(current.images.length, PAGE_SIZE).finally(() => setLoadingMore(false));
  }, [canLoadMore, current, load, loadingMore]);

  return {
    images: current?.images ?? null,
    total: current?.total ?? 0,
    answered: current?.filters ?? null,
    error: failure?.filters === filters ? failure.message : null,
    loadingMore,
    loadMore,
    refresh: () => void reload(),
  };
}
