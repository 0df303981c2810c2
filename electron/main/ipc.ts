import type { ApiEnvelope, ApiEvent } from '../../contract/api.js';
import { dispatch } from '../core/api/dispatch.js';
import { failure } from '../core/api/errors.js';
import type { Handlers } from '../core/api/handlers.js';
import { isSameOrigin } from './origin.js';

export const CALL_CHANNEL = 'altlens:call';
export const EVENT_CHANNEL = 'altlens:event';

/** The part of Electron's IpcMainInvokeEvent the handler reads. `senderFrame` is null once the frame is gone. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<ApiEnvelope>,
  ): void;
  removeHandler(channel: string): void;
}

const UNAUTHORIZED = failure('unauthorized', 'Only the AltLens window may call the AltLens API.');

/** The handler of `altlens:call`: frames of any other origin (an injected page, a stray frame) are refused. */
export function createCallHandler(handlers: Handlers, appUrl: string) {
  return async (event: InvokeEventLike, method: unknown, params: unknown): Promise<ApiEnvelope> => {
    const senderUrl = event.senderFrame?.url;
    if (senderUrl === undefined || !isSameOrigin(senderUrl, appUrl)) return UNAUTHORIZED;
    return dispatch(handlers, String(method), params);
  };
}

/** Registers the API on `altlens:call`; returns a function that removes it. */
export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, appUrl: string): () => void {
  const handle = createCallHandler(handlers, appUrl);
  ipcMain.handle(CALL_CHANNEL, (event, method, params) => handle(event, method, params));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

export interface EventSource {
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

export interface EventTargetWindow {
  readonly webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
  once(event: 'closed', listener: () => void): unknown;
}

/** Pushes every core event to the window until it closes. */
export function forwardEvents(events: EventSource, window: EventTargetWindow): () => void {
  const unsubscribe = events.subscribe((event) => {
    if (!window.webContents.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  window.once('closed', unsubscribe);
  return unsubscribe;
}
