import type { CallName, MediaKind } from '../../../contract/api';
import type { Transport } from './transport';

/** The one object the Electron preload exposes on `window.altlens` (DESIGN §2). */
export interface AltLensBridge {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
  /** Opens the system's folder dialog; answers a FolderChoice (contract/api.ts), checked by the caller. */
  chooseFolder(): Promise<unknown>;
  /** The path of a file or folder dropped on the window ('' when it has none). */
  pathForFile(file: File): string;
  platform: 'electron';
}

declare global {
  interface Window {
    altlens?: AltLensBridge;
  }
}

/** Electron: calls and events go through the preload's bridge, media through the `altlens-media:` protocol. */
export function createIpcTransport(bridge: AltLensBridge): Transport {
  return {
    call(name: CallName, params: unknown): Promise<unknown> {
      return bridge.call(name, params);
    },
    onEvent(listener) {
      return bridge.onEvent(listener);
    },
    mediaUrl(kind: MediaKind, id: number): Promise<string> {
      // The app's own protocol, which no web page can reach: the address needs no signature.
      return Promise.resolve(`altlens-media://${kind}/${id}`);
    },
  };
}
