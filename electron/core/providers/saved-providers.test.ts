import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { dispatch } from '../api/dispatch.js';
import { openCore, type Core } from '../app-core.js';
import { ProviderStandIn, sentPhoto, STAND_IN_ANSWER } from '../testing/provider-stand-ins.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { KeyFile } from './keys.js';
import { makeProvider } from './make-provider.js';
import { SavedProviders } from './saved-providers.js';

const KEY = 'sk-stand-in-queue-0123456789abcdefQRST';
let core: Core | null = null;
let standIn: ProviderStandIn | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
  await standIn?.stop();
  standIn = null;
});

/** Resolves once a `captions.status` event says the queue is paused or has nothing left to do. */
function queueSettled(library: Core['library']): Promise<ApiEvent & { type: 'captions.status' }> {
  return new Promise((resolve) => {
    const unsubscribe = library.events.subscribe((event) => {
      if (event.type !== 'captions.status') return;
      const { counts, current, paused } = event.status;
      const idle = current === null && counts.queued === 0 && counts.running === 0;
      if (paused || (idle && counts.done + counts.failed > 0)) {
        unsubscribe();
        resolve(event);
      }
    });
  });
}

function setUp(dataDir: string) {
  // The on-device engine must not be used: a model that cannot exist here would fail every job.
  core = openCore({ dataDir, overrides: { model: join(dataDir, 'no-model-here'), ocr: true } });
  return new SavedProviders(core.library.settings, KeyFile.inDataDir(dataDir));
}

