import { expect, test } from '@playwright/test';
import { addSampleLibrary } from './fixtures.js';
import { expectNoAxeViolations, searchByKeyboard, tabTo } from './keyboard.js';
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

test('with two folders, a Folder select limits the photos to one folder', async ({ page }) => {
  const first = await makePhotoFolder();
  const second = await makePhotoFolder();
  server = await startServe(tempDir('search-folders'));
  await page.goto(server.url);
  for (const path of [first, second]) {
    await tabTo(page, page.getByRole('textbox', { name: 'Folder path' }));
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(path);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText('4 added');
  }
  const grid = page.getByRole('grid', { name: 'Photos' });
  await expect(grid.getByRole('row')).toHaveCount(8);

  const folder = page.getByRole('button', { name: /Folder/ });
  await tabTo(page, folder);
  await page.keyboard.press('Enter');
  const option = page.getByRole('option', { name: second });
  for (let i = 0; i < 5 && !(await option.evaluate((o) => o === document.activeElement)); i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(folder).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toHaveText(
    '4 photos match the filters.',
  );
  await expect(grid.getByRole('row')).toHaveCount(4);
  await expectNoAxeViolations(page);
});
