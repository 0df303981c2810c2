import { expect, test } from '@playwright/test';
import { ensureSmallPhotos } from '../electron/core/testing/small-photos.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { tempDir } from './photos.js';

const PHOTOS = 600;
/** Far fewer than the photos: only the cards in view (and the focused one) are in the page. */
const MAX_ROWS_IN_PAGE = 150;

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('600 photos: the grid keeps few cards in the page, and the last photo is reachable by keyboard', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const photos = tempDir('large');
  await ensureSmallPhotos(photos, PHOTOS, 100);
  server = await startServe(tempDir('large-data'));
  await server.call('settings.update', { captionOnAdd: false });
  await server.call('folders.add', { path: photos });

  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: `Library (${PHOTOS} photos)` })).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Photos' });
  const rows = grid.getByRole('row');
  await expect(rows.first()).toContainText('photo-000000.jpg');
  expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_PAGE);

  // The grid has a card for every photo: End goes to the true last one, whose page is then loaded.
  await tabTo(page, rows.first());
  await page.keyboard.press('End');
  await expect(grid.getByRole('row', { name: /^photo-000599\.jpg, no description yet/ })).toBeFocused();
  expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_PAGE);
  await expectNoAxeViolations(page);

  // Arrows and Page Up move from there; Enter opens the photo, and Escape comes back to it.
  await page.keyboard.press('ArrowLeft');
  await expect(grid.getByRole('row', { name: /^photo-000598\.jpg,/ })).toBeFocused();
  await page.keyboard.press('PageUp');
  const focused = grid.locator('[role="row"]:focus');
  await expect(focused).toHaveCount(1);
  const name = (await focused.getAttribute('aria-label')) ?? (await focused.textContent()) ?? '';
  const opened = /photo-\d{6}\.jpg/.exec(name)?.[0];
  expect(opened).toBeDefined();
  expect(opened).not.toBe('photo-000598.jpg');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: opened })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('row', { name: new RegExp(`^${opened?.replace('.', '\\.')},`) })).toBeFocused();
  expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_PAGE);
  await expectNoAxeViolations(page);
});
