import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Listener = (...args: unknown[]) => void;

/** A fake of the two Electron modules a sandboxed preload may use, recording what the preload does. */
function fakeElectron() {
  const exposed = new Map<string, Record<string, unknown>>();
  const invocations: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invocations.push(args);
      return Promise.resolve({ ok: true, value: 'reply' });
    },
    on: (channel: string, listener: Listener) => {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api),
  };
  const webUtils = { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` };
  const emit = (channel: string, payload: unknown) => {
    const ipcEvent = { sender: ipcRenderer, senderId: 0 };
    for (const listener of listeners.get(channel) ?? []) listener(ipcEvent, payload);
  };
  return { electron: { contextBridge, ipcRenderer, webUtils }, exposed, invocations, listeners, emit };
}

/** Runs CommonJS source the way Electron runs a sandboxed preload: a fresh global, a `require` for 'electron' only. */
function runSandboxed(source: string, electron: object): string[] {
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found in the sandbox: ${name}`);
  };
  const wrapper = `(function (require, exports, module) {\n${source}\n})`;
  const run = runInNewContext(wrapper, {}) as (require: unknown, exports: object, module: object) => void;
  const exports = {};
  run(sandboxRequire, exports, { exports });
  return required;
}

function loadPreload() {
  const source = readFileSync(new URL('./index.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'index.cts',
  });
  const fake = fakeElectron();
  const required = runSandboxed(outputText, fake.electron);
  const api = fake.exposed.get('altlens');
  if (!api) throw new Error('the preload exposed no "altlens" object');
  return { ...fake, required, api };
}

describe('preload (fake Electron, sandboxed)', () => {
  it('the sandbox harness refuses any module other than electron', () => {
    expect(() => runSandboxed("require('node:fs');", {})).toThrow(/module not found in the sandbox: node:fs/);
  });

  it('requires only electron and exposes exactly one object, altlens, with its five members', () => {
    const { required, exposed, api } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['altlens']);
    expect(Object.keys(api).sort()).toEqual(['call', 'chooseFolder', 'onEvent', 'pathForFile', 'platform']);
    expect(api.platform).toBe('electron');
  });

  it('call invokes altlens:call with the method and params and resolves to the reply', async () => {
    const { api, invocations } = loadPreload();
    const call = api.call as (method: string, params: unknown) => Promise<unknown>;
    await expect(call('images.get', { id: 7 })).resolves.toEqual({ ok: true, value: 'reply' });
    expect(invocations).toEqual([['altlens:call', 'images.get', { id: 7 }]]);
  });

  it('onEvent passes only the payload and its unsubscribe removes the listener', () => {
    const { api, emit, listeners } = loadPreload();
    const onEvent = api.onEvent as (listener: (event: unknown) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onEvent((...args) => received.push(args));
    emit('altlens:event', { type: 'library.changed', imageIds: [1] });
    emit('some-other-channel', { type: 'ignored' });
    expect(received).toEqual([[{ type: 'library.changed', imageIds: [1] }]]);

    unsubscribe();
    expect(listeners.get('altlens:event')?.size).toBe(0);
    emit('altlens:event', { type: 'library.changed', imageIds: [2] });
    expect(received).toHaveLength(1);
  });
});

describe('desktop folders through the preload (fake Electron)', () => {
  it('chooseFolder invokes altlens:choose-folder; pathForFile asks webUtils', async () => {
    const { api, invocations } = loadPreload();
    const chooseFolder = api.chooseFolder as () => Promise<unknown>;
    await chooseFolder();
    expect(invocations).toEqual([['altlens:choose-folder']]);
    const pathForFile = api.pathForFile as (file: { name: string }) => string;
    expect(pathForFile({ name: 'holiday' })).toBe('/dropped/holiday');
  });
});
