import { expect, test, type Page } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;
let standIn: StandIn | undefined;

test.afterEach(async () => {
  await server.stop();
  await standIn?.close();
  standIn = undefined;
});

/** What one request to the stand-in carried. */
interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface StandIn {
  readonly origin: string;
  readonly received: Received[];
  /** Resolves with the next report its page sends (what the page could see of its own storage). */
  nextReport(): Promise<Received>;
  close(): Promise<void>;
}

/**
 * A stand-in for any other program's web server on another port of 127.0.0.1 (a dev server, a local tool):
 * it records every request, and its page reports what it can read (cookies, storage, referrer) and tries
 * the AltLens API itself with the browser's credentials.
 */
async function startStandIn(altlensOrigin: string): Promise<StandIn> {
  const received: Received[] = [];
  let reported: ((report: Received) => void) | null = null;
  const page = `<!doctype html><title>Another local server</title><img src="/pixel.png" alt="">
<script>
  const seen = { cookie: document.cookie, referrer: document.referrer, href: location.href,
    local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) };
  fetch(${JSON.stringify(`${altlensOrigin}/api/call/folders.list`)}, { method: 'POST', credentials: 'include',
    mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
    .catch(() => null)
    .finally(() => fetch('/report', { method: 'POST', body: JSON.stringify(seen) }));
</script>`;
  const http: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      if (req.url === '/report') reported?.(request);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    received,
    nextReport: () => new Promise((resolve) => (reported = resolve)),
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

/** Every piece of text in what the stand-in received, whole and cut at the usual separators. */
function candidates(received: readonly Received[]): string[] {
  const texts = received.flatMap(({ url, headers, body }) => [
    url,
    body,
    ...Object.values(headers).flatMap((value) => (Array.isArray(value) ? value : [value ?? ''])),
  ]);
  const pieces = texts.flatMap((text) => [text, ...text.split(/[\s;=&?/,:"{}]+/)]);
  return [...new Set(pieces.filter((piece) => piece.length >= 8))];
}

/** Tries a stolen value against the AltLens API every way a credential could travel: all must fail. */
async function replay(origin: string, value: string): Promise<number[]> {
  const attempts: [string, Record<string, string>][] = [
    ['/api/call/folders.list', { Authorization: `Bearer ${value}` }],
    ['/api/call/folders.list', { Cookie: value }],
    [`/api/call/folders.list?token=${encodeURIComponent(value)}`, {}],
  ];
  const statuses: number[] = [];
  for (const [path, headers] of attempts) {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });
    statuses.push(response.status);
  }
  const media = await fetch(`${origin}/media/thumbnail/1?token=${encodeURIComponent(value)}`, {
    headers: { Cookie: value },
  });
  return [...statuses, media.status];
}

/** The library works: the grid lists the sample folders' files, every thumbnail loaded (a signed address). */
async function expectLibraryShown(page: Page, folders: number): Promise<void> {
  const rows = 4 * folders; // each sample folder: three photos and notes.jpg, which is not an image
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(rows);
  const thumbnails = grid.locator('img');
  await expect(thumbnails).toHaveCount(3 * folders);
  for (const thumbnail of await thumbnails.all()) {
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  }
}

test('the printed link gives another server on 127.0.0.1 nothing it could replay, leaves the address bar, and survives a reload', async ({
  page,
  browser,
}) => {
  server = await startServe(tempDir('auth-data'));
  const local = await startStandIn(server.origin);
  standIn = local;
  await server.call('folders.add', { path: await makePhotoFolder() });

  await page.goto(`${server.url}#/`);
  await expectLibraryShown(page, 1);
  expect(page.url()).toBe(`${server.origin}/#/`);
  expect(await page.context().cookies()).toEqual([]);

  // A reload carries no token in the address: the page takes it from its own tab's storage.
  await page.reload();
  await expectLibraryShown(page, 1);
  // Events reach the reloaded page: a folder added elsewhere shows without another reload.
  await server.call('folders.add', { path: await makePhotoFolder() });
  await expectLibraryShown(page, 2);

  // The person follows a link to another local server, and opens it in another tab too.
  let report = local.nextReport();
  await page.evaluate((url) => {
    const link = Object.assign(document.createElement('a'), { href: url, id: 'to-stand-in' });
    document.body.append(Object.assign(link, { textContent: 'Another local server' }));
  }, `${local.origin}/followed`);
  await page.locator('#to-stand-in').click();
  await report;
  report = local.nextReport();
  const tab = await page.context().newPage();
  await tab.goto(`${local.origin}/opened`);
  await report;
  await tab.close();

  expect(local.received.map((request) => request.url)).toEqual(
    expect.arrayContaining(['/followed', '/opened', '/pixel.png', '/report']),
  );
  const everything = JSON.stringify(local.received);
  expect(everything).not.toContain(server.token);
  for (const request of local.received) {
    expect(request.headers.cookie).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers.referer ?? '').not.toContain(server.origin);
  }
  const stolen = candidates(local.received);
  expect(stolen.length).toBeGreaterThan(10);
  for (const value of stolen) expect(await replay(server.origin, value), value).toEqual([401, 401, 401, 401]);

  // Back on AltLens (history), the tab's storage still holds the token.
  await page.goBack();
  await expect(page).toHaveURL(`${server.origin}/#/`);
  await expectLibraryShown(page, 2);

  // The link stays valid for the whole run: opened again in another browser, it works there too.
  const elsewhere = await browser.newContext();
  const second = await elsewhere.newPage();
  await second.goto(server.url);
  await expectLibraryShown(second, 2);
  expect(second.url()).not.toContain('token');
  await elsewhere.close();
});

test('a page opened without the link, or with a link of another run, says how to open AltLens', async ({
  page,
}) => {
  server = await startServe(tempDir('auth-none'));
  await page.goto(`${server.origin}/`);
  await expect(
    page.getByText('Open AltLens with the link that "altlens serve" printed.').first(),
  ).toBeVisible();

  const stale = await page.goto(`${server.origin}/?token=${'A'.repeat(server.token.length)}`);
  expect(stale?.status()).toBe(401);
  await expect(page.getByText(/link that "altlens serve" printed/)).toBeVisible();
});

test('the event stream (a fetch with the token header) connects again after a refused connection and a drop', async ({
  page,
}) => {
  server = await startServe(tempDir('auth-events'));
  await server.call('folders.add', { path: await makePhotoFolder() });
  // Playwright's routing stands in for a broken network: the first connection is refused, the second ends
  // after its first message (as a dropped connection does); later ones reach the server.
  const seen: (string | undefined)[] = [];
  await page.route('**/api/events', async (route) => {
    seen.push(route.request().headers()['authorization']);
    if (seen.length === 1) await route.abort('connectionrefused');
    else if (seen.length === 2) {
      await route.fulfill({ status: 200, contentType: 'text/event-stream', body: ': connected\n\n' });
    } else await route.continue();
  });
  const reached = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/events' && seen.length >= 3,
  );
  await page.goto(server.url);
  expect((await reached).ok()).toBe(true);
  expect(seen).toEqual([1, 2, 3].map(() => `Bearer ${server.token}`));
  await expectLibraryShown(page, 1);

  // Heard over the stream that connected last: a folder added elsewhere shows without a reload.
  await server.call('folders.add', { path: await makePhotoFolder() });
  await expectLibraryShown(page, 2);
});

test('a 2 MB call from the page is answered with a JSON 413 (not a reset), and the server goes on answering', async ({
  page,
}) => {
  server = await startServe(tempDir('auth-large'));
  await page.goto(server.url);
  await expect(page.getByRole('textbox', { name: 'Folder path' })).toBeVisible();
  const answer = await page.evaluate(async () => {
    const response = await fetch('/api/call/descriptions.save', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sessionStorage.getItem('altlens-token') ?? ''}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ imageId: 1, text: 'x'.repeat(2_000_000) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  });
  expect(answer).toEqual({
    status: 413,
    body: { ok: false, error: { code: 'too_large', message: 'The request is larger than 1 MB.' } },
  });
  expect(await server.call('folders.list', {})).toEqual([]);
});
