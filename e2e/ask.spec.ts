import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { writeTinyIdefics3 } from '../models/test-model/tiny-idefics3.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

test('Ask about this photo: the answer comes, is announced once, kept with model and time, used as alt text — keyboard only', async ({
  page,
}) => {
  test.setTimeout(120_000); // a real model process runs the answers
  const photos = await makePhotoFolder();
  const modelDir = join(tempDir('model'), 'tiny-idefics3');
  await writeTinyIdefics3(modelDir);
  const dataDir = tempDir('data');
  server = await startServe(dataDir, ['--model', modelDir, '--device', 'cpu', '--no-ocr']);
  await server.call('captions.pause', {});
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('harbour.jpg was not added');

  await page.goto(`${server.url}#/review/${harbour.id}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const panel = page.getByRole('region', { name: 'Ask about this photo' });
  const field = panel.getByRole('textbox', { name: 'Question' });

  // "q" goes to the question field (listed in the help dialog); Enter asks.
  await page.keyboard.press('q');
  await expect(field).toBeFocused();
  await page.keyboard.type('What colour is the water?');
  await page.keyboard.press('Enter');
  const history = panel.getByRole('list', { name: 'Questions asked about this photo' });
  await expect(history.getByRole('listitem')).toHaveCount(1, { timeout: 60_000 });
  await expect(history.getByRole('listitem').first()).toContainText('What colour is the water?');
  await expect(history.getByRole('listitem').first()).toContainText('a blue photo');
  await expect(history.getByRole('listitem').first()).toContainText('tiny-idefics3 (test model),');
  // Heard once, politely: the finished answer in the panel's status region, nowhere else.
  await expect(panel.getByRole('status')).toHaveText('Answer: a blue photo');
  const spoken = page.locator('[role="alert"], [role="status"], [aria-live]');
  await expect(spoken.filter({ hasText: 'a blue photo' })).toHaveCount(1);
  await expect(field).toHaveValue('');

  // An empty question is refused with the reason.
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText(
    'The question is empty: write what you want to know about the photo.',
  );
  await expectNoAxeViolations(page);

  // "Use as alt text" makes the answer the photo's description.
  await tabTo(page, history.getByRole('button', { name: 'Use as alt text' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText('The answer is now the alt text, saved as yours.');
  await expect(page.getByRole('textbox', { name: 'Description (alt text)' })).toHaveValue('a blue photo');
  expect((await server.call('images.get', { id: harbour.id })).altText).toBe('a blue photo');

  // The history is in the library: it is there after a restart.
  await server.stop();
  server = await startServe(dataDir, ['--model', modelDir, '--device', 'cpu', '--no-ocr']);
  await page.goto(`${server.url}#/review/${harbour.id}`);
  await expect(
    page
      .getByRole('region', { name: 'Ask about this photo' })
      .getByRole('list', { name: 'Questions asked about this photo' })
      .getByRole('listitem'),
  ).toHaveCount(1);

  // The help dialog lists the shortcut.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toContainText('Ask a question about the photo');
});
