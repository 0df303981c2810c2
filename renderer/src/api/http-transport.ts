import type { CallName, MediaKind } from '../../../contract/api';
import { mediaExpiry, signedMediaPath } from '../../../contract/media-url';
import { ApiCallError } from './errors';
import { openEventStream } from './event-stream';
import { takePageToken } from './page-token';
import type { Transport } from './transport';

/**
 * Browser mode: calls are `POST /api/call/<name>`, events come over server-sent events, media from `/media`.
 * The token from the printed link (kept in this tab's sessionStorage, see page-token.ts) goes as an
 * `Authorization: Bearer` header on calls and on the event stream, and signs each image's address
 * (contract/media-url.ts), since an `<img>` cannot send a header. There is no cookie.
 */
export function createHttpTransport(token: string | null = takePageToken()): Transport {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const listeners = new Set<(event: unknown) => void>();
  let closeStream: (() => void) | null = null;
  // Signed addresses of the current expiry, so that an image keeps its address (and its cached copy).
  let signed = new Map<string, Promise<string>>();
  let signedExpiry = 0;

  function onData(data: string): void {
    let event: unknown;
    try {
      event = JSON.parse(data);
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
          credentials: 'omit',
          headers: { ...headers, 'Content-Type': 'application/json' },
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
      // One stream for all listeners.
      closeStream ??= openEventStream('/api/events', headers, onData);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && closeStream) {
          closeStream();
          closeStream = null;
        }
      };
    },

    mediaUrl(kind: MediaKind, id: number): Promise<string> {
      // Without a token the server refuses the address, and the view shows its placeholder.
      if (!token) return Promise.resolve(`/media/${kind}/${id}`);
      const expires = mediaExpiry(Date.now());
      if (expires !== signedExpiry) {
        signed = new Map();
        signedExpiry = expires;
      }
      const key = `${kind}/${id}`;
      let url = signed.get(key);
      if (!url) {
        url = signedMediaPath(token, kind, id, expires);
        signed.set(key, url);
      }
      return url;
    },
  };
}
