import type { MediaKind } from './api.js';

/**
 * Browser mode's media addresses. An `<img>` cannot send the token as a header, and the token itself in an
 * image's address could be copied and replayed against the whole API; so each address carries a signature
 * that opens one rendition of one image until a time, and nothing else:
 * `/media/<kind>/<id>?expires=<unix seconds>&sig=<hex HMAC-SHA256 of "<kind>/<id>/<expires>", keyed by the
 * run's token>`. The page (which holds the token) and the server compute it with this same Web Crypto code;
 * the server refuses an address whose time has passed or lies further ahead than MEDIA_URL_LIFETIME_S.
 */
export const MEDIA_URL_LIFETIME_S = 600;

/** Expiry times are rounded to this step, so an address stays the same (and cached) for a while. */
export const MEDIA_URL_STEP_S = 300;

/** The expiry a new address gets: between one step and MEDIA_URL_LIFETIME_S from `nowMs`. */
export function mediaExpiry(nowMs: number): number {
  return (Math.floor(nowMs / 1000 / MEDIA_URL_STEP_S) + 2) * MEDIA_URL_STEP_S;
}

/** The signature of one address (lower-case hex). */
export async function mediaSignature(
  token: string,
  kind: MediaKind,
  id: number,
  expires: number,
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(token),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${kind}/${id}/${expires}`));
  return Array.from(new Uint8Array(signature), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The signed address of an image's rendition. */
export async function signedMediaPath(
  token: string,
  kind: MediaKind,
  id: number,
  expires: number,
): Promise<string> {
  return `/media/${kind}/${id}?expires=${expires}&sig=${await mediaSignature(token, kind, id, expires)}`;
}
