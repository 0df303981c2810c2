import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { writeTinyCaptioner } from '../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../models/test-model/tiny-idefics3.js';
import { ProviderStandIn, STAND_IN_ANSWER } from '../electron/core/testing/provider-stand-ins.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

let server: ServeProcess;

test.afterEach(async () => {
  await server.stop();
});

/** A server whose library holds the sample photos, captions paused; resolves with harbour.jpg's id. */
async function serveWithPhotos(args: string[] = []): Promise<number> {
  const photos = await makePhotoFolder();
  server = await startServe(tempDir('data'), [...args, '--device', 'cpu', '--no-ocr']);
  await server.call('captions.pause', {});
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('harbour.jpg was not added');
  return harbour.id;
}

test('Try other models: three models of three families side by side, each heard once, one picked, one merged by editing — keyboard only', async ({
  page,
}) => {
  test.setTimeout(180_000); // three real model processes, one after another
  const models = tempDir('models');
  const folders = [
    join(models, 'tiny-captioner'),
    join(models, 'tiny-idefics3'),
    join(models, 'tiny-florence2'),
  ];
  await Promise.all([
    writeTinyCaptioner(folders[0] as string),
    writeTinyIdefics3(folders[1] as string),
    writeTinyFlorence2(folders[2] as string),
  ]);
  const harbour = await serveWithPhotos(['--model', folders[0] as string]);
  for (const path of folders) await server.call('models.import', { path });

  await page.goto(`${server.url}#/review/${harbour}`);
  await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
  const panel = page.getByRole('region', { name: 'Try other models' });

  // "c" opens the panel and goes to the first model; the three installed ones are offered and chosen.
  await page.keyboard.press('c');
  const choices = panel.getByRole('group', { name: 'Models to compare' });
  const captioner = choices.getByRole('checkbox', {
    name: 'tiny-captioner (test model) (vision-encoder-decoder)',
  });
  await expect(captioner).toBeFocused();
  await expect(choices.getByRole('checkbox')).toHaveCount(3);
  for (const checkbox of await choices.getByRole('checkbox').all()) await expect(checkbox).toBeChecked();
  await expect(
    choices.getByRole('checkbox', { name: /tiny-idefics3 \(test model\) \(idefics3\)/ }),
  ).toBeVisible();
  await expect(
    choices.getByRole('checkbox', { name: /tiny-florence2 \(test model\) \(florence2\)/ }),
  ).toBeVisible();

  // Space unticks a model and ticks it again; all three are compared.
  await page.keyboard.press('Space');
  await expect(captioner).not.toBeChecked();
  await page.keyboard.press('Space');
  await expect(captioner).toBeChecked();
  await tabTo(page, panel.getByRole('button', { name: 'Compare' }));
  await page.keyboard.press('Enter');

  const answers = panel.getByRole('list', { name: 'Answers from the models' });
  await expect(answers.getByRole('listitem')).toHaveCount(3);
  const first = answers.getByRole('listitem', { name: 'tiny-captioner (test model)' });
  const smol = answers.getByRole('listitem', { name: 'tiny-idefics3 (test model)' });
  const florence = answers.getByRole('listitem', { name: 'tiny-florence2 (test model)' });
  for (const item of [first, smol, florence]) {
    await expect(item).toContainText('A blue photo.', { timeout: 90_000 });
    await expect(item).toContainText(/Written in \d+\.\d s \(model loaded in \d+\.\d s\) on cpu\./);
  }
  await expect(first).toContainText('vision-encoder-decoder');
  await expect(smol).toContainText('idefics3');
  await expect(florence).toContainText('florence2');
  // Each finished answer heard once, politely, in the order they ran, then a summary; the answers are in no other live region.
  const log = panel.getByRole('log', { name: 'Comparison progress' });
  await expect(log.locator('p')).toHaveText([
    'Asking 3 models for alt text, one after another…',
    'tiny-captioner (test model): A blue photo.',
    'tiny-florence2 (test model): A blue photo.',
    'tiny-idefics3 (test model): A blue photo.',
    'Comparison finished: all 3 models answered.',
  ]);
  const spoken = page.locator('[role="alert"], [role="status"], [role="log"], [aria-live]');
  await expect(spoken.filter({ hasText: 'A blue photo.' })).toHaveCount(1);
  expect((await server.call('images.get', { id: harbour })).altText).toBeNull(); // nothing saved yet

  await expectNoAxeViolations(page);
  await page.screenshot({ path: test.info().outputPath('compare-panel.png'), fullPage: true });

  // Pick the Florence-2 answer: the description is that model's, to review.
  await tabTo(page, florence.getByRole('button', { name: 'Use this one: tiny-florence2 (test model)' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText(
    'The answer of tiny-florence2 (test model) is now the alt text, to review.',
  );
  await expect(page.getByRole('textbox', { name: 'Description (alt text)' })).toHaveValue('A blue photo.');
  expect(await server.call('images.get', { id: harbour })).toMatchObject({
    altText: 'A blue photo.',
    status: 'needs-review',
    descriptionSource: 'model',
    generatedBy: { model: 'tiny-florence2 (test model)', device: 'cpu' },
  });

  // Merge by editing: start from the SmolVLM answer, make it better, save it as one's own.
  await tabTo(page, smol.getByRole('button', { name: 'Edit this one: tiny-idefics3 (test model)' }));
  await page.keyboard.press('Enter');
  const mine = panel.getByRole('textbox', { name: 'Your version' });
  await expect(mine).toBeFocused();
  await expect(mine).toHaveValue('A blue photo.');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Calm blue water of the harbour.');
  await tabTo(page, panel.getByRole('button', { name: 'Save my version' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText('Your version is now the alt text, saved as yours.');
  expect(await server.call('images.get', { id: harbour })).toMatchObject({
    altText: 'Calm blue water of the harbour.',
    status: 'edited',
    descriptionSource: 'human',
  });
  await expectNoAxeViolations(page);

  // The help dialog lists the shortcut.
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toContainText('Try other models on the photo');
});

test('Try other models says why when fewer than two models are installed', async ({ page }) => {
  const harbour = await serveWithPhotos();
  await page.goto(`${server.url}#/review/${harbour}`);
  const panel = page.getByRole('region', { name: 'Try other models' });
  await tabTo(page, panel.getByRole('button', { name: 'Try other models' }));
  await page.keyboard.press('Enter');
  await expect(panel).toContainText(
    'No model that writes alt text is installed. Download or import at least two in Models, or add a provider in Settings, to compare their answers.',
  );
  await expect(panel.getByRole('link', { name: 'Go to Models' })).toBeVisible();
  await expect(panel.getByRole('checkbox')).toHaveCount(0);
  await expectNoAxeViolations(page);

  const modelDir = join(tempDir('model'), 'tiny-idefics3');
  await writeTinyIdefics3(modelDir);
  await server.call('models.import', { path: modelDir });
  await page.reload();
  await tabTo(page, panel.getByRole('button', { name: 'Try other models' }));
  await page.keyboard.press('Enter');
  await expect(panel).toContainText(
    'Only one model that writes alt text is on offer (tiny-idefics3 (test model)). Download or import another in Models, or add a provider in Settings, to compare their answers.',
  );
  await expect(panel.getByRole('checkbox', { name: /tiny-idefics3/ })).toBeChecked();
});

test("Try other models offers a saved provider once agreed to: its answer (OpenAI-compatible stand-in server) beside a model's, saying where the photo went — keyboard only", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const KEY = 'sk-stand-in-compare-e2e-0123456789abcdEFGH';
  const standIn = await new ProviderStandIn('openai', KEY).start();
  try {
    const captioner = join(tempDir('models'), 'tiny-captioner');
    await writeTinyCaptioner(captioner);
    const harbour = await serveWithPhotos(['--model', captioner]);
    await server.call('models.import', { path: captioner });
    const saved = { name: 'lab', kind: 'openai' as const, url: standIn.url, model: 'vision-stand-in' };
    await server.call('providers.add', { ...saved, key: KEY });
    // Agreed to once (and chosen), then the captions go back on this computer: the consent stays.
    await server.call('providers.choose', { name: 'lab', sendPhotos: true });
    await server.call('providers.choose', { name: null });

    await page.goto(`${server.url}#/review/${harbour}`);
    await expect(page.getByRole('heading', { name: 'harbour.jpg', level: 2 })).toBeFocused();
    await page.keyboard.press('c');
    const panel = page.getByRole('region', { name: 'Try other models' });
    const choices = panel.getByRole('group', { name: 'Models to compare' });
    await expect(choices.getByRole('checkbox')).toHaveCount(2);
    const provider = choices.getByRole('checkbox', {
      name: `vision-stand-in (provider lab) (the photo is sent to the OpenAI-compatible server at ${standIn.url})`,
    });
    await expect(provider).toBeChecked();
    await tabTo(page, panel.getByRole('button', { name: 'Compare' }));
    await page.keyboard.press('Enter');

    const answers = panel.getByRole('list', { name: 'Answers from the models' });
    const fromProvider = answers.getByRole('listitem', { name: 'vision-stand-in (provider lab)' });
    await expect(fromProvider).toContainText(STAND_IN_ANSWER.alt_text, { timeout: 60_000 });
    await expect(fromProvider).toContainText(
      `the photo is sent to the OpenAI-compatible server at ${standIn.url}`,
    );
    await expect(fromProvider).toContainText(/Written in \d+\.\d s\./);
    await expect(answers.getByRole('listitem', { name: 'tiny-captioner (test model)' })).toContainText(
      'A blue photo.',
    );
    expect(standIn.chats).toHaveLength(1);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath('compare-provider.png'), fullPage: true });

    await tabTo(
      page,
      fromProvider.getByRole('button', { name: 'Use this one: vision-stand-in (provider lab)' }),
    );
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await server.call('images.get', { id: harbour })).altText)
      .toBe(STAND_IN_ANSWER.alt_text);
    const detail = await server.call('images.get', { id: harbour });
    expect(detail.generatedBy?.provenance?.remote?.provider).toBe('lab');
  } finally {
    await standIn.stop();
  }
});
