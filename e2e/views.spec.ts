import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { expectNoAxeViolations } from './keyboard.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** Each view by its address, with the heading that takes focus when it opens (the page opens on Library). */
const views: [string, string, RegExp | string][] = [
  ['activity', '#/activity', 'Activity'],
  ['settings', '#/settings', 'Settings'],
  ['models', '#/models', 'Models'],
  ['library', '#/', /^Library/],
  ['review', '#/review', 'harbour.jpg'],
];

async function open(page: Page, hash: string, heading: RegExp | string): Promise<void> {
  await page.evaluate((to) => (window.location.hash = to), hash);
  await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeFocused();
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('every view and the help dialog pass axe in light, dark and forced colours, with a screenshot of each', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const photos = await makePhotoFolder();
  const modelDir = tempDir('model');
  await writeTinyCaptioner(modelDir);
  server = await startServe(tempDir('data'), ['--model', modelDir, '--device', 'cpu']);
  await page.goto(server.url);

  // Captions finishing is said in the window's live region, whichever view is open.
  await server.call('folders.add', { path: photos });
  await expect(page.locator('#announcements')).toHaveText('Captions finished: 3 generated, 0 failed.', {
    timeout: 45_000,
  });

  const modes = [
    { name: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
    { name: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
    { name: 'forced-colors', media: { colorScheme: 'light', forcedColors: 'active' } },
  ] as const;
  for (const mode of modes) {
    await page.emulateMedia(mode.media);
    for (const [name, hash, heading] of views) {
      await open(page, hash, heading);
      await expectNoAxeViolations(page);
      await screenshot(page, testInfo, `${name}-${mode.name}`);
    }
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, `help-${mode.name}`);
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  }

  // The theme setting wins over the system's choice.
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  await server.call('settings.update', { theme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(18, 20, 23)');
});

test('Review at 200% zoom has no horizontal scrolling, and a failed write is announced with its reason', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('data'));
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('harbour.jpg was not added');
  await server.call('descriptions.save', { imageId: harbour.id, text: 'Boats in a blue harbour.' });
  await server.call('descriptions.approve', { imageId: harbour.id });

  // 640 CSS pixels wide: a 1280-pixel window at 200% zoom.
  await page.setViewportSize({ width: 640, height: 900 });
  await page.goto(`${server.url}#/review/${harbour.id}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const overflow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
  await screenshot(page, testInfo, 'review-200-percent');

  // The file changes after it was read: the write refuses it, and the reason is said.
  appendFileSync(join(photos, 'harbour.jpg'), Buffer.from([0]));
  await page.keyboard.press('w');
  await expect(page.locator('#announcements')).toContainText('Write failed for harbour.jpg:', {
    timeout: 30_000,
  });
  await expect(page.locator('#announcements')).toContainText('changed since it was read');
  // Said once: the Review panel shows the reason, but in no live region of its own.
  const spoken = page.locator('[role="alert"], [role="status"], [aria-live]');
  await expect(spoken.filter({ hasText: 'changed since it was read' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Alt text in the file' })).toContainText(
    'changed since it was read',
  );
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'review-write-failed');
});

test('every view at 1280×800 and 1920×1080, light and dark, with screenshots; none scrolls sideways at 200% zoom', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('data'));
  await server.call('folders.add', { path: photos });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: /^Library/, level: 2 })).toBeVisible();

  const sizes = [
    { name: '1280x800', width: 1280, height: 800 },
    { name: '1920x1080', width: 1920, height: 1080 },
  ];
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, forcedColors: 'none' });
      for (const [name, hash, heading] of views) {
        await open(page, hash, heading);
        // The first photo of the library is on screen, whole, without scrolling.
        if (name === 'library')
          await expect(page.getByRole('grid', { name: 'Photos' }).getByRole('row').first()).toBeInViewport({
            ratio: 1,
          });
        // The window, as a person sees it first (not the full page).
        const path = testInfo.outputPath(`${name}-${size.name}-${colorScheme}.png`);
        await page.screenshot({ path });
        await testInfo.attach(`${name}-${size.name}-${colorScheme}`, { path, contentType: 'image/png' });
      }
    }
  }

  // 640 CSS pixels wide: a 1280-pixel window at 200% zoom. No view needs a horizontal scroll bar.
  await page.setViewportSize({ width: 640, height: 800 });
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  for (const [name, hash, heading] of views) {
    await open(page, hash, heading);
    const overflow = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(overflow.scrollWidth, `${name} at 200% zoom`).toBeLessThanOrEqual(overflow.clientWidth);
    await screenshot(page, testInfo, `${name}-200-percent`);
  }
});
