import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaKind } from '../../contract/api.js';
import { notFound } from '../core/api/errors.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import {
  PRIVILEGED_SCHEMES,
  parseMediaUrl,
  registerProtocols,
  resolveAppFile,
  serveAppRequest,
  serveMediaRequest,
} from './protocols.js';

let root: string;
let rendererDir: string;
let webpPath: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'altlens-protocols-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AltLens</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(root, 'secret.txt'), 'top secret');
  webpPath = join(root, 'rendition.webp');
  writeFileSync(webpPath, Buffer.from([0x52, 0x49, 0x46, 0x46, 1, 2, 3]));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A library that answers every id with `path`, recording what it was asked. */
function fakeLibrary(path: string | Error) {
  const asked: [MediaKind, number][] = [];
  const library = {
    mediaPath: (kind: MediaKind, id: number): Promise<string> => {
      asked.push([kind, id]);
      return path instanceof Error ? Promise.reject(path) : Promise.resolve(path);
    },
  };
  return { library, asked };
}

describe('parseMediaUrl', () => {
  it('reads the kind and a positive integer id', () => {
    expect(parseMediaUrl('altlens-media://thumbnail/42')).toEqual({ ok: true, kind: 'thumbnail', id: 42 });
    expect(parseMediaUrl('altlens-media://preview/1?v=abc')).toEqual({ ok: true, kind: 'preview', id: 1 });
  });

  it('answers 404 for an unknown kind', () => {
    expect(parseMediaUrl('altlens-media://original/1')).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    'altlens-media://thumbnail/0',
    'altlens-media://thumbnail/-1',
    'altlens-media://thumbnail/1.5',
    'altlens-media://thumbnail/007',
    'altlens-media://thumbnail/abc',
    'altlens-media://thumbnail/1/2',
    'altlens-media://thumbnail/%31',
    'altlens-media://thumbnail/',
    'altlens-media://thumbnail/99999999999999999999',
    'altlens-media://thumbnail/..%2f..%2fetc%2fpasswd',
    'altlens-app://thumbnail/1',
    'not a url',
  ])('answers 400 for %s', (url) => {
    expect(parseMediaUrl(url)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('resolveAppFile', () => {
  it('maps / to index.html and other paths to files inside the renderer folder', () => {
    expect(resolveAppFile(rendererDir, 'altlens-app://app/')).toEqual({
      ok: true,
      path: join(rendererDir, 'index.html'),
    });
    expect(resolveAppFile(rendererDir, 'altlens-app://app/assets/app.js?x=1')).toEqual({
      ok: true,
      path: join(rendererDir, 'assets', 'app.js'),
    });
  });

  it.each([
    'altlens-app://app/..%2fsecret.txt',
    'altlens-app://app/assets/..%2f..%2fsecret.txt',
    'altlens-app://app/%2e%2e%2fsecret.txt',
    'altlens-app://app/%E0%A4%A',
    'altlens-app://app/index.html%00.js',
  ])('refuses %s with 400', (url) => {
    expect(resolveAppFile(rendererDir, url)).toMatchObject({ ok: false, status: 400 });
  });

  it('never resolves outside the renderer folder, whatever the URL parser leaves', () => {
    for (const url of [
      'altlens-app://app/../secret.txt',
      'altlens-app://app/%2e%2e/secret.txt',
      'altlens-app://app/a/../../b',
    ]) {
      const result = resolveAppFile(rendererDir, url);
      if (result.ok) expect(result.path.startsWith(rendererDir + sep)).toBe(true);
    }
  });

  it('answers 404 for another host or scheme', () => {
    expect(resolveAppFile(rendererDir, 'altlens-app://other/index.html')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(resolveAppFile(rendererDir, 'https://app/index.html')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('serveAppRequest', () => {
  it('serves index.html with the content security policy', async () => {
    const response = await serveAppRequest(new Request('altlens-app://app/'), rendererDir);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toBe('<!doctype html><title>AltLens</title>');
  });

  it('serves scripts as JavaScript', async () => {
    const response = await serveAppRequest(new Request('altlens-app://app/assets/app.js'), rendererDir);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1);');
  });

  it('answers 404 for a missing file or a folder, 400 for traversal, 405 for other methods', async () => {
    const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), rendererDir);
    expect((await get('altlens-app://app/missing.js')).status).toBe(404);
    expect((await get('altlens-app://app/assets')).status).toBe(404);
    const traversal = await get('altlens-app://app/..%2fsecret.txt');
    expect(traversal.status).toBe(400);
    expect(await traversal.text()).not.toContain('top secret');
    expect((await get('altlens-app://app/index.html', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await serveAppRequest(
      new Request('altlens-app://app/index.html', { method: 'HEAD' }),
      rendererDir,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('37');
    expect(await response.text()).toBe('');
  });
});

describe('serveMediaRequest', () => {
  it('serves the rendition the library picks for the id, as webp', async () => {
    const { library, asked } = fakeLibrary(webpPath);
    const response = await serveMediaRequest(new Request('altlens-media://preview/9'), library);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0x52, 0x49, 0x46, 0x46, 1, 2, 3]);
    expect(asked).toEqual([['preview', 9]]);
  });

  it('answers 404 when the library has no such image and 400 for a bad id, without asking the library', async () => {
    const missing = fakeLibrary(notFound('Image 5'));
    expect(
      (await serveMediaRequest(new Request('altlens-media://thumbnail/5'), missing.library)).status,
    ).toBe(404);
    const bad = fakeLibrary(webpPath);
    expect((await serveMediaRequest(new Request('altlens-media://thumbnail/x'), bad.library)).status).toBe(
      400,
    );
    expect((await serveMediaRequest(new Request('altlens-media://original/1'), bad.library)).status).toBe(
      404,
    );
    expect(bad.asked).toEqual([]);
  });

  it('answers 500 when the rendition cannot be made', async () => {
    const { library } = fakeLibrary(new Error('decoder crashed'));
    expect((await serveMediaRequest(new Request('altlens-media://thumbnail/5'), library)).status).toBe(500);
  });
});

describe('protocol registration (fake Electron)', () => {
  it('declares both schemes privileged as standard and secure', () => {
    expect(PRIVILEGED_SCHEMES.map((s) => [s.scheme, s.privileges?.standard, s.privileges?.secure])).toEqual([
      ['altlens-app', true, true],
      ['altlens-media', true, true],
    ]);
  });

  it('handles both schemes with the serving functions', async () => {
    const handled = new Map<string, (request: Request) => Promise<Response>>();
    registerProtocols(
      { handle: (scheme, handler) => handled.set(scheme, handler) },
      {
        rendererDir,
        library: fakeLibrary(webpPath).library,
      },
    );
    expect([...handled.keys()]).toEqual(['altlens-app', 'altlens-media']);
    const page = await handled.get('altlens-app')?.(new Request('altlens-app://app/index.html'));
    expect(page?.status).toBe(200);
    const image = await handled.get('altlens-media')?.(new Request('altlens-media://thumbnail/3'));
    expect(image?.headers.get('content-type')).toBe('image/webp');
  });
});
