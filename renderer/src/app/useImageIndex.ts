import { useEffect, useMemo, useState } from 'react';
import type { ImageSummary } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { coalesce } from './coalesce';

const PAGE = 500;

/**
 * Every photo's summary in library order, for review's previous / next and activity's failure lists; null
 * until loaded. Reloaded (coalesced) whenever the core says the library changed.
 */
export function useImageIndex(): ImageSummary[] | null {
  const api = useApi();
  const [images, setImages] = useState<ImageSummary[] | null>(null);
  const reload = useMemo(
    () =>
      coalesce(async () => {
        try {
          const all: ImageSummary[] = [];
          for (;;) {
            const page = await api.call('images.list', { offset: all.length, limit: PAGE });
            all.push(...page.images);
            if (page.images.length === 0 || all.length >= page.total) break;
          }
          setImages(all);
        } catch {
          // Kept as it was: the library view says why the library cannot be read.
        }
      }),
    [api],
  );

  useEffect(() => {
    reload();
    return api.subscribe((event) => {
      if (event.type === 'library.changed' || event.type === 'scan.finished') reload();
    });
  }, [api, reload]);

  return images;
}
