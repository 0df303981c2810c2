import { FolderChoice } from '../../contract/api.js';
import type { InvokeEventLike } from './ipc.js';
import { isSameOrigin } from './origin.js';

export const CHOOSE_FOLDER_CHANNEL = 'altlens:choose-folder';

/** The part of Electron's `dialog.showOpenDialog` answer this reads. */
export interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}

export interface FolderDialogIpc {
  handle(channel: string, listener: (event: InvokeEventLike) => Promise<FolderChoice>): void;
  removeHandler(channel: string): void;
}

/**
 * Answers the preload's "Choose folder…" with the system's folder dialog: only for the app's own frame, and
 * the answer checked against the contract before it goes back.
 */
export function registerFolderDialog(
  ipcMain: FolderDialogIpc,
  showFolderDialog: () => Promise<OpenDialogResult>,
  appUrl: string,
): () => void {
  ipcMain.handle(CHOOSE_FOLDER_CHANNEL, async (event) => {
    const sender = event.senderFrame?.url;
    if (sender === undefined || !isSameOrigin(sender, appUrl)) return { path: null };
    const result = await showFolderDialog();
    const path = result.canceled ? null : (result.filePaths[0] ?? null);
    return FolderChoice.parse({ path });
  });
  return () => ipcMain.removeHandler(CHOOSE_FOLDER_CHANNEL);
}
