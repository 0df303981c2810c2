import { useEffect, useState } from 'react';
import type { Folder } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

/**
 * The library's folders (empty until loaded, or when they could not be loaded), reloaded after each scan and
 * whenever the core says their counts or watch state changed.
 */
export function useFolderList(): Folder[] {
  const api = useApi();
  const [folders, setFolders] = useState<Folder[]>([]);

  useEffect(() => {
    let live = true;
    const load = () => {
      api.call('folders.list', {}).then(
        (list) => {
          if (live) setFolders(list);
        },
        () => undefined, // the folder filter is only offered when the list is there
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
  }, [api]);

  return folders;
}
