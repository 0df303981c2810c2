import { useEffect, useState } from 'react';
import type { ImageStatus } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

/** Events that come close together are answered with one count. */
const REFRESH_DELAY_MS = 150;

/**
 * How many photos the library holds (or how many have `status`), counted by the core and counted again when
 * the library changes; null until the first count (or while it cannot be had).
 */
export function useImageCount(status?: ImageStatus): number | null {
  const api = useApi();
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const load = () => {
      api.call('images.list', { ...(status ? { status } : {}), limit: 0 }).then(
        (page) => {
          if (live) setCount(page.total);
        },
        () => undefined, // a count is a hint beside the photos; their own errors are shown
      );
    };
    load();
    let timer: number | undefined;
    const stop = api.subscribe((event) => {
      if (event.type !== 'library.changed' && event.type !== 'scan.finished') return;
      window.clearTimeout(timer);
      timer = window.setTimeout(load, REFRESH_DELAY_MS);
    });
    return () => {
      live = false;
      window.clearTimeout(timer);
      stop();
    };
  }, [api, status]);

  return count;
}
