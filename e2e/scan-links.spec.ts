import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('adding a folder says which links the scan did not follow, and why — keyboard only', async ({
  page,
}) => {
  const photos = realpathSync(await makePhotoFolder());
  symlinkSync(photos, join(photos, 'loop'));
  symlinkSync(join(photos, 'harbour.jpg'), join(photos, 'harbour again.jpg'));
  server = await startServe(tempDir('data'));
  await page.goto(server.url);

  await tabTo(page, page.getByRole('textbox', { name: 'Folder path' }));
  await page.keyboard.type(photos);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('status').filter({ hasText: /Scan finished/ })).toContainText(
    '4 found, 4 added, 1 could not be read, 2 links not followed',
  );
  const links = page.getByRole('region', { name: 'Links not followed' }).getByRole('listitem');
  await expect(links).toHaveText([
    `${join(photos, 'harbour again.jpg')}: it is a link to ${join(photos, 'harbour.jpg')}, which is in this folder already and listed there`,
    `${join(photos, 'loop')}: it is a link to ${photos}, a folder it is in itself: following it would go round in a loop`,
  ]);
  await expectNoAxeViolations(page);
});
