import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../core/app-core.js';
import type { Library } from '../core/library/library.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
import { MEDIA_URL_LIFETIME_S, mediaExpiry, signedMediaPath } from '../../contract/media-url.js';
import { startServer, type RunningServer } from './http-server.js';
import { readEvents } from './testing/sse-client.js';

let server: RunningServer;
let library: Library;
let core: Core;
let photos: string;
let base: string;

beforeAll(async () => {
  photos = tempDir('server-photos');
  await writeImage(join(photos, 'a.jpg'), { width: 800, height: 600 });
  const rendererDir = tempDir('renderer');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AltLens test page</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tempDir('outside'), 'secret.txt'), 'secret');
  core = openCore({ dataDir: tempDir('server-data') });
  core.library.settings.write({ captionOnAdd: false }); // captioning has tests of its own
  library = core.library;
  server = await startServer({ library, handlers: core.handlers, rendererDir, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await core.close();
});

const auth = () => ({ Authorization: `Bearer ${server.token}` });

const json = { 'Content-Type': 'application/json' };

/** A request with exactly these headers (fetch would add or drop some). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    })
      .on('error', reject)
      .end(body);
  });
}

function call(name: string, body: unknown, headers: Record<string, string> = auth()) {
  return fetch(`${base}/api/call/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('browser-mode server', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to calls, events and media without the token, with a wrong one or with it in the query', async () => {
    const query = `?token=${server.token}`;
    for (const response of [
      await fetch(`${base}/media/thumbnail/1`),
      await fetch(`${base}/media/thumbnail/1${query}`),
      await fetch(`${base}/api/events`),
      await fetch(`${base}/api/events${query}`),
      await call('folders.list', {}, {}),
      await call('folders.list', {}, { Authorization: 'Bearer wrong' }),
      await fetch(`${base}/api/call/folders.list${query}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('serves the page with no credential (a reload carries none) and never sets a cookie', async () => {
    for (const path of [`/?token=${server.token}`, '/', '/assets/app.js', '/#/review']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await response.text()).toMatch(path === '/assets/app.js' ? /console\.log/ : /AltLens test page/);
    }
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('turns away a page link with a token from another run, in plain words', async () => {
    const page = await fetch(`${base}/?token=${'x'.repeat(server.token.length)}`);
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(/link that "altlens serve" printed/);
  });

  it('refuses calls from a page of another origin (Origin or Sec-Fetch-Site) with a 403 envelope', async () => {
    const refused: Record<string, string>[] = [
      { Origin: 'http://127.0.0.1:1' },
      { Origin: 'http://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      // A page on another port of 127.0.0.1 is "same-site": sites ignore ports.
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of refused) {
      const response = await raw('POST', '/api/call/folders.list', { ...auth(), ...json, ...headers }, '{}');
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const events = await raw('GET', '/api/events', { ...auth(), 'Sec-Fetch-Site': 'cross-site' });
    expect(events.status).toBe(403);
    for (const host of ['127.0.0.1', 'localhost']) {
      const own = { Origin: `http://${host}:${server.port}`, 'Sec-Fetch-Site': 'same-origin' };
      const response = await raw('POST', '/api/call/folders.list', { ...auth(), ...json, ...own }, '{}');
      expect(response.status).toBe(200);
    }
  });

  it('answers a 2 MB request with a JSON 413, not a connection reset, and goes on serving', async () => {
    const big = JSON.stringify({ imageId: 1, text: 'x'.repeat(2_000_000) });
    const response = await call('descriptions.save', big);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'too_large', message: 'The request is larger than 1 MB.' },
    });
    expect((await call('folders.list', {})).status).toBe(200);
  });

  it('refuses a request whose Host header is not this server (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(`${base}/api/call/folders.list`, {
        method: 'POST',
        headers: { Host: 'evil.example:80', ...auth() },
      })
        .on('response', (res) => resolve(res.statusCode ?? 0))
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('answers 400 with a message to malformed calls', async () => {
    const badJson = await call('folders.add', '{"path": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { message: 'The request body is not valid JSON.' } });

    const badParams = await call('images.get', { id: 'seven' });
    expect(badParams.status).toBe(400);
    expect(await badParams.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringMatching(/Invalid parameters for images\.get/) },
    });

    const notJson = await fetch(`${base}/api/call/folders.list`, {
      method: 'POST',
      headers: auth(),
      body: 'x',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers 404 for an unknown image id, an unknown call and unknown media', async () => {
    const unknownImage = await call('images.get', { id: 424242 });
    expect(unknownImage.status).toBe(404);
    expect(await unknownImage.json()).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Image 424242 was not found.' },
    });
    expect((await call('images.delete', {})).status).toBe(404);
    expect((await fetch(`${base}/media/thumbnail/424242`, { headers: auth() })).status).toBe(404);
    expect((await fetch(`${base}/media/original/1`, { headers: auth() })).status).toBe(400);
    expect((await fetch(`${base}/media/thumbnail/..%2F..%2Fetc%2Fpasswd`, { headers: auth() })).status).toBe(
      400,
    );
  });

  it('never serves files from outside the renderer folder', async () => {
    const response = await fetch(`${base}/..%2F..%2F..%2Fetc%2Fpasswd`, { headers: auth() });
    expect(await response.text()).not.toMatch(/root:/);
  });

  it('adds a folder, pushes events over SSE, and serves media by id', async () => {
    const stream = await fetch(`${base}/api/events`, { headers: auth() });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = readEvents(stream);

    const added = await call('folders.add', { path: photos });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ ok: true, value: { found: 1, added: 1 } });
    const finished = await events.until((event) => event.type === 'scan.finished');
    expect(finished).toMatchObject({ type: 'scan.finished', result: { added: 1 } });
    await events.cancel();

    const list = (await (await call('images.list', {})).json()) as { value: { images: { id: number }[] } };
    const id = list.value.images[0]?.id;
    const preview = await fetch(`${base}/media/preview/${id}`, { headers: auth() });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/webp');
    expect((await preview.arrayBuffer()).byteLength).toBeGreaterThan(100);
    if (id === undefined) throw new Error('the photo was not listed');

    // What an <img> uses: an address signed for this rendition of this image until a time, no header.
    const now = Date.now();
    const signed = await signedMediaPath(server.token, 'preview', id, mediaExpiry(now));
    const image = await fetch(`${base}${signed}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    const sig = new URL(signed, base).searchParams.get('sig') ?? '';
    const expires = mediaExpiry(now);
    const refused = [
      `/media/thumbnail/${id}?expires=${expires}&sig=${sig}`, // another rendition
      `/media/preview/${id + 1}?expires=${expires}&sig=${sig}`, // another image
      `/media/preview/${id}?expires=${expires + 1}&sig=${sig}`, // another time
      `/media/preview/${id}?expires=${expires}&sig=${'0'.repeat(sig.length)}`,
      `/media/preview/${id}?expires=${expires}`,
      // Rightly signed, but past, or further ahead than an address may live.
      await signedMediaPath(server.token, 'preview', id, Math.floor(now / 1000) - 1),
      await signedMediaPath(server.token, 'preview', id, Math.floor(now / 1000) + MEDIA_URL_LIFETIME_S + 60),
      // Signed with another key.
      await signedMediaPath('not-the-token', 'preview', id, expires),
    ];
    for (const path of refused) expect((await fetch(`${base}${path}`)).status, path).toBe(401);

    const saved = await call('descriptions.save', { imageId: id, text: 'A red rectangle.' });
    expect(await saved.json()).toMatchObject({
      ok: true,
      value: { altText: 'A red rectangle.', status: 'edited' },
    });
  });
});
