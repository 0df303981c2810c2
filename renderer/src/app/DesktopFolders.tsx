import { useCallback, useEffect } from 'react';
import { errorMessage } from '../api';
import { useApi } from '../api/ApiContext';
import { countText } from '../library/status-text';
import { useAnnounce } from './announce';
import { ChooseFolderButton } from './ChooseFolderButton';
import { desktopBridge, droppedPaths } from './desktop';

/**
 * The desktop app's ways of adding folders: "Add a folder…" (the system's dialog) and dropping folders on
 * the window. Nothing in browser mode, where a page cannot know a dropped folder's path.
 */
export function DesktopFolders() {
  const api = useApi();
  const announce = useAnnounce();
  const bridge = desktopBridge();

  const add = useCallback(
    async (paths: string[]) => {
      for (const path of paths) {
        announce(`Adding ${path}…`);
        try {
          const result = await api.call('folders.add', { path });
          announce(`Added ${countText(result.added, 'photo', 'photos')} from ${path}.`);
        } catch (e) {
          announce(`Could not add ${path}: ${errorMessage(e)}`);
        }
      }
    },
    [api, announce],
  );

  useEffect(() => {
    if (!bridge) return;
    const desktop = bridge;
    function onDragOver(event: DragEvent) {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    }
    function onDrop(event: DragEvent) {
      if (!event.dataTransfer) return;
      event.preventDefault();
      void add(droppedPaths(desktop, event.dataTransfer.files));
    }
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [add, bridge]);

  return (
    <ChooseFolderButton onChosen={(path) => void add([path])} onError={announce}>
      Add a folder…
    </ChooseFolderButton>
  );
}
