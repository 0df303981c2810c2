import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageFilter, ImageSort, ImageStatus } from '../../../contract/api';
import { errorMessage } from '../api';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/ApiContext';
import { PAGE_SIZE, withPage, type ImagePages } from './image-pages';
import { useLibraryChanges } from './useLibraryChanges';

/** How many pages are kept beyond those in view (the memory a long scroll leaves behind stays bounded). */
const KEPT_PAGES = 25;

export interface SearchFilters {
  query: string;
  status: ImageStatus | null;
  /** A folder's path: its photos and those of its subfolders. */
  folderPath: string | null;
  /** The order of the photos (by name, ascending, unless chosen): not a filter, but it goes where they go. */
  sort: ImageSort;
  descending: boolean;
}

export const noFilters: SearchFilters = {
  query: '',
  status: null,
  folderPath: null,
  sort: 'name',
  descending: false,
};

export function isActive(filters: SearchFilters): boolean {
  return filters.query.trim() !== '' || filters.status !== null || filters.folderPath !== null;
}

export interface SearchResults {
  /** Every photo's id, in the chosen order, and the pages loaded so far; null until the ids of new filters arrive. */
  loaded: ImagePages | null;
  /** How many photos the filters hold in all (loaded or not). */
  total: number;
  /** The filters the shown photos answer. */
  answered: SearchFilters | null;
  error: string | null;
  /**
   * Says the grid shows an item of this page (until the returned function is called): pages in view are
   * loaded, kept, and reloaded when the library changes. Stays the same function for as long as the filters.
   */
  showPage: (page: number) => () => void;
  /** Reloads the pages in view (the core said the library changed). */
  refresh: () => void;
}

/** The filters as the core's calls take them (neighbours, batch actions), with the order unless it is the default. */
export function toImageFilter(filters: SearchFilters): ImageFilter {
  const ordered = filters.sort !== noFilters.sort || filters.descending;
  return {
    query: filters.query.trim(),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.folderPath ? { folderPath: filters.folderPath } : {}),
    ...(ordered ? { sort: filters.sort, descending: filters.descending } : {}),
  };
}

/** One page for the filters: `images.list` without words (the whole library, or a status or folder). */
export function fetchPage(api: ApiClient, filters: SearchFilters, offset: number, limit: number) {
  const { query = '', ...common } = { ...toImageFilter(filters), offset, limit };
  return query === '' ? api.call('images.list', common) : api.call('images.search', { ...common, query });
}

interface Answer {
  /** The filters these photos answer. */
  filters: SearchFilters;
  /** Null until they arrive (the pages asked for with them may come first). */
  ids: readonly number[] | null;
  pages: ImagePages['pages'];
}

/** The last answer if it is for these filters, else an empty one. */
function answerFor(last: Answer | null, filters: SearchFilters): Answer {
  return last?.filters === filters ? last : { filters, ids: null, pages: new Map() };
}

function hasIds(answer: Answer): answer is Answer & ImagePages {
  return answer.ids !== null;
}

/**
 * The photos the grid shows for these filters (the whole library when none are set): the ids of them all,
 * and their summaries a page at a time: the first page, then the pages the grid shows items of, wherever it
 * scrolls or jumps to. When the core says the library changed, the ids and the pages in view are loaded
 * again and the other pages forgotten.
 */
export function useSearch(filters: SearchFilters): SearchResults {
  const api = useApi();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [failure, setFailure] = useState<{ filters: SearchFilters; message: string } | null>(null);
  // The last answer, which each page that arrives adds to (set with it, read outside rendering).
  const latest = useRef<Answer | null>(null);
  // How many items of each page the grid shows now.
  const inView = useRef(new Map<number, number>());
  // The pages asked for and not answered yet. A new search or a reload starts a new epoch, and an answer to
  // an older one is dropped.
  const asked = useRef(new Set<number>());
  const epoch = useRef(0);

  const loadPage = useCallback(
    async (page: number): Promise<void> => {
      const mine = epoch.current;
      asked.current.add(page);
      try {
        const result = await fetchPage(api, filters, page * PAGE_SIZE, PAGE_SIZE);
        if (mine !== epoch.current) return;
        latest.current = withPage(
          answerFor(latest.current, filters),
          page,
          result.images,
          new Set(inView.current.keys()),
          KEPT_PAGES,
        );
        setAnswer(latest.current);
        setFailure(null);
      } catch (e) {
        if (mine === epoch.current) setFailure({ filters, message: errorMessage(e) });
      } finally {
        if (mine === epoch.current) asked.current.delete(page);
      }
    },
    [api, filters],
  );

  const loadIds = useCallback(async (): Promise<void> => {
    const mine = epoch.current;
    try {
      const { ids } = await api.call('images.ids', toImageFilter(filters));
      if (mine !== epoch.current) return;
      latest.current = { ...answerFor(latest.current, filters), ids };
      setAnswer(latest.current);
      setFailure(null);
    } catch (e) {
      if (mine === epoch.current) setFailure({ filters, message: errorMessage(e) });
    }
  }, [api, filters]);

  /** Loads the pages in view that are neither loaded nor asked for. */
  const loadMissing = useCallback(() => {
    const loaded = latest.current?.filters === filters ? latest.current.pages : null;
    for (const page of inView.current.keys()) {
      if (!loaded?.has(page) && !asked.current.has(page)) void loadPage(page);
    }
  }, [filters, loadPage]);

  /** Starts over: the ids and the pages in view (or the first) are loaded again, the other pages forgotten. */
  const reload = useCallback(() => {
    epoch.current += 1;
    asked.current.clear();
    const shown = [...inView.current.keys()];
    if (latest.current?.filters === filters) {
      const pages = new Map([...latest.current.pages].filter(([page]) => inView.current.has(page)));
      latest.current = { ...latest.current, pages };
    }
    void loadIds();
    for (const page of shown.length > 0 ? shown : [0]) void loadPage(page);
  }, [filters, loadIds, loadPage]);

  useEffect(() => {
    reload();
  }, [reload]);
  // A burst of events (one per scanned file) becomes one reload of the pages in view.
  useLibraryChanges(reload);

  // The grid keeps the cards it made (with this function in them) while it lives: it must stay the same.
  const loadMissingRef = useRef(loadMissing);
  useEffect(() => {
    loadMissingRef.current = loadMissing;
  }, [loadMissing]);
  const scheduled = useRef(false);
  const showPage = useCallback((page: number) => {
    const views = inView.current;
    views.set(page, (views.get(page) ?? 0) + 1);
    // Items come and go by the dozen as the grid scrolls: the pages still in view a moment later are loaded.
    if (!scheduled.current) {
      scheduled.current = true;
      window.setTimeout(() => {
        scheduled.current = false;
        loadMissingRef.current();
      });
    }
    return () => {
      const left = (views.get(page) ?? 1) - 1;
      if (left > 0) views.set(page, left);
      else views.delete(page);
    };
  }, []);

  const current = answer?.filters === filters && hasIds(answer) ? answer : null;
  return {
    loaded: current,
    total: current?.ids.length ?? 0,
    answered: current?.filters ?? null,
    error: failure?.filters === filters ? failure.message : null,
    showPage,
    refresh: reload,
  };
}