describe('saved providers and the caption queue (OpenAI-compatible stand-in)', () => {
  it('are off by default: no provider, none chosen, nothing agreed to', () => {
    const providers = setUp(tempDir('saved-default'));
    expect(providers.list()).toEqual([]);
    expect(providers.chosen()).toBeNull();
  });

  it('cannot be chosen for the captions before sending photos to it is agreed to', async () => {
    const providers = setUp(tempDir('saved-consent'));
    await providers.add({ name: 'lab', kind: 'openai', url: 'http://127.0.0.1:9/v1', model: 'm' });
    expect(() => providers.choose('lab')).toThrow(/not agreed to/);
    providers.agree('lab');
    providers.choose('lab');
    expect(providers.chosen()).toBe('lab');
    // Saved again pointing elsewhere: it must be agreed to again before photos go there.
    await providers.add({ name: 'lab', kind: 'openai', url: 'http://127.0.0.1:10/v1', model: 'm' });
    expect(providers.agreed('lab')).toBe(false);
    await expect(providers.openAgreed('lab')).rejects.toThrow(/not agreed to/);
  });

  it('refuse a URL with a password in it', async () => {
    const providers = setUp(tempDir('saved-url'));
    const { SavedProvider } = await import('./provider-settings.js');
    const parsed = SavedProvider.safeParse({
      name: 'lab',
      kind: 'openai',
      url: 'http://user:secret@127.0.0.1/v1',
      model: 'm',
    });
    expect(parsed.success).toBe(false);
    expect(providers.list()).toEqual([]);
  });

  it('caption the library through the chosen one, marking the provenance remote, and keep no key in it', async () => {
    standIn = await new ProviderStandIn('openai', KEY).start();
    const dataDir = tempDir('saved-queue');
    const providers = setUp(dataDir);
    await providers.add({ name: 'lab', kind: 'openai', url: standIn.url, model: 'vision-stand-in' }, KEY);
    providers.agree('lab');
    providers.choose('lab');
    const photos = tempDir('saved-queue-photos');
    await writeImage(join(photos, 'door.jpg'), { color: '#a03020' });
    await writeImage(join(photos, 'wall.png'), { color: '#f0f0f0', format: 'png' });
    const library = core?.library;
    if (!library) throw new Error('no core');
    const settled = queueSettled(library);
    await library.addFolder(photos);
    const { status } = await settled;
    expect(status.counts.done).toBe(2);
    expect(status.engine).toMatchObject({
      state: 'ready',
      device: `the OpenAI-compatible server at ${standIn.url}`,
    });
    expect(standIn.chats).toHaveLength(2);
    for (const chat of standIn.chats) expect(chat.headers.authorization).toBe(`Bearer ${KEY}`);
    for (const image of library.listImages().images) {
      const detail = library.getImage(image.id);
      expect(detail.altText).toBe(STAND_IN_ANSWER.alt_text);
      expect(detail.generatedBy?.provenance).toMatchObject({
        prompted: true,
        remote: { kind: 'openai', provider: 'lab', model: 'vision-stand-in' },
      });
    }
    const bytes = readdirSync(dataDir)
      .filter((name) => name.startsWith('library') && statSync(join(dataDir, name)).isFile())
      .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
      .join('');
    expect(bytes).toContain('vision-stand-in');
    expect(bytes).not.toContain(KEY);
  });

  it('stop the queue with one reason when the chosen one rejects its key', async () => {
    standIn = await new ProviderStandIn('openai', KEY).start();
    const dataDir = tempDir('saved-wrong-key');
    const providers = setUp(dataDir);
    const wrong = 'sk-wrong-queue-key-abcdefghij9876';
    await providers.add({ name: 'lab', kind: 'openai', url: standIn.url, model: 'vision-stand-in' }, wrong);
    providers.agree('lab');
    providers.choose('lab');
    const photos = tempDir('saved-wrong-key-photos');
    await writeImage(join(photos, 'door.jpg'), { color: '#a03020' });
    const library = core?.library;
    if (!library) throw new Error('no core');
    const settled = queueSettled(library);
    await library.addFolder(photos);
    const { status } = await settled;
    expect(status.paused).toBe(true);
    expect(status.engine.state).toBe('failed');
    expect(status.engine.message).toBe(
      `the OpenAI-compatible server at ${standIn.url} refused the key (HTTP 401); ` +
        'check the key in the environment variable or the saved key.',
    );
    expect(standIn.chats).toHaveLength(1);
    expect(status.engine.message).not.toContain(wrong.slice(-8));
    expect(status.counts.queued).toBe(1);
  });

  it('call back a photo the chosen one is working on when the queue is paused, and send it again on resume', async () => {
    standIn = await new ProviderStandIn('openai', KEY).start();
    standIn.planned.push({ kind: 'hang' });
    const dataDir = tempDir('saved-pause');
    const providers = setUp(dataDir);
    await providers.add({ name: 'lab', kind: 'openai', url: standIn.url, model: 'vision-stand-in' }, KEY);
    providers.agree('lab');
    providers.choose('lab');
    const photos = tempDir('saved-pause-photos');
    await writeImage(join(photos, 'door.jpg'), { color: '#a03020' });
    const current = core;
    if (!current) throw new Error('no core');
    const { library, captions } = current;
    await library.addFolder(photos);
    while (standIn.chats.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const released = new Promise<void>((resolve) => {
      const unsubscribe = library.events.subscribe((event) => {
        if (event.type === 'captions.status' && event.status.current === null) {
          unsubscribe();
          resolve();
        }
      });
    });
    captions.pause();
    await released;
    const [image] = library.listImages().images;
    expect(image?.altText).toBeNull();
    expect(library.queue.counts('caption').failed ?? 0).toBe(0);
    const settled = queueSettled(library);
    captions.resume();
    const { status } = await settled;
    expect(status.counts.done).toBe(1);
    expect(standIn.chats).toHaveLength(2);
    expect(library.getImage(image?.id ?? 0).altText).toBe(STAND_IN_ANSWER.alt_text);
  });

  it('keep as many photos in flight as the chosen one takes at once, more than the on-device pipeline', async () => {
    // 8 answers at once, each 300 ms: a queue that held back photos would never reach 6 requests at once.
    standIn = await new ProviderStandIn('openai', KEY, { serviceMs: 300, slots: 8 }).start();
    const dataDir = tempDir('saved-at-once');
    const providers = setUp(dataDir);
    const saved = {
      name: 'lab',
      kind: 'openai' as const,
      url: standIn.url,
      model: 'vision-stand-in',
      concurrency: 6,
    };
    await providers.add(saved, KEY);
    providers.agree('lab');
    providers.choose('lab');
    const photos = tempDir('saved-at-once-photos');
    for (let index = 0; index < 14; index += 1)
      await writeImage(join(photos, `photo-${index}.jpg`), { color: index % 2 ? '#a03020' : '#2040a0' });
    const library = core?.library;
    if (!library) throw new Error('no core');
    const settled = queueSettled(library);
    await library.addFolder(photos);
    const { status } = await settled;
    expect(status.counts.done).toBe(14);
    expect(standIn.chats).toHaveLength(14);
    expect(standIn.maxHeld).toBe(6);
  });

  it("make this run's captions with the provider given on the command line until the person chooses one in the settings", async () => {
    standIn = await new ProviderStandIn('ollama').start();
    const lab = await new ProviderStandIn('openai', KEY).start();
    try {
      const dataDir = tempDir('saved-run-provider');
      const model = 'vision-stand-in';
      const provider = makeProvider('ollama', { url: standIn.url, model, key: null });
      core = openCore({
        dataDir,
        overrides: { model: join(dataDir, 'no-model-here'), ocr: false },
        provider: { provider, origin: { kind: 'ollama', name: null }, model },
      });
      const { library } = core;
      const first = tempDir('saved-run-provider-first');
      await writeImage(join(first, 'door.jpg'), { color: '#a03020' });
      let settled = queueSettled(library);
      await library.addFolder(first);
      expect((await settled).status.engine.device).toBe(`Ollama at ${standIn.url}`);
      expect(standIn.chats).toHaveLength(1);

      const providers = new SavedProviders(library.settings, KeyFile.inDataDir(dataDir));
      await providers.add({ name: 'lab', kind: 'openai', url: lab.url, model }, KEY);
      providers.agree('lab');
      providers.choose('lab');
      const second = tempDir('saved-run-provider-second');
      await writeImage(join(second, 'wall.jpg'), { color: '#f0f0f0' });
      settled = queueSettled(library);
      await library.addFolder(second);
      expect((await settled).status.engine.device).toBe(`the OpenAI-compatible server at ${lab.url}`);
      expect(standIn.chats).toHaveLength(1);
      expect(lab.chats).toHaveLength(1);
      const wall = library.listImages().images.find((image) => image.fileName === 'wall.jpg');
      expect(library.getImage(wall?.id ?? 0).generatedBy?.provenance?.remote?.provider).toBe('lab');
    } finally {
      await lab.stop();
    }
  });

  it('answer questions and write extended descriptions through the chosen one, which says it can, and refuse in its words when it fails', async () => {
    standIn = await new ProviderStandIn('ollama').start();
    const dataDir = tempDir('saved-ask');
    const providers = setUp(dataDir);
    await providers.add({ name: 'desk', kind: 'ollama', url: standIn.url, model: 'vision-stand-in' });
    const photos = tempDir('saved-ask-photos');
    await writeImage(join(photos, 'door.jpg'), { color: '#a03020' });
    const current = core;
    if (!current) throw new Error('no core');
    const { library, captions, handlers } = current;
    captions.pause();
    await library.addFolder(photos);
    const [image] = library.listImages().images;
    const imageId = image?.id ?? 0;
    // On this computer a model that is not installed answers nothing.
    await expect(handlers['images.ask']({ imageId, question: 'What does the sign say?' })).rejects.toThrow();

    providers.agree('desk');
    providers.choose('desk');
    expect(await handlers['models.tasks']({})).toMatchObject({
      model: 'vision-stand-in',
      modelName: 'vision-stand-in (provider desk)',
      tasks: ['alt', 'extended', 'question'],
      unavailable: [{ task: 'ocr' }],
    });
    const answer = await handlers['images.ask']({ imageId, question: 'What does the sign say?' });
    expect(answer).toMatchObject({
      answer: 'The sign beside the door reads OPEN.',
      model: 'vision-stand-in',
      device: `Ollama at ${standIn.url}`,
    });
    expect(library.questions.of(imageId)).toHaveLength(1);
    const extended = await handlers['images.extended']({ imageId });
    expect(extended).toEqual({
      text: STAND_IN_ANSWER.extended_description,
      stoppedAtTokenLimit: false,
      modelName: 'vision-stand-in',
    });
    expect(standIn.chats).toHaveLength(2);
    for (const chat of standIn.chats) {
      const photo = sentPhoto('ollama', chat);
      expect(photo.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    }

    standIn.planned.push({ kind: 'status', status: 404 });
    const refused = await Promise.resolve()
      .then(() => handlers['images.extended']({ imageId }))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'bad_request' });
    expect((refused as Error).message).toMatch(/vision-stand-in/);
  });

  it("describe each folder with its own choice: this computer, a saved provider, or the library's — for captions and questions alike", async () => {
    standIn = await new ProviderStandIn('ollama').start(); // the library's choice
    const lab = await new ProviderStandIn('openai', KEY).start(); // one folder's own
    try {
      const dataDir = tempDir('saved-folders');
      const modelDir = join(tempDir('saved-folders-model'), 'tiny-captioner');
      await writeTinyCaptioner(modelDir);
      core = openCore({ dataDir, overrides: { model: modelDir, device: 'cpu', ocr: false } });
      const { library, captions, handlers } = core;
      const providers = new SavedProviders(library.settings, KeyFile.inDataDir(dataDir));
      const model = 'vision-stand-in';
      await providers.add({ name: 'desk', kind: 'ollama', url: standIn.url, model });
      await providers.add({ name: 'lab', kind: 'openai', url: lab.url, model }, KEY);
      await providers.add({ name: 'unasked', kind: 'openai', url: lab.url, model }, KEY);
      providers.agree('desk');
      providers.agree('lab');
      providers.choose('desk');
      captions.pause();
      const folderOf: Record<string, number> = {};
      for (const name of ['private', 'lab', 'library']) {
        const dir = tempDir(`saved-folders-${name}`);
        await writeImage(join(dir, `${name}.jpg`), { color: '#d01010' });
        await library.addFolder(dir);
        folderOf[name] = library.folders().find((folder) => folder.path === dir)?.id ?? 0;
      }
      const update = (folderId: number, provider: string | null) =>
        dispatch(handlers, 'folders.updateContext', { folderId, provider });
      expect(await update(folderOf.private ?? 0, 'on-device')).toMatchObject({
        ok: true,
        value: { provider: 'on-device' },
      });
      expect(await update(folderOf.lab ?? 0, 'lab')).toMatchObject({ ok: true, value: { provider: 'lab' } });
      // No such provider, or one not agreed to: refused, the folder left as it was.
      expect(await update(folderOf.library ?? 0, 'nope')).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/no saved provider named "nope"/) },
      });
      expect(await update(folderOf.library ?? 0, 'unasked')).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: expect.stringMatching(/not agreed to/) },
      });
      expect(library.folderContexts.of(folderOf.library ?? 0).provider).toBeNull();

      const settled = queueSettled(library);
      captions.resume();
      expect((await settled).status.counts.done).toBe(3);
      const imageIn = (name: string) => {
        const found = library.listImages().images.find((image) => image.fileName === `${name}.jpg`);
        return library.getImage(found?.id ?? 0);
      };
      expect(imageIn('private').altText).toBe('A red photo.');
      expect(imageIn('private').generatedBy?.provenance?.remote).toBeUndefined();
      expect(imageIn('lab').generatedBy?.provenance?.remote?.provider).toBe('lab');
      expect(imageIn('library').generatedBy?.provenance?.remote?.provider).toBe('desk');
      expect(standIn.chats).toHaveLength(1);
      expect(lab.chats).toHaveLength(1);

      // A question about the private folder's photo stays on this computer (whose model cannot answer it).
      const asked = await dispatch(handlers, 'images.ask', {
        imageId: imageIn('private').id,
        question: 'What does the sign say?',
      });
      expect(asked).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(standIn.chats).toHaveLength(1);
      const answered = await dispatch(handlers, 'images.ask', {
        imageId: imageIn('lab').id,
        question: 'What does the sign say?',
      });
      expect(answered).toMatchObject({
        ok: true,
        value: { device: `the OpenAI-compatible server at ${lab.url}` },
      });

      // The provider removed: its folder goes back to the library's choice.
      await dispatch(handlers, 'providers.remove', { name: 'lab' });
      expect(library.folderContexts.of(folderOf.lab ?? 0).provider).toBeNull();
    } finally {
      await lab.stop();
    }
  }, 60_000);
});
