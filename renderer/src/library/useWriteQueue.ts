import { useEffect, useState } from 'react';
import type { ApiEvent } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

export type WriteQueueStatus = Omit<Extract<ApiEvent, { type: 'writes.status' }>, 'type'>;

/** The metadata write jobs, as the core reports them in `writes.status` events (null until the first). */
export function useWriteQueue(): WriteQueueStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<WriteQueueStatus | null>(null);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === 'writes.status') setStatus({ counts: event.counts, current: event.current });
      }),
    [api],
  );
  return status;
}
