import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { isSameOrigin, isWebUrl } from './origin.js';
import { DEFAULT_SIZE, type Rectangle } from './window-state.js';

/** An event whose default (navigating, attaching a webview) can be cancelled. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents the window guards use. */
export interface GuardedWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface MainWindowLike {
  readonly webContents: GuardedWebContents;
  loadURL(url: string): Promise<void>;
}

export interface MainWindowDeps<W extends MainWindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  /** Opens a web link in the system browser (Electron's `shell.openExternal`). */
  openExternal: (url: string) => Promise<void>;
  preloadPath: string;
  /** The page to load, e.g. `altlens-app://app/index.html`; its origin is the only one the window may show. */
  appUrl: string;
  /** Where to open (remembered from the last run, already fitted to a display); the default size otherwise. */
  bounds?: Rectangle | null;
}

export function webPreferences(preload: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
    preload,
  };
}

export function createMainWindow<W extends MainWindowLike>(deps: MainWindowDeps<W>): W {
  const window = new deps.BrowserWindow({
    title: 'AltLens',
    ...(deps.bounds ?? DEFAULT_SIZE),
    minWidth: 640,
    minHeight: 480,
    webPreferences: webPreferences(deps.preloadPath),
  });
  guardWebContents(window.webContents, deps.appUrl, deps.openExternal);
  window.loadURL(deps.appUrl).catch((error: unknown) => {
    console.error(`AltLens: could not load ${deps.appUrl}:`, error);
  });
  return window;
}

/** No new windows, no webviews, no navigation away from the app; web links go to the system browser. */
export function guardWebContents(
  contents: GuardedWebContents,
  appUrl: string,
  openExternal: (url: string) => Promise<void>,
): void {
  const openInBrowser = (url: string) => {
    if (!isWebUrl(url)) return;
    openExternal(url).catch((error: unknown) => console.error(`AltLens: could not open ${url}:`, error));
  };
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isSameOrigin(url, appUrl)) return;
    event.preventDefault();
    openInBrowser(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
