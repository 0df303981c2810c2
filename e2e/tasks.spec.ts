import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../models/test-model/tiny-idefics3.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** Serves a library of the e2e photos with this model, captions paused; answers harbour.jpg's id. */
async function serveWith(modelDir: string, ocr = false): Promise<number> {
  const args = ['--model', modelDir, '--device', 'cpu', ...(ocr ? [] : ['--no-ocr'])];
  server = await startServe(tempDir('data'), args);
  await server.call('captions.pause', {});
  await server.call('folders.add', { path: await makePhotoFolder() });
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('harbour.jpg was not added');
  return harbour.id;
}

/**
 * Every text the element shows, in order, recorded in the page from now on (no polling, no sleeps), each with
 * what the alt-text field held at that moment.
 */
async function recordTexts(page: Page, selector: string): Promise<() => Promise<Shown[]>> {
  await page.evaluate((watched) => {
    const seen: Shown[] = [];
    (window as unknown as { seenTexts: Shown[] }).seenTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector(watched)?.textContent ?? '';
      const altText = document.querySelector('textarea')?.value ?? '';
      if (text && seen.at(-1)?.text !== text) seen.push({ text, altText });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { seenTexts: Shown[] }).seenTexts);
}

interface Shown {
  text: string;
  altText: string;
}

test('the caption of the photo open in the detail view builds up as the model writes it, and is heard once, finished', async ({
  page,
}) => {
  test.setTimeout(120_000); // a real model process writes the captions
  const modelDir = join(tempDir('model'), 'tiny-florence2');
  await writeTinyFlorence2(modelDir);
  const harbour = await serveWith(modelDir);

  await page.goto(`${server.url}#/review/${harbour}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const shown = await recordTexts(page, '.caption-partial');
  await server.call('captions.resume', {});

  const made = page.getByRole('region', { name: 'How this description was made' });
  await expect(made.getByRole('status')).toHaveText('New caption: A blue photo.', { timeout: 60_000 });
  await expect(page.getByRole('textbox', { name: 'Description (alt text)' })).toHaveValue('A blue photo.');
  // Seen as it came, before the caption was stored: each text the one before and more, up to the whole
  // caption (pieces that arrive together are drawn at once, so how many steps are seen varies); then it
  // made way. That the engine sends it in pieces is checked in caption-service.test.ts.
  const seen = await shown();
  const texts = seen.map(({ text }) => text);
  expect(texts.at(-1)).toBe('A blue photo.');
  expect(texts.every((text, i) => i === 0 || text.startsWith(texts[i - 1] ?? ''))).toBe(true);
  expect(seen[0]?.altText).not.toBe('A blue photo.');
  await expect(page.locator('.caption-partial')).toHaveCount(0);
  // Heard once, politely: the finished caption in one live region, never the pieces.
  const spoken = page.locator('[role="alert"], [role="status"], [aria-live]');
  await expect(spoken.filter({ hasText: 'A blue photo' })).toHaveCount(1);
  await expectNoAxeViolations(page);
});

test('Write extended description and Add to extended description, saved as edits — keyboard only', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const modelDir = join(tempDir('model'), 'tiny-idefics3');
  await writeTinyIdefics3(modelDir);
  const harbour = await serveWith(modelDir);
  await server.call('descriptions.save', { imageId: harbour, text: 'A harbour at noon.' });

  await page.goto(`${server.url}#/review/${harbour}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const panel = page.getByRole('region', { name: 'Extended description by the model' });
  const write = panel.getByRole('button', {
    name: 'Write extended description with tiny-idefics3 (test model)',
  });
  await tabTo(page, write);
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText(
    'Added to the extended description, saved as yours: a blue photo',
    { timeout: 60_000 },
  );
  const extended = page.getByRole('textbox', { name: 'Extended description (optional)' });
  await expect(extended).toHaveValue('a blue photo');
  // The alt text is kept as it was.
  await expect(page.getByRole('textbox', { name: 'Description (alt text)' })).toHaveValue(
    'A harbour at noon.',
  );
  await expectNoAxeViolations(page);

  // An answer from the Ask panel goes after it.
  const ask = page.getByRole('region', { name: 'Ask about this photo' });
  await page.keyboard.press('q');
  await page.keyboard.type('What colour is the water?');
  await page.keyboard.press('Enter');
  const add = ask.getByRole('button', { name: 'Add to extended description' });
  await expect(add).toHaveCount(1, { timeout: 60_000 });
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  await expect(ask.getByRole('status')).toHaveText(
    'The answer is added to the extended description, saved as yours.',
  );
  await expect(extended).toHaveValue('a blue photo\n\na blue photo');
  expect(await server.call('images.get', { id: harbour })).toMatchObject({
    altText: 'A harbour at noon.',
    extDescription: 'a blue photo\n\na blue photo',
    descriptionSource: 'human',
  });
  await expectNoAxeViolations(page);
});

test('a model that can neither write extended descriptions, answer questions nor read text says so, naming one that can', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const modelDir = join(tempDir('model'), 'tiny');
  await writeTinyCaptioner(modelDir);
  const harbour = await serveWith(modelDir, true);

  await page.goto(`${server.url}#/review/${harbour}`);
  const panel = page.getByRole('region', { name: 'Extended description by the model' });
  await expect(panel).toContainText(
    'tiny (test model) cannot write extended descriptions; choose a model that can in Settings, ' +
      'such as onnx-community/Florence-2-base-ft.',
  );
  await expect(panel.getByRole('button')).toHaveCount(0);
  const ask = page.getByRole('region', { name: 'Ask about this photo' });
  await expect(ask).toContainText('tiny (test model) cannot answer questions about photos;');
  await expect(ask.getByRole('textbox', { name: 'Question' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto(`${server.url}#/settings`);
  const reader = page.getByRole('radiogroup', { name: 'Read the text with' });
  await expect(reader.getByRole('radio', { name: 'PaddleOCR (built in)' })).toBeChecked();
  await expect(reader.getByRole('radio', { name: 'The Florence-2 model’s own text reading' })).toBeDisabled();
  await expect(reader).toContainText('tiny (test model) cannot read the text in photos;');
  await expectNoAxeViolations(page);
});

test('with a Florence-2 model, Settings offers its own text reading, chosen by keyboard, and captions then carry the text it read', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const modelDir = join(tempDir('model'), 'tiny-florence2');
  await writeTinyFlorence2(modelDir);
  const harbour = await serveWith(modelDir, true);

  await page.goto(`${server.url}#/settings`);
  const reader = page.getByRole('radiogroup', { name: 'Read the text with' });
  await expect(reader).toContainText(
    'tiny-florence2 (test model) can read the text itself, with its <OCR> task.',
  );
  const paddle = reader.getByRole('radio', { name: 'PaddleOCR (built in)' });
  const own = reader.getByRole('radio', { name: 'The Florence-2 model’s own text reading' });
  await expect(own).toBeEnabled();
  // Tab reaches the chosen one; an arrow key chooses the other, saved at once.
  await tabTo(page, paddle);
  await page.keyboard.press('ArrowDown');
  await expect(own).toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toHaveCount(1);
  expect((await server.call('settings.get', {})).textReader).toBe('florence2');
  await expectNoAxeViolations(page);

  // The photo's view shows the text the model read once its caption is made.
  await page.goto(`${server.url}#/review/${harbour}`);
  await server.call('captions.resume', {});
  const made = page.getByRole('region', { name: 'How this description was made' });
  await expect(made).toContainText('Text found in the image: A blue photo', { timeout: 60_000 });
  expect((await server.call('images.get', { id: harbour })).generatedBy?.ocrText).toBe('A blue photo');
});
