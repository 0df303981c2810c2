import { useEffect, useState } from 'react';
import type { FolderNode } from '../../../contract/api';
import { useApi } from '../api/ApiContext';

/**
 * The library's folders with their subfolders and photo counts (empty until loaded, or when they could not
 * be loaded), reloaded after each scan and whenever the core says the folders' photos changed.
 */
export function useFolderTree(): FolderNode[] {
  const api = useApi();
  const [tree, setTree] = useState<FolderNode[]>([]);

  useEffect(() => {
    let live = true;
    const load = () => {
      api.call('folders.tree', {}).then(
        (roots) => {
          if (live) setTree(roots);
        },
        () => undefined, // the tree is only offered when it is there
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

  return tree;
}
