import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorCode } from '../../contract/api.js';
import { ImageId, MediaKind, type ApiEnvelope, type ApiEvent } from '../../contract/api.js';
import { MEDIA_URL_LIFETIME_S } from '../../contract/media-url.js';
import { ApiError, failure } from '../core/api/errors.js';
import { dispatch } from '../core/api/dispatch.js';
import type { Handlers } from '../core/api/handlers.js';
import type { Library } from '../core/library/library.js';
import {
  bearerToken,
  hostAllowed,
  mediaSignatureValid,
  newToken,
  originAllowed,
  tokenMatches,
} from './auth.js';
import { resolveStaticPath, sendFile } from './static-files.js';

export interface ServerOptions {
  readonly library: Library;
  readonly handlers: Handlers;
  /** The built renderer (index.html and its assets). */
  readonly rendererDir: string;
  /** 0 picks any free port. */
  readonly port: number;
  readonly host?: string;
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
/**
 * A body over the limit is read on and dropped, so that the client hears the 413 instead of a connection
 * reset; one that goes on past this is cut off.
 */
const MAX_DRAINED_BYTES = 64_000_000;
const OPEN_THE_LINK = 'Open AltLens with the link that "altlens serve" printed.';
const HEARTBEAT_MS = 15_000;

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const statusOf: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  internal: 500,
};

/**
 * Browser mode: the built renderer, the API (`POST /api/call/<name>`), pushed events (server-sent events
 * at `/api/events`) and media by image id (`/media/<kind>/<id>`, signed), on loopback only, behind a
 * per-run token (see auth.ts for how it travels).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const streams = new Set<ServerResponse>();
  let port = options.port;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('AltLens: request failed:', error);
      if (!res.headersSent) sendEnvelope(res, failure('internal', 'The request failed inside AltLens.'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    if (!hostAllowed(req.headers.host, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unexpected Host header.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const [, area, first, second] = url.pathname.split('/');
    const isData = area === 'api' || area === 'media';
    if ((isData || req.method !== 'GET') && !originAllowed(req, port)) {
      return sendEnvelope(res, failure('forbidden', 'AltLens answers only its own page, not other sites.'));
    }
    const signedIn = tokenMatches(token, bearerToken(req));
    if (area === 'media' && req.method === 'GET') {
      if (!signedIn && !(await mediaSignatureValid(token, url, first, second))) {
        const message = 'This image address is not signed or has expired: reload the page.';
        return sendEnvelope(res, failure('unauthorized', message));
      }
      return sendMedia(res, first, second);
    }
    if (isData || req.method !== 'GET') {
      if (!signedIn) return sendEnvelope(res, failure('unauthorized', OPEN_THE_LINK));
      if (area === 'api' && first === 'call' && second !== undefined && req.method === 'POST') {
        return sendEnvelope(res, await callApi(req, decodeURIComponent(second)));
      }
      if (area === 'api' && first === 'events' && req.method === 'GET') return openEventStream(res);
      return sendEnvelope(res, failure('not_found', `Nothing at ${req.method} ${url.pathname}.`));
    }
    // The page and its scripts are the public build, the same for everyone, and hold no data: they are
    // served without a credential, since a reload (the token has left the address bar by then) carries
    // none. A link with a token from another run is turned away here, where the person opened it.
    const linkToken = url.searchParams.get('token');
    if (linkToken !== null && !tokenMatches(token, linkToken)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`This link is not the one this AltLens printed. ${OPEN_THE_LINK}`);
      return;
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    // Paths that are not files are the single-page app's own (it routes by hash, but be forgiving).
    if (file && (await sendFile(res, file, { 'Cache-Control': 'no-cache' }))) return;
    const index = resolveStaticPath(options.rendererDir, '/');
    if (!index || !(await sendFile(res, index, { 'Cache-Control': 'no-cache' }))) {
      sendEnvelope(res, failure('not_found', 'The renderer is not built: run "npm run build".'));
    }
  }

  async function callApi(req: IncomingMessage, name: string): Promise<ApiEnvelope> {
    if (!req.headers['content-type']?.startsWith('application/json')) {
      return failure('bad_request', 'Send the parameters as JSON (Content-Type: application/json).');
    }
    const body = await readBody(req);
    if (body === null) {
      return failure('too_large', `The request is larger than ${MAX_BODY_BYTES / 1_000_000} MB.`);
    }
    let params: unknown;
    try {
      params = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return failure('bad_request', 'The request body is not valid JSON.');
    }
    return dispatch(options.handlers, name, params);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const send = (event: ApiEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = options.library.events.subscribe(send);
    // What changed before this stream opened (a page still loading, a reconnect) was not heard: the UI
    // reloads what it shows once it is listening.
    send({ type: 'library.changed', imageIds: [] });
    send({ type: 'folders.changed' });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function sendMedia(res: ServerResponse, kindText?: string, idText?: string): Promise<void> {
    const kind = MediaKind.safeParse(kindText);
    const id = ImageId.safeParse(Number(idText));
    if (!kind.success || !id.success || !/^\d+$/.test(idText ?? '')) {
      return sendEnvelope(
        res,
        failure('bad_request', 'Media are addressed as /media/<thumbnail|preview>/<id>.'),
      );
    }
    try {
      const path = await options.library.mediaPath(kind.data, id.data);
      if (await sendFile(res, path, { 'Cache-Control': `private, max-age=${MEDIA_URL_LIFETIME_S}` })) return;
      sendEnvelope(res, failure('not_found', `The ${kind.data} of image ${id.data} is missing.`));
    } catch (error) {
      if (error instanceof ApiError) return sendEnvelope(res, failure(error.code, error.message));
      sendEnvelope(res, failure('not_found', `Image ${id.data} cannot be shown: ${String(error)}`));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendEnvelope(res: ServerResponse, envelope: ApiEnvelope): void {
  const status = envelope.ok ? 200 : statusOf[envelope.error.code];
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(envelope));
}

/** The request's body as text, or null when it is over the limit (then the rest is read and dropped). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(null));
    req.on('error', reject);
  });
}
