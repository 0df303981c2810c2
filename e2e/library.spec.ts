import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import sharp from 'sharp';
import { arrowTo, expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('add a folder, see named thumbnails, describe a photo and find it after a reload — keyboard only', async ({
  page,
}) => {
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('data'));
  await page.goto(server.url);

  const folderField = page.getByRole('textbox', { name: 'Folder path' });
  await tabTo(page, folderField);
  await page.keyboard.type(photos);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText(
    '4 found, 4 added, 1 could not be read',
  );

  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(grid.getByRole('row', { name: /harbour\.jpg, no description yet/ })).toBeVisible();
  await expect(grid.getByRole('row', { name: /notes\.jpg, could not be read/ })).toBeVisible();
  const thumbnails = grid.locator('img');
  await expect(thumbnails).toHaveCount(3);
  for (const thumbnail of await thumbnails.all()) {
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  }
  await expectNoAxeViolations(page);

  await tabTo(page, grid.getByRole('row').first());
  await arrowTo(page, 'meadow.png');
  await page.keyboard.press('Enter');

  const heading = page.getByRole('heading', { name: 'meadow.png' });
  await expect(heading).toBeFocused();
  const preview = page.getByRole('img', { name: 'Preview of meadow.png' });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
  await expectNoAxeViolations(page);

  const description = page.getByRole('textbox', { name: 'Description (alt text)' });
  await tabTo(page, description);
  await page.keyboard.type('A green meadow under a clear sky.');
  await tabTo(page, page.getByRole('button', { name: 'Save description' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Description saved.' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'meadow.png' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Description (alt text)' })).toHaveValue(
    'A green meadow under a clear sky.',
  );
  await expect(page.getByRole('img', { name: 'A green meadow under a clear sky.' })).toBeVisible();

  await page.keyboard.press('Escape');
  const described = page
    .getByRole('grid', { name: 'Photos' })
    .getByRole('row', { name: /meadow\.png, described/ });
  await expect(described).toContainText('A green meadow under a clear sky.');
  await expectNoAxeViolations(page);
});

test('the description is still there after the server restarts on the same library', async ({ page }) => {
  const photos = await makePhotoFolder();
  const dataDir = tempDir('restart');
  server = await startServe(dataDir);
  await server.call('folders.add', { path: photos });
  const sunset = (await server.call('images.list', {})).images.find(
    (image) => image.fileName === 'sunset.webp',
  );
  if (!sunset) throw new Error('sunset.webp is not in the library');
  await server.call('descriptions.save', { imageId: sunset.id, text: 'An orange sunset.' });
  expect(await server.stop()).toBe(0);

  server = await startServe(dataDir);
  await page.goto(server.url);
  await expect(page.getByRole('row', { name: /sunset\.webp, described/ })).toContainText('An orange sunset.');
});

test('the thumbnail size is chosen by keyboard, resizes the cards and is kept after a reload', async ({
  page,
}) => {
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('thumb-size'));
  await server.call('folders.add', { path: photos });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  const card = page.getByRole('grid', { name: 'Photos' }).getByRole('row').first();
  await expect(card).toBeVisible();
  const width = async () => (await card.boundingBox())?.width ?? 0;
  const medium = await width();

  const sizes = page.getByRole('radiogroup', { name: 'Thumbnail size' });
  await tabTo(page, sizes.getByRole('radio', { name: 'Medium' }));
  await page.keyboard.press('ArrowRight');
  await expect(sizes.getByRole('radio', { name: 'Large' })).toBeChecked();
  await expect.poll(width).toBeGreaterThanOrEqual(320);
  expect(await width()).toBeGreaterThan(medium);
  await expectNoAxeViolations(page);

  await page.reload();
  await expect(
    page.getByRole('radiogroup', { name: 'Thumbnail size' }).getByRole('radio', { name: 'Large' }),
  ).toBeChecked();
  await expect.poll(width).toBeGreaterThanOrEqual(320);
});

test('Review zooms to 100 % and the photo pans with the arrow keys — keyboard only', async ({ page }) => {
  const photos = tempDir('zoom');
  await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3070b0' } })
    .jpeg()
    .toFile(join(photos, 'wide.jpg'));
  server = await startServe(tempDir('zoom-data'));
  await server.call('folders.add', { path: photos });
  const [wide] = (await server.call('images.list', {})).images;
  if (!wide) throw new Error('wide.jpg was not added');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${server.url}#/review/${wide.id}`);
  await expect(page.getByRole('img', { name: 'Preview of wide.jpg' })).toBeVisible();

  const zoom = page.getByRole('radiogroup', { name: 'Zoom' });
  await tabTo(page, zoom.getByRole('radio', { name: 'Fit' }));
  await page.keyboard.press('ArrowRight');
  await expect(zoom.getByRole('radio', { name: '100 %' })).toBeChecked();
  const box = page.getByRole('region', { name: /Photo at 100 %/ });
  await tabTo(page, box);
  const scroll = () => box.evaluate((element) => ({ left: element.scrollLeft, top: element.scrollTop }));
  expect(await scroll()).toEqual({ left: 0, top: 0 });
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await scroll()).left).toBeGreaterThan(0);
  await expect.poll(async () => (await scroll()).top).toBeGreaterThan(0);
  // At 100 % the preview (1,600 pixels wide) is shown at its own size.
  expect(
    await box.getByRole('img').evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width),
  ).toBe(1600);
  await expectNoAxeViolations(page);
});

test('Review shows a filmstrip of the list around the open photo; a photo in it opens by keyboard', async ({
  page,
}) => {
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('filmstrip'));
  await server.call('folders.add', { path: photos });
  const harbour = (await server.call('images.search', { query: 'harbour' })).images[0];
  if (!harbour) throw new Error('harbour.jpg was not added');
  await page.goto(`${server.url}#/review/${harbour.id}`);
  const strip = page.getByRole('navigation', { name: 'Filmstrip' });
  const links = strip.getByRole('link');
  await expect(links).toHaveCount(4);
  await expect(strip.getByRole('link', { name: /^harbour\.jpg, / })).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);

  const meadow = strip.getByRole('link', { name: /^meadow\.png, no description yet/ });
  await tabTo(page, meadow);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'meadow.png', level: 2 })).toBeFocused();
  await expect(strip.getByRole('link', { name: /^meadow\.png, / })).toHaveAttribute('aria-current', 'page');
});
