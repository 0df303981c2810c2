// The Electron entry (package.json "main"). Thin on purpose: the logic lives in the modules beside it,
// which are tested with fake Electron modules.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron';
import { createHandlers } from '../core/api/handlers.js';
import type { Library } from '../core/library/library.js';
import { resolveDataDir } from '../core/paths.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { APP_URL } from './origin.js';
import { PRIVILEGED_SCHEMES, registerProtocols } from './protocols.js';
import { builtPaths, dataDirFromArgv } from './startup.js';
import { createMainWindow } from './window.js';

protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    dialog.showErrorBox('AltLens could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const { preloadPath, rendererDir } = builtPaths(fileURLToPath(import.meta.url));
  const dataDir = resolveDataDir(dataDirFromArgv(process.argv));
  await app.whenReady();
  // Loaded here rather than imported at the top so that a native module built for another ABI
  // (better-sqlite3 not rebuilt for Electron) ends in the error box above, not in an unhandled crash.
  const library: Library = (await import('../core/library/library.js')).Library.open(dataDir);
  app.on('will-quit', () => library.close());

  registerProtocols(protocol, { rendererDir, library });
  registerIpc(ipcMain, createHandlers(library), APP_URL);

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({
      BrowserWindow,
      openExternal: (url) => shell.openExternal(url),
      preloadPath,
      appUrl: APP_URL,
    });
    forwardEvents(library.events, window);
    return window;
  };
  let mainWindow = openWindow();

  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) mainWindow = openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
