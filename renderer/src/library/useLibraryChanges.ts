import { useEffect, useRef } from 'react';
import { useApi } from '../api/ApiContext';

/** How long after a change the library is looked at again; the changes meanwhile are answered together. */
const REFRESH_DELAY_MS = 150;

/**
 * Calls `onChange` after the core says the library changed, at most once every REFRESH_DELAY_MS however many
 * changes come (a scan reports every 100 ms: a delay restarted by each change would wait for the scan's end).
 */
export function useLibraryChanges(onChange: () => void): void {
  const api = useApi();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let timer: number | undefined;
    const stop = api.subscribe((event) => {
      if (event.type !== 'library.changed' && event.type !== 'scan.finished') return;
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        latest.current();
      }, REFRESH_DELAY_MS);
    });
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, [api]);
}
