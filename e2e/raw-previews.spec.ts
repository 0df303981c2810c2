import { expect, test } from '@playwright/test';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { copyWithoutPreview, writeFileWithPreview } from '../electron/core/testing/embedded-previews.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { arrowTo, expectNoAxeViolations, tabTo } from './keyboard.js';
import { tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('a camera raw file shows its embedded preview upright and is captioned; one without a preview says why', async ({
  page,
}) => {
  test.setTimeout(120_000); // a real model process runs
  const photos = tempDir('raw-photos');
  // A portrait photo: the preview is stored landscape, the file's orientation tag turns it.
  await writeFileWithPreview('CanonRaw.cr2', photos, {
    previews: [{ tag: 'PreviewImage', width: 600, height: 400, color: '#c02020' }],
    orientation: 6,
    name: 'portrait.cr2',
  });
  copyWithoutPreview('Nikon.nef', photos, 'bare.nef');
  const modelDir = tempDir('model');
  await writeTinyCaptioner(modelDir);
  server = await startServe(tempDir('data'), ['--model', modelDir, '--device', 'cpu', '--no-ocr']);
  await page.goto(server.url);
  await server.call('folders.add', { path: photos });

  const grid = page.getByRole('grid', { name: 'Photos' });
  const raw = grid.getByRole('row', { name: 'portrait.cr2, generated, needs review', exact: true });
  await expect(raw).toContainText('A red photo.', { timeout: 45_000 });
  // Its thumbnail is the preview, loaded and upright (taller than wide).
  const thumbnail = raw.locator('img');
  await expect(thumbnail).toHaveJSProperty('complete', true);
  const size = await thumbnail.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(size).toEqual([213, 320]);
  await expect(grid.getByRole('row', { name: 'bare.nef, could not be read', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // The detail view says the preview is what is shown.
  await tabTo(page, grid.getByRole('row').first());
  await arrowTo(page, 'portrait.cr2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'portrait.cr2' })).toBeFocused();
  await expect(
    page.getByText('The embedded preview in the file (it is what is shown and captioned)'),
  ).toBeVisible();
  const preview = page.getByRole('img', { name: 'A red photo.' });
  await expect(preview).toHaveJSProperty('complete', true);
  expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([
    400, 600,
  ]);
  await expectNoAxeViolations(page);

  // The raw file without a preview says why, in plain words.
  await page.keyboard.press('Escape');
  await arrowTo(page, 'bare.nef', 'ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'bare.nef' })).toBeFocused();
  await expect(
    page.getByText(/^This photo could not be read: The camera raw file bare\.nef has no embedded preview/),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
