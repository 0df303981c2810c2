import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MediaKind } from '../../contract/api.js';
import { MEDIA_URL_LIFETIME_S, mediaSignature } from '../../contract/media-url.js';

/*
 * How browser mode authenticates (README "Security"). There is no cookie: cookies are shared by every port
 * of a host, so any other server on 127.0.0.1 would receive one. The page keeps the run's token in its own
 * origin-scoped storage and sends it as `Authorization: Bearer` on calls and on the event stream; images are
 * fetched through short-lived signed addresses (contract/media-url.ts). `?token=` in the printed link is
 * read by the page's script only, never accepted by the server as a credential: a token in an address ends
 * up in history, logs and screenshots.
 */

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The token of an `Authorization: Bearer` header, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const want = Buffer.from(expected);
  const got = Buffer.from(presented);
  return got.length === want.length && timingSafeEqual(got, want);
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Accept only Host headers naming this loopback server: a DNS-rebinding page sends its own host name. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return LOOPBACK_HOSTS.some((host) => hostHeader === `${host}:${port}`);
}

/**
 * Whether a request that changes something may come from where it says it comes from: a page of this very
 * server, or no page at all (a script, curl). `Sec-Fetch-Site: same-site` is refused as well as
 * `cross-site`: a page on another port of 127.0.0.1 is "same-site" (sites ignore ports).
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  return origin === undefined || LOOPBACK_HOSTS.some((host) => origin === `http://${host}:${port}`);
}

/** Whether a media address's signature opens this rendition now (see contract/media-url.ts). */
export async function mediaSignatureValid(
  token: string,
  url: URL,
  kind: string | undefined,
  id: string | undefined,
  nowMs = Date.now(),
): Promise<boolean> {
  const expiresText = url.searchParams.get('expires') ?? '';
  const signature = url.searchParams.get('sig');
  const parsedKind = MediaKind.safeParse(kind);
  if (!/^\d{1,12}$/.test(expiresText) || !/^\d{1,12}$/.test(id ?? '') || !parsedKind.success) return false;
  const expires = Number(expiresText);
  const now = nowMs / 1000;
  if (expires < now || expires > now + MEDIA_URL_LIFETIME_S) return false;
  const expected = await mediaSignature(token, parsedKind.data, Number(id), expires);
  return tokenMatches(expected, signature);
}
