import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { basename } from 'node:path';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { addSampleLibrary } from './fixtures.js';
import { arrowTo, expectNoAxeViolations, tabTo } from './keyboard.js';
import { makePhotoFolder, tempDir } from './photos.js';

// A first run that explains itself (issue 11, finding 8): what a newcomer sees before any model is installed,
// the review form before they have typed, the notes after an approval and a write, and the models' names.

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** A full-page screenshot at 1280×800, kept with the test's results. */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

const libraryHeading = (page: Page) => page.getByRole('heading', { name: /^Library/, level: 2 });

test('with no model installed the library says so above the photos, with a download and an import — keyboard only, axe in light and dark', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const photos = await makePhotoFolder();
  const modelDir = tempDir('model');
  await writeTinyCaptioner(modelDir);
  // Nothing listens on port 9 here: the download fails at once, as it does on a machine without internet.
  const previousHost = process.env.ALTLENS_MODEL_HOST;
  process.env.ALTLENS_MODEL_HOST = 'http://127.0.0.1:9';
  try {
    server = await startServe(tempDir('data'));
  } finally {
    if (previousHost === undefined) delete process.env.ALTLENS_MODEL_HOST;
    else process.env.ALTLENS_MODEL_HOST = previousHost;
  }
  await page.goto(server.url);
  await server.call('folders.add', { path: photos });

  // Said where the photos are: in the library, above the grid.
  const notice = page.getByRole('region', { name: 'Captions are waiting for a model' });
  await expect(notice).toContainText('No captioning model is installed: captions wait until one is.');
  const library = page.getByRole('region', { name: /^Library/ });
  await expect(library.getByRole('region', { name: 'Captions are waiting for a model' })).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Photos' });
  const [noticeBox, gridBox] = [await notice.boundingBox(), await grid.boundingBox()];
  expect(noticeBox && gridBox && noticeBox.y + noticeBox.height <= gridBox.y).toBe(true);

  // Each card says what it waits for, in words and in its name.
  const harbour = grid.getByRole('row', {
    name: 'harbour.jpg, no description yet, caption waits for a model',
    exact: true,
  });
  await expect(harbour).toContainText('Waiting for a captioning model');
  await expect(grid).not.toContainText('Queued for a caption');

  for (const mode of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: mode });
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, `library-no-model-${mode}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The download starts from the notice; without a model host the reason is said there.
  const download = notice.getByRole('button', { name: /^Download DistilViT \(Mozilla\)/ });
  await tabTo(page, download);
  await page.keyboard.press('Enter');
  await expect(notice.getByRole('alert').filter({ hasText: 'failed' })).toHaveText(
    'The download of DistilViT (Mozilla) — short alt text failed: Cannot reach the model host (http://127.0.0.1:9) — import a model folder instead.',
  );
  await screenshot(page, testInfo, 'library-download-failed');

  // Importing a folder instead: the link goes to Models, and the imported model is used at once.
  await tabTo(page, notice.getByRole('link', { name: 'Import a model folder' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Models', level: 2 })).toBeFocused();
  await tabTo(page, page.getByRole('textbox', { name: 'Model folder path' }));
  await page.keyboard.type(modelDir);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toHaveText(
    `${basename(modelDir)} (test model) is imported, and captions now use it.`,
  );
  await expect(page.locator('#announcements')).toHaveText('Captions finished: 3 generated, 0 failed.', {
    timeout: 45_000,
  });
  await page.keyboard.press('Tab');
  await page.keyboard.press('1');
  await expect(libraryHeading(page)).toBeFocused();
  await expect(notice).toHaveCount(0);
  await expect(
    grid.getByRole('row', { name: 'harbour.jpg, generated, needs review', exact: true }),
  ).toBeVisible();
});

test('the review form shows no error before the person acts, and says why an empty description is not approved', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  server = await startServe(tempDir('data'));
  await addSampleLibrary(server, {});
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('harbour.jpg was not added');
  await page.goto(`${server.url}#/review/${harbour.id}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();

  const description = page.getByRole('textbox', { name: 'Description (alt text)' });
  const form = page.locator('form.description-form');
  await expect(description).toHaveValue('');
  await expect(form).not.toContainText('Error');
  await expect(description).not.toHaveAttribute('aria-invalid', 'true');
  await expect(description).not.toHaveAccessibleDescription(/Write alt text/);
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'review-untouched');

  // Typing and deleting says nothing while the person is still in the field; leaving it does.
  await tabTo(page, description);
  await page.keyboard.type('B');
  await page.keyboard.press('Backspace');
  await expect(form).not.toContainText('Error');
  await page.keyboard.press('Tab');
  await expect(form.locator('.alt-hints')).toHaveText(
    'Error: Write alt text, or mark the photo as decorative.',
  );
  await expect(description).toHaveAttribute('aria-invalid', 'true');

  // An attempt to approve the empty description says why, and puts the person back in the field.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  await expect(form).not.toContainText('Error');
  await tabTo(page, page.getByRole('button', { name: 'Approve', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Not approved' })).toHaveText(
    'Not approved: Write alt text, or mark the photo as decorative.',
  );
  await expect(description).toBeFocused();
  await expect(description).toHaveAttribute('aria-invalid', 'true');
  await expect(description).toHaveAccessibleDescription(
    /Error: Write alt text, or mark the photo as decorative\./,
  );
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'review-empty-approve');
});

