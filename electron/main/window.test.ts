import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import type { PreventableEvent } from './window.js';
import { createMainWindow } from './window.js';

const APP_URL = 'altlens-app://app/index.html';

type NavigationListener = (event: PreventableEvent, url: string) => void;

class FakeWebContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly listeners = new Map<string, NavigationListener[]>();

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }

  on(event: string, listener: NavigationListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Emits a cancellable event; returns whether a listener cancelled it. */
  emit(event: string, url: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? [])
      listener({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];

  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeBrowserWindow.created.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

function openWindow() {
  const opened: string[] = [];
  const window = createMainWindow({
    BrowserWindow: FakeBrowserWindow,
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    preloadPath: '/app/dist/node/electron/preload/index.cjs',
    appUrl: APP_URL,
  });
  return { window, contents: window.webContents, opened };
}

describe('createMainWindow (fake Electron)', () => {
  it('creates one window with exactly the hardened web preferences and loads the app URL', () => {
    const before = FakeBrowserWindow.created.length;
    const { window } = openWindow();
    expect(FakeBrowserWindow.created.length).toBe(before + 1);
    expect(window.options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      preload: '/app/dist/node/electron/preload/index.cjs',
    });
    expect(window.loaded).toEqual([APP_URL]);
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
  });

  it('opens where it was left when given remembered bounds', () => {
    const window = createMainWindow({
      BrowserWindow: FakeBrowserWindow,
      openExternal: () => Promise.resolve(),
      preloadPath: '/p.cjs',
      appUrl: APP_URL,
      bounds: { x: 10, y: 20, width: 900, height: 700 },
    });
    expect(window.options).toMatchObject({ x: 10, y: 20, width: 900, height: 700 });
  });

  it('denies every new window and hands only web links to the system browser', () => {
    const { contents, opened } = openWindow();
    const handler = contents.openHandler;
    if (!handler) throw new Error('no window-open handler was set');
    for (const url of [
      'https://example.org/help',
      'http://example.org/',
      APP_URL,
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://example.org/help', 'http://example.org/']);
  });

  it('allows navigation within the app origin and prevents it anywhere else', () => {
    const { contents, opened } = openWindow();
    expect(contents.emit('will-navigate', 'altlens-app://app/index.html#/review')).toBe(false);
    expect(contents.emit('will-navigate', 'altlens-app://app/other.html')).toBe(false);
    expect(contents.emit('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.emit('will-navigate', 'altlens-app://app.example.org/')).toBe(true);
    expect(contents.emit('will-navigate', 'altlens-media://thumbnail/1')).toBe(true);
    expect(contents.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emit('will-navigate', 'not a url')).toBe(true);
    expect(opened).toEqual(['https://example.org/']);
  });

  it('prevents attaching a webview', () => {
    const { contents } = openWindow();
    expect(contents.emit('will-attach-webview', '')).toBe(true);
  });
});

describe('content security policy', () => {
  it('is the strict policy of DESIGN §7', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' altlens-media: data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'none'",
    );
  });
});
