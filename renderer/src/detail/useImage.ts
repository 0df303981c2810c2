import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageDetail } from '../../../contract/api';
import { ApiCallError, errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export type ImageLoad =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; image: ImageDetail };

/** One image's details, reloaded when the core says it changed. Mount with a `key` per id. */
export function useImage(id: number | null): [ImageLoad, (image: ImageDetail) => void, () => void] {
  const api = useApi();
  const [load, setLoad] = useState<ImageLoad>(id === null ? { kind: 'missing' } : { kind: 'loading' });
  const writingNow = useRef(false);

  const fetchImage = useCallback(async () => {
    if (id === null) return;
    try {
      setLoad({ kind: 'ready', image: await api.call('images.get', { id }) });
    } catch (e) {
      if (e instanceof ApiCallError && e.code === 'not_found') setLoad({ kind: 'missing' });
      else
        setLoad((previous) =>
          previous.kind === 'ready' ? previous : { kind: 'error', message: errorMessage(e) },
        );
    }
  }, [api, id]);

  useEffect(() => {
    void fetchImage();
    return api.subscribe((event) => {
      if (id === null) return;
      if (event.type === 'library.changed' && event.imageIds.includes(id)) void fetchImage();
      // A write moves on: reload while this image is the one being written, and once more after.
      if (event.type === 'writes.status') {
        const writing = event.current?.imageId === id;
        if (writing || writingNow.current) void fetchImage();
        writingNow.current = writing;
      }
    });
  }, [api, id, fetchImage]);

  const update = useCallback((image: ImageDetail) => setLoad({ kind: 'ready', image }), []);
  const reload = useCallback(() => void fetchImage(), [fetchImage]);
  return [load, update, reload];
}
