import { createApiClient, type ApiClient } from './client';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';

export type { ApiClient } from './client';
export { ApiCallError, errorMessage } from './errors';

/** Electron when the preload's bridge is there, browser mode (HTTP + server-sent events) otherwise. */
export function createDefaultApiClient(): ApiClient {
  const bridge = window.altlens;
  return createApiClient(bridge ? createIpcTransport(bridge) : createHttpTransport());
}
