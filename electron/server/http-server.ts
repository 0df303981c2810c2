import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorCode } from '../../contract/api.js';
import { ImageId, MediaKind, type ApiEnvelope, type ApiEvent } from '../../contract/api.js';
import { ApiError, failure } from '../core/api/errors.js';
import { dispatch } from '../core/api/dispatch.js';
import type { Handlers } from '../core/api/handlers.js';
import type { Library } from '../core/library/library.js';
import { cookieName, hostAllowed, newToken, presentedTokens, tokenMatches } from './auth.js';
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
  not_found: 404,
  internal: 500,
};

/**
 * Browser mode: the built renderer, the API (`POST /api/call/<name>`), pushed events (server-sent events
 * at `/api/events`) and media by image id (`/media/<kind>/<id>`), on loopback only, behind a per-run token.
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
    if (!tokenMatches(token, presentedTokens(req, url, port))) {
      sendEnvelope(res, failure('unauthorized', 'Open AltLens with the link that "altlens serve" printed.'));
      return;
    }
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }

    const [, area, first, second] = url.pathname.split('/');
    if (area === 'api' && first === 'call' && second !== undefined && req.method === 'POST') {
      return sendEnvelope(res, await callApi(req, decodeURIComponent(second)));
    }
    if (area === 'api' && first === 'events' && req.method === 'GET') return openEventStream(res);
    if (area === 'media' && req.method === 'GET') return sendMedia(res, first, second);
    if (area === 'api' || req.method !== 'GET') {
      return sendEnvelope(res, failure('not_found', `Nothing at ${req.method} ${url.pathname}.`));
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
    let body: string;
    try {
      body = await readBody(req);
    } catch (error) {
      return failure('bad_request', error instanceof Error ? error.message : String(error));
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
      if (await sendFile(res, path, { 'Cache-Control': 'private, max-age=3600' })) return;
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('The request body is too large.'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
