import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { ImageId, MediaKind } from '../../contract/api.js';
import { ApiError } from '../core/api/errors.js';
import type { Library } from '../core/library/library.js';
import { appSecurityHeaders } from './csp.js';
import { APP_HOST, APP_SCHEME, MEDIA_SCHEME } from './origin.js';

/** Must be registered before the app is ready (`protocol.registerSchemesAsPrivileged`). */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  // corsEnabled: Vite's `<script type="module" crossorigin>` is fetched in CORS mode, even from its own origin.
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
  },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
];

type Refusal = { ok: false; status: 400 | 404; message: string };
export type MediaRequest = { ok: true; kind: MediaKind; id: number } | Refusal;
export type AppFileRequest = { ok: true; path: string } | Refusal;

/** `altlens-media://<kind>/<id>` → kind and image id. Nothing in the URL is ever used as a path. */
export function parseMediaUrl(url: string): MediaRequest {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== `${MEDIA_SCHEME}:`) return refuse(400, 'Not a media URL.');
  const kind = MediaKind.safeParse(parsed.hostname);
  if (!kind.success) return refuse(404, `Unknown media kind "${parsed.hostname}".`);
  const digits = /^\/([1-9][0-9]*)$/.exec(parsed.pathname)?.[1];
  const id = ImageId.safeParse(digits === undefined ? NaN : Number(digits));
  if (!id.success || !Number.isSafeInteger(id.data))
    return refuse(400, 'The image id must be a positive integer.');
  return { ok: true, kind: kind.data, id: id.data };
}

/** `altlens-app://app/<path>` → a file inside `rendererDir` (index.html for `/`); anything outside is refused. */
export function resolveAppFile(rendererDir: string, url: string): AppFileRequest {
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return refuse(404, 'Not found.');
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return refuse(400, 'Malformed path.');
  }
  if (pathname.includes('\0')) return refuse(400, 'Malformed path.');
  const root = resolve(rendererDir);
  const path = resolve(root, pathname === '/' ? 'index.html' : `.${pathname}`);
  const inside = relative(root, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return refuse(400, 'The path leaves the app folder.');
  }
  return { ok: true, path };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export async function serveAppRequest(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  const file = resolveAppFile(rendererDir, request.url);
  if (!file.ok) return plain(file.status, file.message);
  const contentType = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
  return serveFile(request, file.path, { ...appSecurityHeaders(), 'Content-Type': contentType });
}

export async function serveMediaRequest(
  request: Request,
  library: Pick<Library, 'mediaPath'>,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  const media = parseMediaUrl(request.url);
  if (!media.ok) return plain(media.status, media.message);
  let path: string;
  try {
    path = await library.mediaPath(media.kind, media.id);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return plain(404, error.message);
    console.error(`AltLens: could not make the ${media.kind} of image ${media.id}:`, error);
    return plain(500, 'The image could not be rendered.');
  }
  // The id, not the URL, picks the file, and an image keeps its id when it changes on disk: revalidate.
  return serveFile(request, path, {
    'Content-Type': 'image/webp',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function registerProtocols(
  protocol: ProtocolLike,
  deps: { rendererDir: string; library: Pick<Library, 'mediaPath'> },
): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, deps.rendererDir));
  protocol.handle(MEDIA_SCHEME, (request) => serveMediaRequest(request, deps.library));
}

async function serveFile(request: Request, path: string, headers: Record<string, string>): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    // A copy into a plain ArrayBuffer: Response does not take a Buffer over a possibly shared one.
    body = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plain(404, 'Not found.');
    console.error(`AltLens: could not read ${path}:`, error);
    return plain(500, 'The file could not be read.');
  }
  const withLength = { ...headers, 'Content-Length': String(body.length) };
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: withLength });
}

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

function refuse(status: 400 | 404, message: string): Refusal {
  return { ok: false, status, message };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
