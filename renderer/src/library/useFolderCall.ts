import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/ApiContext';

/**
 * What a folder call answers (empty until loaded, or when it could not be loaded: what shows it is then
 * simply not offered), reloaded after each scan and whenever the core says the folders' photos, counts or
 * watch state changed.
 */
function useFolderCall<T>(call: (api: ApiClient) => Promise<T[]>): T[] {
  const api = useApi();
  const [answer, setAnswer] = useState<T[]>([]);

  useEffect(() => {
    let live = true;
    const load = () => {
      call(api).then(
        (result) => {
          if (live) setAnswer(result);
        },
        () => undefined,
      );
    };
    load();
    const stop = api.subscribe((event) => {
      if (event.type === 'scan.finished' || event.type === 'folders.changed') load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, call]);

  return answer;
}

/** The library's folders with their photo counts and watch state. */
export const useFolderList = () => useFolderCall(listFolders);
const listFolders = (api: ApiClient) => api.call('folders.list', {});

/** The library's folders with their subfolders and photo counts. */
export const useFolderTree = () => useFolderCall(folderTree);
const folderTree = (api: ApiClient) => api.call('folders.tree', {});
