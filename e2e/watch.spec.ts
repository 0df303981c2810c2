import { expect, test } from '@playwright/test';
import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** A real photo made outside the watched folder, to be copied in. */
async function photoElsewhere(name: string, background: string): Promise<string> {
  const path = join(tempDir('camera'), name);
  await sharp({ create: { width: 480, height: 320, channels: 3, background } }).toFile(path);
  return path;
}

test('serve --watch: a photo copied in appears without a reload; a deleted one is shown missing and removed by keyboard', async ({
  page,
}) => {
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('watch'), ['--watch', photos]);
  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(4);
  const folder = page.getByRole('listitem').filter({ hasText: photos });
  await expect(folder).toContainText('4 photos, watching');

  copyFileSync(await photoElsewhere('lighthouse.jpg', '#d0d040'), join(photos, 'lighthouse.jpg'));

  const lighthouse = grid.getByRole('row', { name: /^lighthouse\.jpg, no description yet/ });
  await expect(lighthouse).toBeVisible();
  await expect
    .poll(() => lighthouse.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(320);
  await expect(folder).toContainText('5 photos, watching');

  renameSync(join(photos, 'harbour.jpg'), join(tempDir('trash'), 'harbour.jpg'));

  await expect(grid.getByRole('row', { name: /^harbour\.jpg, file missing/ })).toBeVisible();
  await expect(folder).toContainText('5 photos, 1 missing, watching');
  await expectNoAxeViolations(page);

  await tabTo(page, page.getByRole('button', { name: `Remove missing photos of ${photos}` }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Remove 1 missing photo?' });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await tabTo(page, dialog.getByRole('button', { name: 'Remove', exact: true }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('status').filter({ hasText: 'Removed' })).toHaveText(
    'Removed 1 missing photo from the library.',
  );
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(grid.getByRole('row', { name: /^harbour\.jpg/ })).toHaveCount(0);
  await expect(folder).toContainText('4 photos, watching');
  await expect(page.getByRole('heading', { name: 'Folders' })).toBeFocused();
});

test('photos added, renamed and deleted while the server was stopped are found when it starts again', async ({
  page,
}) => {
  const photos = await makePhotoFolder();
  const dataDir = tempDir('restart-watch');
  server = await startServe(dataDir, ['--watch', photos]);
  await expect.poll(async () => (await server.call('folders.list', {}))[0]?.imageCount).toBe(4);
  const meadow = (await server.call('images.search', { query: 'meadow' })).images[0];
  if (!meadow) throw new Error('meadow.png is not in the library');
  await server.call('descriptions.save', { imageId: meadow.id, text: 'A green meadow under a clear sky.' });
  expect(await server.stop()).toBe(0);

  copyFileSync(await photoElsewhere('arrived.jpg', '#4040d0'), join(photos, 'arrived.jpg'));
  renameSync(join(photos, 'meadow.png'), join(photos, 'field.png'));
  renameSync(join(photos, 'sunset.webp'), join(tempDir('trash'), 'sunset.webp'));

  server = await startServe(dataDir);
  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row', { name: /^arrived\.jpg, no description yet/ })).toBeVisible();
  await expect(grid.getByRole('row', { name: /^field\.png, described/ })).toContainText(
    'A green meadow under a clear sky.',
  );
  await expect(grid.getByRole('row', { name: /^sunset\.webp, file missing/ })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: photos })).toContainText(
    '5 photos, 1 missing, watching',
  );
});
