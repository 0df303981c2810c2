// The Content Security Policy of the app's own pages. It is set as a response header by the
// altlens-app:// protocol handler (protocols.ts), which serves every page the window may show, rather
// than through session.webRequest.onHeadersReceived: webRequest does not reliably see responses of custom
// protocols, while a header written by the handler is on every response by construction.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' altlens-media: data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers on every response of the app's own pages. */
export function appSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