test('the note follows the photo: approved, then written into the file with its undo', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  server = await startServe(tempDir('data'));
  await addSampleLibrary(server, {
    'harbour.jpg': 'Boats moored in a calm blue harbour.',
    'meadow.png': 'A green meadow under a pale sky.',
  });
  const { images } = await server.call('images.list', {});
  const idOf = (fileName: string) => images.find((image) => image.fileName === fileName)?.id ?? 0;
  const form = page.locator('form.description-form');
  // The form's own status line (the hints' region beside it says nothing here).
  const note = form.locator('p.status-message');
  const writeRegion = page.getByRole('region', { name: 'Alt text in the file' });

  await page.goto(`${server.url}#/review/${idOf('harbour.jpg')}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  await page.keyboard.press('a');
  await expect(note).toHaveText('Description approved. It can now be written to the file.');
  await page.keyboard.press('w');
  await expect(writeRegion.getByRole('button', { name: 'Undo last write' })).toBeVisible({ timeout: 30_000 });
  await expect(note).toHaveText(
    'Description approved and written to the file. Undo last write puts back what the file held before.',
  );
  await expect(form).not.toContainText('can now be written');
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'review-written');

  // Undone: the note says nothing stale either.
  await tabTo(page, writeRegion.getByRole('button', { name: 'Undo last write' }));
  await page.keyboard.press('Enter');
  await expect(writeRegion.getByRole('status').filter({ hasText: 'back in the file' })).toBeVisible();
  await expect(note).toHaveText('');

  // Written at once (the setting): the note says it is being written, then that it is.
  await server.call('settings.update', { autoWrite: true });
  await page.goto(`${server.url}#/review/${idOf('meadow.png')}`);
  await expect(page.getByRole('heading', { name: 'meadow.png', level: 2 })).toBeFocused();
  await page.keyboard.press('a');
  await expect(note).toHaveText(
    'Description approved and written to the file. Undo last write puts back what the file held before.',
    { timeout: 30_000 },
  );
});

test('models are named by their folder, never their path, and the test model is called one everywhere', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const photos = await makePhotoFolder();
  const modelDir = tempDir('model');
  await writeTinyCaptioner(modelDir);
  const name = `${basename(modelDir)} (test model)`;
  server = await startServe(tempDir('data'), ['--model', modelDir, '--device', 'cpu']);
  await page.goto(server.url);
  await server.call('folders.add', { path: photos });
  await expect(page.locator('#announcements')).toHaveText('Captions finished: 3 generated, 0 failed.', {
    timeout: 45_000,
  });

  const main = page.locator('main');
  const open = async (hash: string, heading: string) => {
    await page.evaluate((to) => (window.location.hash = to), hash);
    await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeFocused();
  };
  await open('#/activity', 'Activity');
  await expect(page.getByRole('region', { name: 'Captions' })).toContainText(`Model: ${name} on CPU`);
  expect(await main.innerText()).not.toContain(modelDir);
  await open('#/settings', 'Settings');
  await expect(page.getByRole('region', { name: 'Caption model' })).toContainText(`Captions use ${name}.`);
  expect(await main.innerText()).not.toContain(modelDir);
  await open('#/models', 'Models');
  await expect(main).toContainText(`Captions use ${name}.`);
  expect(await main.innerText()).not.toContain(modelDir);
  await screenshot(page, testInfo, 'models-test-model');

  await page.keyboard.press('1');
  await expect(libraryHeading(page)).toBeFocused();
  const grid = page.getByRole('grid', { name: 'Photos' });
  await tabTo(page, grid.getByRole('row').first());
  await arrowTo(page, 'harbour.jpg');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const made = page.getByRole('region', { name: 'How this description was made' });
  await expect(made).toContainText(new RegExp(`^.*Generated by ${escape(name)} on CPU in \\d+ ms\\.`));
  expect(await main.innerText()).not.toContain(modelDir);
  await screenshot(page, testInfo, 'review-test-model');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
