import { useEffect, useMemo, useState } from 'react';
import type { CallResult } from '../../../contract/api';
import { useApi } from '../api/ApiContext';
import { coalesce } from '../app/coalesce';

export type Failures = CallResult<'images.failures'>;
export type Failure = Failures['failures'][number];

/** How many failures a list shows (the newest; the count says how many there are in all). */
const SHOWN = 100;

/**
 * The newest photos whose caption or write failed, with the reasons (null until loaded), asked of the core
 * again (coalesced) whenever the library, the captions or the writes change.
 */
export function useFailures(job: 'caption' | 'write'): Failures | null {
  const api = useApi();
  const [failures, setFailures] = useState<Failures | null>(null);
  const reload = useMemo(
    () =>
      coalesce(async () => {
        try {
          setFailures(await api.call('images.failures', { job, limit: SHOWN }));
        } catch {
          // Kept as it was: the library view says why the library cannot be read.
        }
      }),
    [api, job],
  );

  useEffect(() => {
    reload();
    return api.subscribe((event) => {
      if (event.type === 'library.changed' || event.type === `${job}s.status`) reload();
    });
  }, [api, job, reload]);

  return failures;
}
