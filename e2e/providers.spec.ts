import { expect, test } from '@playwright/test';
import { ProviderStandIn, STAND_IN_ANSWER } from '../electron/core/testing/provider-stand-ins.js';
import { expectNoAxeViolations, tabTo } from './keyboard.js';
import { startServe, type ServeProcess } from './altlens-server.js';
import { makePhotoFolder, tempDir } from './photos.js';

const KEY = 'sk-stand-in-e2e-0123456789abcdefWXYZ';
let server: ServeProcess;
let standIn: ProviderStandIn;

test.afterEach(async () => {
  await server.stop();
  await standIn.stop();
});

test('Settings: add a provider, test it, choose it after the consent dialog, caption through it, remove it — keyboard only, against an OpenAI-compatible stand-in server', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  standIn = await new ProviderStandIn('openai', KEY).start();
  const dataDir = tempDir('data');
  // No on-device model is used: one that cannot exist here would fail any caption made on this computer.
  server = await startServe(dataDir, ['--model', `${dataDir}/no-model-here`, '--no-ocr']);
  await server.call('captions.pause', {});
  const photos = await makePhotoFolder();
  await server.call('folders.add', { path: photos });
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  if (!harbour) throw new Error('the folder was not added');

  await page.goto(`${server.url}#/settings`);
  const section = page.getByRole('region', { name: 'Model providers' });
  await expect(section).toContainText('None by default');
  const form = section.getByRole('form', { name: 'Add a provider' });

  // Add: the kind by arrow keys (its URL follows), then the stand-in's URL, a name, the model and the key.
  const ollama = form.getByRole('radio', { name: 'Ollama' });
  await tabTo(page, ollama, 'Tab', 120);
  const url = form.getByRole('textbox', { name: 'URL' });
  await expect(url).toHaveValue('http://127.0.0.1:11434');
  await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('radio', { name: /OpenAI-compatible/ })).toBeChecked();
  await expect(url).toHaveValue('https://api.openai.com/v1');
  await tabTo(page, form.getByRole('textbox', { name: 'Name' }));
  await page.keyboard.type('lab');
  await tabTo(page, url);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(standIn.url);
  await tabTo(page, form.getByRole('textbox', { name: 'Model' }));
  await page.keyboard.type('vision-stand-in');
  const key = form.getByLabel('Key (optional)');
  await tabTo(page, key);
  await expect(key).toHaveAttribute('type', 'password');
  await page.keyboard.type(KEY);
  await tabTo(page, form.getByRole('button', { name: 'Add provider' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved lab.' })).toHaveCount(1);
  const saved = section.getByRole('list', { name: 'Saved providers' }).getByRole('listitem');
  await expect(saved).toHaveText([
    `lab: openai at ${standIn.url}, model vision-stand-in, key ••••WXYZ from the key fileTest connectionRemove`,
  ]);
  await expect(page.locator('body')).not.toContainText(KEY);

  // Test connection lists the stand-in's models.
  await tabTo(page, section.getByRole('button', { name: 'Test connection to lab' }), 'Tab', 60);
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('Its models: vision-stand-in, other-stand-in.');
  expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
  expect(standIn.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  await expectNoAxeViolations(page);

  // Choose it: the consent dialog says where the photos go, and nothing is chosen until it is agreed to.
  const describeWith = section.getByRole('radiogroup', { name: 'Describe photos with' });
  await tabTo(page, describeWith.getByRole('radio', { name: 'On this computer' }), 'Tab', 60);
  await page.keyboard.press('ArrowDown');
  const consent = page.getByRole('alertdialog', { name: 'Send photos to lab?' });
  await expect(consent).toBeVisible();
  await expect(consent).toContainText(`sent to ${standIn.url}`);
  await expect(consent).toContainText('at most 1,536 pixels');
  await expect(consent).toContainText('without any metadata');
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: testInfo.outputPath('providers-consent-light.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('providers-consent-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  expect((await server.call('providers.list', {})).captionProvider).toBeNull();
  await tabTo(page, consent.getByRole('button', { name: 'Send photos to lab' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Photos are described by lab.' })).toHaveCount(1);
  await expect(describeWith.getByRole('radio', { name: /^lab/ })).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('providers-section-light.png'), fullPage: true });

  // A photo's caption now comes from the stand-in, and the detail view says where the photo was sent.
  await server.call('captions.queue', { imageIds: [harbour.id], force: false });
  await server.call('captions.resume', {});
  await page.goto(`${server.url}#/review/${harbour.id}`);
  await expect(page.getByRole('textbox', { name: /alt text/i }).first()).toHaveValue(
    STAND_IN_ANSWER.alt_text,
    {
      timeout: 30_000,
    },
  );
  const made = page.getByRole('region', { name: 'How this description was made' });
  await expect(made).toContainText(`The photo was sent to`);
  await expect(made).toContainText(standIn.url);
  // Every photo the queue held went to the stand-in (as a JPEG, the key in the header only), none elsewhere.
  expect(standIn.chats.length).toBeGreaterThanOrEqual(1);
  for (const chat of standIn.chats) {
    expect(chat.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(chat.raw).toContain('data:image/jpeg;base64,');
    expect(chat.raw).not.toContain(KEY);
  }

  // Remove it: the captions go back to this computer.
  await page.goto(`${server.url}#/settings`);
  await tabTo(page, section.getByRole('button', { name: 'Remove lab' }), 'Tab', 80);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Removed lab.' })).toHaveCount(1);
  await expect(describeWith.getByRole('radio', { name: 'On this computer' })).toBeChecked();
  await expect(section.getByRole('list', { name: 'Saved providers' })).toHaveCount(0);
  expect(await server.call('providers.list', {})).toMatchObject({ providers: [], captionProvider: null });
  await expectNoAxeViolations(page);
});

test('altlens serve --provider openai --provider-url URL --model M: the captions of that run come from the OpenAI-compatible stand-in server, the key from the environment, the library keeping none', async () => {
  standIn = await new ProviderStandIn('openai', KEY).start();
  const dataDir = tempDir('data');
  server = await startServe(
    dataDir,
    ['--provider', 'openai', '--provider-url', standIn.url, '--model', 'vision-stand-in', '--no-ocr'],
    { OPENAI_API_KEY: KEY },
  );
  const photos = await makePhotoFolder();
  await server.call('folders.add', { path: photos });
  await expect
    .poll(async () => {
      const { counts, current } = await server.call('captions.status', {});
      return current === null && counts.queued === 0 && counts.running === 0 ? counts.done : -1;
    })
    .toBe(3);
  const status = await server.call('captions.status', {});
  expect(status.engine).toMatchObject({
    state: 'ready',
    modelName: 'vision-stand-in',
    device: `the OpenAI-compatible server at ${standIn.url}`,
  });
  expect(standIn.chats).toHaveLength(3);
  for (const chat of standIn.chats) expect(chat.headers.authorization).toBe(`Bearer ${KEY}`);
  const { images } = await server.call('images.list', {});
  const harbour = images.find((image) => image.fileName === 'harbour.jpg');
  const detail = await server.call('images.get', { id: harbour?.id ?? 0 });
  expect(detail.altText).toBe(STAND_IN_ANSWER.alt_text);
  expect(detail.generatedBy?.provenance?.remote).toEqual({
    kind: 'openai',
    destination: `the OpenAI-compatible server at ${standIn.url}`,
    provider: null,
    model: 'vision-stand-in',
  });
  const settings = await server.call('settings.get', {});
  expect(JSON.stringify(settings)).not.toContain(KEY);
});
