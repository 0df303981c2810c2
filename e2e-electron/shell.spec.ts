// The desktop shell itself, run only by `npm run test:electron` where an Electron binary is installed
// (scripts/test-electron.js says in one line when none is, and this file is not part of `npm test`).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { join } from 'node:path';
import { makePhotoFolder, tempDir } from '../e2e/photos.js';

interface Bridge {
  platform: string;
  call(method: string, params: unknown): Promise<unknown>;
  chooseFolder(): Promise<unknown>;
}
declare global {
  interface Window {
    altlens?: Bridge;
  }
}

const binary = process.env.ALTLENS_ELECTRON_BINARY;

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  if (!binary) throw new Error('Run this through `npm run test:electron`, which finds the Electron binary.');
  app = await electron.launch({
    executablePath: binary,
    args: [join(import.meta.dirname, '..'), '--data-dir', tempDir('electron-data')],
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  // Where a test failed before the last one quit the app.
  if (app && app.windows().length > 0) await app.close();
});

test('opens the AltLens window from the app protocol, with the narrow preload bridge only', async () => {
  await expect(page).toHaveTitle(/AltLens/);
  expect(page.url()).toMatch(/^altlens-app:\/\//);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const bridge = await page.evaluate(() => ({
    platform: window.altlens?.platform,
    keys: Object.keys(window.altlens ?? {}).sort(),
    requireExposed: typeof (window as unknown as { require?: unknown }).require,
  }));
  expect(bridge).toEqual({
    platform: 'electron',
    keys: ['call', 'chooseFolder', 'onEvent', 'pathForFile', 'platform'],
    requireExposed: 'undefined',
  });
});

test('an API call over IPC adds a folder, and the media protocol serves its thumbnails', async () => {
  const folder = await makePhotoFolder();
  const scan = (await page.evaluate((path) => window.altlens?.call('folders.add', { path }), folder)) as {
    added: number;
  };
  expect(scan.added).toBe(4); // three photos and notes.jpg, kept with the reason it cannot be read
  const list = (await page.evaluate(() => window.altlens?.call('images.list', { limit: 10 }))) as {
    images: { id: number }[];
  };
  const id = list.images[0]?.id;
  expect(id).toBeGreaterThan(0);
  const width = await page.evaluate(
    (imageId) =>
      new Promise<number>((resolve, reject) => {
        const image = new Image();
        image.onload = () => resolve(image.naturalWidth);
        image.onerror = () => reject(new Error('the thumbnail did not load'));
        image.src = `altlens-media://thumbnail/${imageId}`;
      }),
    id,
  );
  expect(width).toBeGreaterThan(0);
});

test('"Choose folder…" answers with the path the system dialog gave (dialog stubbed at the call)', async () => {
  const chosen = tempDir('electron-chosen');
  await app.evaluate(({ dialog }, path) => {
    dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [path] });
  }, chosen);
  expect(await page.evaluate(() => window.altlens?.chooseFolder())).toEqual({ path: chosen });
});

test('quits cleanly: the main process ends and leaves no child behind', async () => {
  const pid = app.process().pid;
  expect(pid).toBeDefined();
  await app.close();
  const alive = (() => {
    try {
      process.kill(pid as number, 0);
      return true;
    } catch {
      return false;
    }
  })();
  expect(alive).toBe(false);
  // The run's global teardown fails the run if an engine, exiftool or other child is still running.
});
