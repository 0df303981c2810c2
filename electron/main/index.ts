// The Electron entry (package.json "main"). Thin on purpose: the logic lives in the modules beside it,
// which are tested with fake Electron modules.
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeImage,
  Notification,
  protocol,
  screen,
  shell,
  Tray,
  utilityProcess,
} from 'electron';
import type { Core } from '../core/app-core.js';
import { resolveDataDir } from '../core/paths.js';
import { registerFolderDialog } from './folder-dialog.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { APP_URL } from './origin.js';
import { PRIVILEGED_SCHEMES, registerProtocols } from './protocols.js';
import { builtPaths, dataDirFromArgv } from './startup.js';
import { trayIconBitmap } from './tray-icon.js';
import { utilityEngineSpawner } from './utility-engine.js';
import { createMainWindow } from './window.js';
import { readWindowState, rememberWindowState, visibleBounds } from './window-state.js';
import { WorkStatus } from './work-status.js';

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
  const [{ openCore }, { CaptionEngine }] = await Promise.all([
    import('../core/app-core.js'),
    import('../core/captioning/caption-engine.js'),
  ]);
  const spawn = utilityEngineSpawner(utilityProcess.fork);
  const core: Core = openCore({ dataDir, createEngine: (settings) => new CaptionEngine(settings, spawn) });
  const library = core.library;
  app.on('will-quit', () => void core.close());

  registerProtocols(protocol, { rendererDir, library });
  registerIpc(ipcMain, core.handlers, APP_URL);
  registerFolderDialog(
    ipcMain,
    () =>
      dialog.showOpenDialog(BrowserWindow.getFocusedWindow() ?? mainWindow, {
        properties: ['openDirectory'],
      }),
    APP_URL,
  );

  // A tray icon says what is running; a long batch ends with a system notification.
  const work = new WorkStatus({
    createTray: () => new Tray(nativeImage.createFromBitmap(trayIconBitmap(), { width: 16, height: 16 })),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    now: Date.now,
  });
  const stopWork = library.events.subscribe((event) => work.onEvent(event));
  app.on('will-quit', () => {
    stopWork();
    work.dispose();
  });

  const openWindow = (): BrowserWindow => {
    // Where it was left, fitted to the displays there are now.
    const saved = readWindowState(dataDir);
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const window = createMainWindow({
      BrowserWindow,
      openExternal: (url) => shell.openExternal(url),
      preloadPath,
      appUrl: APP_URL,
      bounds: saved ? visibleBounds(saved, workAreas) : null,
    });
    if (saved?.maximized) window.maximize();
    rememberWindowState(window, dataDir);
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
