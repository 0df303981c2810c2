import { useCallback, useEffect, useState } from 'react';
import type { Folder, FolderWriteSettings } from '../../../contract/api';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';

export interface Folders {
  /** null until loaded. */
  folders: Folder[] | null;
  loadError: string | null;
  /** Saves one folder's write settings (shown before the core answers); resolves with an error or null. */
  saveWriteSettings: (folderId: number, changes: Partial<FolderWriteSettings>) => Promise<string | null>;
}

/** The library's folders with their write settings. */
export function useFolders(): Folders {
  const api = useApi();
  const [folders, setFolders] = useState<Folder[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const loaded = await api.call('folders.list', {});
        if (live) setFolders(loaded);
      } catch (e) {
        if (live) setLoadError(errorMessage(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);

  const saveWriteSettings = useCallback(
    async (folderId: number, changes: Partial<FolderWriteSettings>) => {
      const replace = (folder: Folder) => (list: Folder[] | null) =>
        list?.map((f) => (f.id === folder.id ? folder : f)) ?? null;
      const before = folders?.find((f) => f.id === folderId);
      if (before) setFolders(replace({ ...before, writeSettings: { ...before.writeSettings, ...changes } }));
      try {
        setFolders(replace(await api.call('folders.updateWriteSettings', { folderId, ...changes })));
        return null;
      } catch (e) {
        if (before) setFolders(replace(before));
        return errorMessage(e);
      }
    },
    [api, folders],
  );

  return { folders, loadError, saveWriteSettings };
}
