import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './altlens-server.js';
import { addSampleLibrary, altTextInFile, expect, test } from './fixtures.js';
import { arrowTo, expectNoAxeViolations, searchByKeyboard, tabTo } from './keyboard.js';
import { tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** Starts this spec's server on a library of the sample folder with these descriptions; resolves with its path. */
async function libraryWith(texts: Record<string, string>): Promise<string> {
  server = await startServe(tempDir('batch'));
  return addSampleLibrary(server, texts);
}

test('select three by keyboard, approve (one skipped, said why), write, export CSV', async ({
  page,
  exiftool,
}, testInfo) => {
  test.setTimeout(90_000);
  const photos = await libraryWith({
    'harbour.jpg': 'Boats in a blue harbour.',
    'meadow.png': 'A green meadow.',
  });
  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(4);

  // Space selects the focused photo; Shift+arrows extend the selection (path order: notes.jpg is third).
  await tabTo(page, grid.getByRole('row').first(), 'Tab', 40);
  await arrowTo(page, 'harbour.jpg');
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  const toolbar = page.getByRole('toolbar', { name: 'Selected photos' });
  await expect(toolbar).toContainText('3 photos selected');
  await expect(grid.getByRole('row', { selected: true })).toHaveCount(3);
  await expectNoAxeViolations(page);
  const screenshot = testInfo.outputPath('library-selection.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('library-selection', { path: screenshot, contentType: 'image/png' });

  // Shift+A approves the selection; the photo without alt text is skipped, and the reason is said once.
  const live = page.locator('#announcements');
  await page.keyboard.press('Shift+A');
  await expect(live).toHaveText('Approved 2 photos; 1 skipped: no alt text.');
  await expect(page.locator('[role="row"]:focus')).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /^meadow\.png, approved/ })).toBeVisible();

  // Shift+W writes the approved ones; exiftool finds the text in each file.
  await page.keyboard.press('Shift+W');
  await expect(live).toHaveText('Writing the alt text of 2 photos; 1 skipped: not approved.');
  await expect(grid.getByRole('row', { name: /^harbour\.jpg, written to file/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(grid.getByRole('row', { name: /^meadow\.png, written to file/ })).toBeVisible({
    timeout: 30_000,
  });
  for (const [fileName, text] of [
    ['harbour.jpg', 'Boats in a blue harbour.'],
    ['meadow.png', 'A green meadow.'],
  ] as const) {
    expect(await altTextInFile(exiftool, join(photos, fileName))).toBe(text);
  }

  // Shift+E exports the selection as a CSV download, one row per selected photo.
  const download = page.waitForEvent('download');
  await page.keyboard.press('Shift+E');
  const file = await download;
  expect(file.suggestedFilename()).toBe('altlens-export.csv');
  const csv = readFileSync(await file.path(), 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv).toEqual([
    'path,altText,extDescription,decorative,status',
    `${join(photos, 'harbour.jpg')},Boats in a blue harbour.,,false,written`,
    `${join(photos, 'meadow.png')},A green meadow.,,false,written`,
    `${join(photos, 'notes.jpg')},,,false,failed`,
  ]);
  await expect(live).toHaveText('Exported 3 photos as CSV: altlens-export.csv.');
  await expect(page.locator('[role="row"]:focus')).toHaveCount(1);

  // Escape clears the selection, and the toolbar goes.
  await page.keyboard.press('Escape');
  await expect(toolbar).toBeHidden();
});

test('select all matching a search, export it, and review walks the search results', async ({ page }) => {
  await libraryWith({
    'harbour.jpg': 'Boats in a blue harbour.',
    'meadow.png': 'A green meadow.',
    'sunset.webp': 'A boat at sunset.',
  });
  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(4);

  await searchByKeyboard(page, 'boat');
  await expect(grid.getByRole('row')).toHaveCount(2);

  // One selected, then every photo the search holds (loaded or not), exported from the toolbar.
  await tabTo(page, grid.getByRole('row').first(), 'Tab', 40);
  await page.keyboard.press('Space');
  const toolbar = page.getByRole('toolbar', { name: 'Selected photos' });
  await expect(toolbar).toContainText('1 photo selected');
  // The toolbar is one tab stop; arrow keys move between its buttons.
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, toolbar.getByRole('button', { name: 'Select all 2 matching photos' }), 'ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(toolbar).toContainText('All 2 matching photos selected');
  // The button is gone with its use: focus goes back to the grid, not to the page.
  await expect(page.locator('[role="row"]:focus')).toHaveCount(1);
  await expect(grid.getByRole('row', { selected: true })).toHaveCount(2);
  await expectNoAxeViolations(page);
  const exportJson = toolbar.getByRole('button', { name: 'Export JSON' });
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, exportJson, 'ArrowLeft');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const rows = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { altText: string }[];
  expect(rows.map((row) => row.altText)).toEqual(['Boats in a blue harbour.', 'A boat at sunset.']);
  await expect(exportJson).toBeFocused();

  // Review from the search: "Photo 1 of 2 search results", and next is the next result (not meadow.png).
  // While photos are selected Enter selects too; Escape clears the selection, then Enter opens.
  await tabTo(page, grid.getByRole('row').first(), 'Tab', 40);
  await page.keyboard.press('Escape');
  await expect(toolbar).toBeHidden();
  await page.keyboard.press('Enter');
  const heading = (name: string) => page.getByRole('heading', { name, level: 2 });
  await expect(heading('harbour.jpg')).toBeFocused();
  const reviewNav = page.getByRole('navigation', { name: 'Photos to review' });
  await expect(reviewNav).toContainText('Photo 1 of 2 search results');
  await page.keyboard.press('j');
  await expect(heading('sunset.webp')).toBeFocused();
  await expect(reviewNav).toContainText('Photo 2 of 2 search results');
  await expect(reviewNav.getByRole('button', { name: 'Next photo' })).toBeDisabled();
});

test('writes paused, cancelled and resumed from Activity by keyboard', async ({ page }) => {
  await libraryWith({ 'harbour.jpg': 'Boats in a blue harbour.', 'meadow.png': 'A green meadow.' });
  await server.call('descriptions.approveMany', { filter: { status: 'edited' } });
  await page.goto(`${server.url}#/activity`);
  await expect(page.getByRole('heading', { name: 'Activity', level: 2 })).toBeFocused();
  const writes = page.getByRole('region', { name: 'Writes' });

  await page.keyboard.press('Shift+P');
  await expect(writes.getByRole('status')).toHaveText('Writes paused. A write under way finishes.');
  await expect(writes).toContainText('Writes are paused.');
  expect(await server.call('metadata.writeMany', { filter: {} })).toMatchObject({ queued: 2 });
  await expect(writes.getByRole('button', { name: 'Cancel remaining writes' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.keyboard.press('Shift+X');
  await expect(writes.getByRole('status')).toHaveText('Remaining writes cancelled.');
  const { images } = await server.call('images.list', { status: 'approved' });
  expect(images.map((image) => image.writeJob?.state)).toEqual(['cancelled', 'cancelled']);

  await server.call('metadata.writeMany', { filter: {} });
  await page.keyboard.press('Shift+P');
  await expect(writes.getByRole('status')).toHaveText('Writes resumed.');
  await expect
    .poll(async () => (await server.call('images.list', { status: 'written', limit: 0 })).total, {
      timeout: 30_000,
    })
    .toBe(2);
  await expect(writes).toContainText('No alt text is being written.');
});
