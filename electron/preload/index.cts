// The preload of the AltLens window. It runs sandboxed, where `require` knows only 'electron', so this
// file is self-contained: it imports nothing else, not even the contract. The contract is enforced in
// main, which validates every call. Only this narrow object reaches the page; ipcRenderer never does.
import type { IpcRendererEvent } from 'electron';
// verbatimModuleSyntax forbids ES imports in a .cts file; `import = require` is the typed CommonJS form.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const CALL_CHANNEL = 'altlens:call';
const EVENT_CHANNEL = 'altlens:event';
const CHOOSE_FOLDER_CHANNEL = 'altlens:choose-folder';

const { contextBridge, ipcRenderer, webUtils } = electron;

contextBridge.exposeInMainWorld('altlens', {
  call(method: string, params: unknown): Promise<unknown> {
    return ipcRenderer.invoke(CALL_CHANNEL, method, params);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  /** The system's folder dialog; main answers a FolderChoice, which the renderer checks. */
  chooseFolder(): Promise<unknown> {
    return ipcRenderer.invoke(CHOOSE_FOLDER_CHANNEL);
  },
  /** The path of a file or folder dropped on the window ('' for one that has none). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  platform: 'electron',
});
