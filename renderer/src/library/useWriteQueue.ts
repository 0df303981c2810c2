import { useEffect, useState } from 'react';
import type { WriteQueueStatus } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

export type { WriteQueueStatus };

/** The metadata write jobs: asked once, then as the core reports them in `writes.status` events. */
export function useWriteQueue(): WriteQueueStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<WriteQueueStatus | null>(null);
  useEffect(() => {
    let live = true;
    // An event that arrives first is newer than the answer: the answer only fills an empty status.
    api.call('writes.status', {}).then(
      (first) => live && setStatus((current) => current ?? first),
      () => undefined,
    );
    const stop = api.subscribe((event) => {
      if (event.type === 'writes.status') {
        const { counts, current, paused } = event;
        setStatus({ counts, current, paused });
      }
    });
    return () => {
      live = false;
      stop();
    };
  }, [api]);
  return status;
}
