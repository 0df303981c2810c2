import type { CallName, MediaKind } from '../../../contract/api';
import { ApiCallError } from './errors';
import type { Transport } from './transport';

/**
 * Browser mode: calls are `POST /api/call/<name>`, events come over server-sent events, media from `/media`.
 * The server authenticates with a cookie it sets when the page is opened with `?token=`; when that token
 * is in the page URL it is also sent as a bearer token, so calls work even where cookies are blocked.
 */
export function createHttpTransport(location: Location = window.location): Transport {
  const token = new URLSearchParams(location.search).get('token');
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;

  const listeners = new Set<(event: unknown) => void>();
  let source: EventSource | null = null;

  function onMessage(message: MessageEvent<unknown>): void {
    if (typeof message.data !== 'string') return;
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      return; // not JSON: the client would drop it anyway
    }
    for (const listener of listeners) listener(event);
  }

  return {
    async call(name: CallName, params: unknown): Promise<unknown> {
      let response: Response;
      try {
        response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers,
          body: JSON.stringify(params),
        });
      } catch {
        throw new ApiCallError(
          'internal',
          'AltLens could not reach its core. Is `altlens serve` still running?',
        );
      }
      try {
        return (await response.json()) as unknown;
      } catch {
        throw new ApiCallError(
          'internal',
          `The core answered ${name} with status ${response.status} and no data.`,
        );
      }
    },

    onEvent(listener) {
      listeners.add(listener);
      if (!source) {
        // One connection for all listeners; EventSource reconnects by itself after a dropped connection.
        source = new EventSource('/api/events');
        source.addEventListener('message', onMessage);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },

    mediaUrl(kind: MediaKind, id: number): string {
      return `/media/${kind}/${id}`;
    },
  };
}
