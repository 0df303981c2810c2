import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaptionQueueStatus } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export interface CaptionQueue {
  /** null until the first status has arrived. */
  status: CaptionQueueStatus | null;
  error: string | null;
  /** Takes the status a call answered with (it may arrive before the pushed event). */
  update: (status: CaptionQueueStatus) => void;
}

/** The caption queue's state: asked for once, then kept current by `captions.status` events. */
export function useCaptionQueue(): CaptionQueue {
  const api = useApi();
  const [status, setStatus] = useState<CaptionQueueStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heardEvent = useRef(false);

  useEffect(() => {
    const stop = api.subscribe((event) => {
      if (event.type !== 'captions.status') return;
      heardEvent.current = true;
      setStatus(event.status);
    });
    void (async () => {
      try {
        const first = await api.call('captions.status', {});
        // An event that came while the call was on its way is newer than its answer.
        if (!heardEvent.current) setStatus(first);
        setError(null);
      } catch (e) {
        setError(errorMessage(e));
      }
    })();
    return stop;
  }, [api]);

  const update = useCallback((next: CaptionQueueStatus) => setStatus(next), []);
  return { status, error, update };
}
