import { describe, expect, it } from 'vitest';
import type { FolderChoice } from '../../contract/api.js';
import { CHOOSE_FOLDER_CHANNEL, registerFolderDialog, type OpenDialogResult } from './folder-dialog.js';
import type { InvokeEventLike } from './ipc.js';

const APP_URL = 'altlens-app://app/index.html';

/** A fake ipcMain that keeps the one handler and invokes it as a frame at `url` would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike) => Promise<FolderChoice>>();
  return {
    handlers,
    handle: (channel: string, listener: (event: InvokeEventLike) => Promise<FolderChoice>) =>
      handlers.set(channel, listener),
    removeHandler: (channel: string) => handlers.delete(channel),
    invoke(url: string | null): Promise<FolderChoice> {
      const listener = handlers.get(CHOOSE_FOLDER_CHANNEL);
      if (!listener) throw new Error('no folder dialog handler');
      return listener({ senderFrame: url === null ? null : { url } });
    },
  };
}

describe('the folder dialog over IPC (fake Electron)', () => {
  it('answers the chosen folder, or null when the dialog was cancelled', async () => {
    const answers: OpenDialogResult[] = [
      { canceled: false, filePaths: ['/home/ada/Pictures'] },
      { canceled: true, filePaths: [] },
    ];
    const ipcMain = fakeIpcMain();
    registerFolderDialog(
      ipcMain,
      () => Promise.resolve(answers.shift() ?? { canceled: true, filePaths: [] }),
      APP_URL,
    );
    await expect(ipcMain.invoke(`${APP_URL}#/`)).resolves.toEqual({ path: '/home/ada/Pictures' });
    await expect(ipcMain.invoke(APP_URL)).resolves.toEqual({ path: null });
  });

  it('never opens the dialog for a frame outside the app, and unregisters', async () => {
    let opened = 0;
    const ipcMain = fakeIpcMain();
    const unregister = registerFolderDialog(
      ipcMain,
      () => {
        opened += 1;
        return Promise.resolve({ canceled: false, filePaths: ['/etc'] });
      },
      APP_URL,
    );
    await expect(ipcMain.invoke('https://evil.example/')).resolves.toEqual({ path: null });
    await expect(ipcMain.invoke(null)).resolves.toEqual({ path: null });
    expect(opened).toBe(0);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
