import { expect, test } from '@playwright/test';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './altlens-server.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('browser mode: "Browse…" walks the folders from the home folder and adds the one chosen — keyboard only', async ({
  page,
}) => {
  // A home folder of the test's own: Pictures/Lisbon 2024 holds the photos.
  const home = tempDir('home');
  const lisbon = join(home, 'Pictures', 'Lisbon 2024');
  mkdirSync(join(home, 'Documents'));
  mkdirSync(join(home, '.hidden'));
  cpSync(await makePhotoFolder(), lisbon, { recursive: true });
  server = await startServe(tempDir('data'), [], { HOME: home });
  await page.goto(server.url);

  await tabTo(page, page.getByRole('button', { name: 'Browse…' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Choose a folder' });
  await expect(dialog).toBeVisible();
  const list = dialog.getByRole('listbox', { name: `Folders in ${home}` });
  // Hidden folders are left out; focus is on the first folder.
  await expect(list.getByRole('option')).toHaveText(['Documents', 'Pictures']);
  await expect(list.getByRole('option', { name: 'Documents' })).toBeFocused();
  await expectNoAxeViolations(page);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const pictures = dialog.getByRole('listbox', { name: `Folders in ${join(home, 'Pictures')}` });
  await expect(pictures.getByRole('option', { name: 'Lisbon 2024' })).toBeFocused();
  await page.keyboard.press('Enter');
  // No folders inside: focus goes to "Choose this folder".
  await expect(dialog).toContainText('No folders in here.');
  const choose = dialog.getByRole('button', { name: 'Choose this folder' });
  await expect(choose).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  const field = page.getByRole('textbox', { name: 'Folder path' });
  await expect(field).toHaveValue(lisbon);
  await expect(field).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText('4 added');

  // A system folder is shown with the reason, and cannot be chosen.
  await tabTo(page, page.getByRole('button', { name: 'Browse…' }), 'Shift+Tab');
  await page.keyboard.press('Enter');
  // Up, folder by folder, to the top of the file system (a whole disk).
  const up = dialog.getByRole('button', { name: 'Up to the folder above' });
  for (let depth = home.split('/').length; depth > 1; depth -= 1) {
    await tabTo(page, up, 'Shift+Tab');
    await page.keyboard.press('Enter');
  }
  await expect(up).toHaveCount(0);
  await expect(dialog).toContainText('is a whole disk');
  await expect(choose).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
