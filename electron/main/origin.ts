/** The app's own pages are served under this privileged scheme, never from file:// (DESIGN §7). */
export const APP_SCHEME = 'altlens-app';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** Renditions of images, addressed by kind and image id only: `altlens-media://thumbnail/42`. */
export const MEDIA_SCHEME = 'altlens-media';

/**
 * Whether `url` has the same scheme, host and port as `base`. `URL.origin` cannot be used: it is "null"
 * for custom schemes in Node, so every custom-scheme URL would look like the same origin.
 */
export function isSameOrigin(url: string, base: string): boolean {
  const a = parse(url);
  const b = parse(base);
  return a !== null && b !== null && a.protocol === b.protocol && a.host === b.host && a.host !== '';
}

export function isWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:');
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
