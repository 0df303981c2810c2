import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageSummary } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export interface Library {
  /** null until the first list has arrived. */
  images: ImageSummary[] | null;
  error: string | null;
  refresh: () => void;
}

/** The list of all images, refreshed whenever the core says the library changed. */
export function useLibrary(): Library {
  const api = useApi();
  const [images, setImages] = useState<ImageSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A burst of events (one per scanned file) becomes at most one call in flight and one queued after it.
  const inFlight = useRef(false);
  const queued = useRef(false);

  const refresh = useCallback(() => {
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    void (async () => {
      do {
        queued.current = false;
        try {
          const { images: list } = await api.call('images.list', { limit: 500 });
          setImages(list);
          setError(null);
        } catch (e) {
          setError(errorMessage(e));
        }
      } while (queued.current);
      inFlight.current = false;
    })();
  }, [api]);

  useEffect(() => {
    refresh();
    return api.subscribe((event) => {
      if (event.type === 'library.changed' || event.type === 'scan.finished') refresh();
    });
  }, [api, refresh]);

  return { images, error, refresh };
}
