import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEnvelope, ApiEvent } from '../../contract/api.js';
import { openCore, type Core } from '../core/app-core.js';
import type { Library } from '../core/library/library.js';
import type { InvokeEventLike } from './ipc.js';
import { forwardEvents, registerIpc } from './ipc.js';

const APP_URL = 'altlens-app://app/index.html';

type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => Promise<ApiEnvelope>;

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(senderUrl: string | null, ...args: unknown[]): Promise<ApiEnvelope> {
    const listener = this.handlers.get('altlens:call');
    if (!listener) throw new Error('nothing handles altlens:call');
    return listener({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

let dataDir: string;
let library: Library;
let core: Core;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'altlens-ipc-'));
  core = openCore({ dataDir });
  library = core.library;
});

afterEach(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('IPC API adapter (fake Electron, real library)', () => {
  function setUp() {
    const ipcMain = new FakeIpcMain();
    const unregister = registerIpc(ipcMain, core.handlers, APP_URL);
    return { ipcMain, unregister };
  }

  it('dispatches calls from the app frame to the real core', async () => {
    const { ipcMain } = setUp();
    await expect(ipcMain.invoke('altlens-app://app/index.html', 'folders.list', {})).resolves.toEqual({
      ok: true,
      value: [],
    });
    const missing = await ipcMain.invoke('altlens-app://app/index.html#/image/1', 'images.get', { id: 1 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const invalid = await ipcMain.invoke(APP_URL, 'images.get', { id: 'one' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses senders outside the app origin without running the call', async () => {
    const { ipcMain } = setUp();
    const folder = mkdtempSync(join(tmpdir(), 'altlens-ipc-folder-'));
    try {
      for (const sender of [
        'https://evil.example/',
        'altlens-app://app.evil/index.html',
        'file:///index.html',
        null,
      ]) {
        const reply = await ipcMain.invoke(sender, 'folders.add', { path: folder });
        expect(reply).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
      expect(library.folders()).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('unregisters the handler', () => {
    const { ipcMain, unregister } = setUp();
    expect([...ipcMain.handlers.keys()]).toEqual(['altlens:call']);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('event forwarding (fake Electron window)', () => {
  function fakeWindow() {
    const sent: unknown[][] = [];
    const closedListeners: (() => void)[] = [];
    let destroyed = false;
    const window = {
      webContents: { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => destroyed },
      once: (_event: 'closed', listener: () => void) => closedListeners.push(listener),
    };
    const close = () => {
      destroyed = true;
      for (const listener of closedListeners) listener();
    };
    return { window, sent, close };
  }

  it('sends every library event to the window until it closes', () => {
    const { window, sent, close } = fakeWindow();
    forwardEvents(library.events, window);
    const first: ApiEvent = { type: 'library.changed', imageIds: [3] };
    const second: ApiEvent = { type: 'scan.failed', folderPath: '/photos', message: 'gone' };
    library.events.emit(first);
    library.events.emit(second);
    expect(sent).toEqual([
      ['altlens:event', first],
      ['altlens:event', second],
    ]);

    close();
    library.events.emit({ type: 'library.changed', imageIds: [4] });
    expect(sent).toHaveLength(2);
  });
});
