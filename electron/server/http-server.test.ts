import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../core/app-core.js';
import type { Library } from '../core/library/library.js';
import { tempDir, writeImage } from '../core/testing/sample-images.js';
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

  it('answers 401 to any request without the token, or with a wrong one', async () => {
    for (const response of [
      await fetch(`${base}/`),
      await fetch(`${base}/media/thumbnail/1`),
      await call('folders.list', {}, {}),
      await call('folders.list', {}, { Authorization: 'Bearer wrong' }),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('serves the page for the token link and sets a strict session cookie that then suffices', async () => {
    const page = await fetch(`${base}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('AltLens test page');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(await asset.text()).toBe('console.log(1)');
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

    const saved = await call('descriptions.save', { imageId: id, text: 'A red rectangle.' });
    expect(await saved.json()).toMatchObject({
      ok: true,
      value: { altText: 'A red rectangle.', status: 'edited' },
    });
  });
});
