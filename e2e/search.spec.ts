import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { addSampleLibrary } from './fixtures.js';
import { arrowTo, expectNoAxeViolations, searchByKeyboard, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('search descriptions and filter by status, then clear — keyboard only', async ({ page }) => {
  server = await startServe(tempDir('search'));
  await addSampleLibrary(server, {
    'harbour.jpg': 'Fishing boats moored at dawn.',
    'meadow.png': 'A green meadow under a clear sky.',
  });

  await page.goto(server.url);
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(4);

  const search = await searchByKeyboard(page, 'boat');
  const status = page.getByRole('status').filter({ hasText: /match/ });
  await expect(status).toHaveText('1 photo matches "boat".');
  await expect(grid.getByRole('row')).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /harbour\.jpg, described/ })).toContainText(
    'Fishing boats moored at dawn.',
  );
  await expectNoAxeViolations(page);

  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(grid.getByRole('row')).toHaveCount(4);

  // The status chips are one radio group: Tab reaches the chosen one, arrow keys choose another.
  const show = page.getByRole('radiogroup', { name: 'Show' });
  await tabTo(page, show.getByRole('radio', { name: 'All' }));
  const unreadable = show.getByRole('radio', { name: 'Could not be read' });
  for (let i = 0; i < 10 && !(await unreadable.isChecked()); i += 1) await page.keyboard.press('ArrowRight');
  await expect(unreadable).toBeChecked();
  await expect(unreadable).toBeFocused();
  await expect(status).toHaveText('1 photo matches the filters.');
  await expect(grid.getByRole('row')).toHaveCount(1);
  await expect(grid.getByRole('row', { name: /notes\.jpg, could not be read/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await tabTo(page, page.getByRole('button', { name: 'Clear search and filters' }));
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expect(search).toBeFocused();
  await expect(show.getByRole('radio', { name: 'All' })).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the "Show folder" tree limits the photos to a folder and its subfolders — keyboard only', async ({
  page,
}) => {
  const first = await makePhotoFolder();
  const second = await makePhotoFolder();
  mkdirSync(join(second, 'more'));
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#806040' } }).toFile(
    join(second, 'more', 'field.jpg'),
  );
  server = await startServe(tempDir('search-folders'));
  // A window wide enough for all nine photos on screen at once (the grid lays out only what is shown).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(server.url);
  for (const [path, added] of [
    [first, '4 added'],
    [second, '5 added'],
  ] as const) {
    await tabTo(page, page.getByRole('textbox', { name: 'Folder path' }));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(path);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText(added);
  }
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(9);
  const matches = page.getByRole('status').filter({ hasText: /match/ });

  // One tab stop: the chosen folder; arrow keys move, expand and collapse, Enter chooses.
  const tree = page.getByRole('treegrid', { name: 'Show folder' });
  await tabTo(page, tree.getByRole('row', { name: 'All folders, 9 photos' }));
  await arrowTo(page, second, 'ArrowDown');
  await expect(tree.getByRole('row', { name: `${second}, 5 photos` })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const more = tree.getByRole('row', { name: 'more, 1 photo' });
  await expect(more).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-selected', 'true');
  await expect(matches).toHaveText('1 photo matches the filters.');
  await expect(grid.getByRole('row')).toHaveCount(1);
  await expect(more).toBeFocused();
  await expectNoAxeViolations(page);

  // Left goes to the parent folder, whose photos include those of its subfolder.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(matches).toHaveText('5 photos match the filters.');
  await expect(grid.getByRole('row')).toHaveCount(5);
  await page.keyboard.press('ArrowLeft');
  await expect(more).toHaveCount(0);

  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('row')).toHaveCount(9);
  await expect(matches).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The folder chosen, the folders opened and the collection are kept after a reload.
  await arrowTo(page, second, 'ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(more).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('row')).toHaveCount(1);
  await page.reload();
  await expect(tree.getByRole('row', { name: 'more, 1 photo' })).toHaveAttribute('aria-selected', 'true');
  await expect(grid.getByRole('row')).toHaveCount(1);
  await expect(
    page.getByRole('radiogroup', { name: 'Show' }).getByRole('radio', { name: 'All' }),
  ).toBeChecked();
});
