import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { startServe, type ServeProcess } from './altlens-server.js';
import { expect, test } from './fixtures.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('sort the library by date taken, descending — keyboard only; review and "Approve and next" follow', async ({
  page,
  exiftool,
}, testInfo) => {
  // Three photos whose name order (alder, birch, cedar), file dates (cedar oldest, alder newest: not touched
  // below) and camera dates (birch 2020, cedar 2021, alder 2022) all differ.
  const photos = tempDir('sort-photos');
  const taken: [string, string, string][] = [
    ['alder.jpg', '2022:07:01 10:00:00', '#2060c0'],
    ['birch.jpg', '2020:07:01 10:00:00', '#30a040'],
    ['cedar.jpg', '2021:07:01 10:00:00', '#e07020'],
  ];
  for (const [name, date, background] of taken) {
    const path = join(photos, name);
    await sharp({ create: { width: 320, height: 240, channels: 3, background } }).toFile(path);
    await exiftool.write(
      path,
      {},
      { writeArgs: [`-ExifIFD:DateTimeOriginal=${date}`, '-overwrite_original'] },
    );
  }
  utimesSync(join(photos, 'cedar.jpg'), Date.UTC(2001, 0, 1) / 1000, Date.UTC(2001, 0, 1) / 1000);
  utimesSync(join(photos, 'birch.jpg'), Date.UTC(2005, 0, 1) / 1000, Date.UTC(2005, 0, 1) / 1000);

  server = await startServe(tempDir('sort-data'));
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  for (const image of images)
    await server.call('descriptions.save', { imageId: image.id, text: `A tree: ${image.fileName}.` });

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  const names = grid.locator('.photo-name');
  await expect(names).toHaveText(['alder.jpg', 'birch.jpg', 'cedar.jpg']);

  // The select is one tab stop; arrow keys choose its options.
  const sortBy = page.getByRole('combobox', { name: 'Sort by' });
  await tabTo(page, sortBy);
  await page.keyboard.press('ArrowDown');
  await expect(sortBy).toHaveValue('taken');
  await expect(names).toHaveText(['birch.jpg', 'cedar.jpg', 'alder.jpg']);

  // The direction: a toggle button (aria-pressed), Space turns it.
  const descending = page.getByRole('button', { name: 'Descending' });
  await tabTo(page, descending);
  await expect(descending).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Space');
  await expect(descending).toHaveAttribute('aria-pressed', 'true');
  await expect(names).toHaveText(['alder.jpg', 'cedar.jpg', 'birch.jpg']);
  await expectNoAxeViolations(page);
  const screenshot = testInfo.outputPath('library-sorted-by-date-taken.png');
  await page.screenshot({ path: screenshot });
  await testInfo.attach('library-sorted-by-date-taken', { path: screenshot, contentType: 'image/png' });

  // Review walks the same order: next (j) from the first, and "Approve and next" (y).
  await tabTo(page, grid.getByRole('row', { name: /^alder\.jpg/ }));
  await page.keyboard.press('Enter');
  const heading = (name: string) => page.getByRole('heading', { name, level: 2 });
  await expect(heading('alder.jpg')).toBeFocused();
  await page.keyboard.press('j');
  await expect(heading('cedar.jpg')).toBeFocused();
  await page.keyboard.press('k');
  await expect(heading('alder.jpg')).toBeFocused();
  await page.keyboard.press('y');
  await expect(heading('cedar.jpg')).toBeFocused();
  await page.keyboard.press('y');
  await expect(heading('birch.jpg')).toBeFocused();
  const approved = await server.call('images.list', { status: 'approved' });
  expect(approved.images.map((image) => image.fileName).sort()).toEqual(['alder.jpg', 'cedar.jpg']);

  // The order is kept between runs, like the sidebar's choice.
  await page.goto(server.url);
  await expect(names).toHaveText(['alder.jpg', 'cedar.jpg', 'birch.jpg']);
  await expect(page.getByRole('combobox', { name: 'Sort by' })).toHaveValue('taken');
  await expect(page.getByRole('button', { name: 'Descending' })).toHaveAttribute('aria-pressed', 'true');
});
