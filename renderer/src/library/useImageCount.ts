import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageStatus } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { useLibraryChanges } from './useLibraryChanges';

/**
 * How many photos the library holds (or how many have `status`), counted by the core and counted again when
 * the library changes; null until the first count (or while it cannot be had).
 */
export function useImageCount(status?: ImageStatus): number | null {
  const api = useApi();
  const [count, setCount] = useState<number | null>(null);
  // Only the latest count asked for is kept (an older one may answer last).
  const asked = useRef(0);

  const load = useCallback(() => {
    const mine = ++asked.current;
    api.call('images.list', { ...(status ? { status } : {}), limit: 0 }).then(
      (page) => {
        if (mine === asked.current) setCount(page.total);
      },
      () => undefined, // a count is a hint beside the photos; their own errors are shown
    );
  }, [api, status]);

  useEffect(() => {
    load();
    return () => {
      asked.current += 1; // an answer after unmounting (or for the last status) is dropped
    };
  }, [load]);
  useLibraryChanges(load);

  return count;
}
