import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** One cookie per port, so two AltLens servers on one machine do not log each other out. */
export function cookieName(port: number): string {
  return `altlens_token_${port}`;
}

/** The token a request carries: `Authorization: Bearer`, the session cookie, or `?token=`. */
export function presentedTokens(req: IncomingMessage, url: URL, port: number): string[] {
  const tokens: string[] = [];
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) tokens.push(header.slice('Bearer '.length).trim());
  const cookies = req.headers.cookie?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...value] = cookie.trim().split('=');
    if (name === cookieName(port)) tokens.push(value.join('='));
  }
  const query = url.searchParams.get('token');
  if (query) tokens.push(query);
  return tokens;
}

export function tokenMatches(expected: string, presented: readonly string[]): boolean {
  const want = Buffer.from(expected);
  return presented.some((token) => {
    const got = Buffer.from(token);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** Accept only Host headers naming this loopback server: a DNS-rebinding page sends its own host name. */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].some((host) => hostHeader === `${host}:${port}`);
}
