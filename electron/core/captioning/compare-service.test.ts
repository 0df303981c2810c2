import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { calls, type ApiEvent, type CompareRun } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { ApiError } from '../api/errors.js';
import { openCore, type Core } from '../app-core.js';
import { stillRunningAfter } from '../testing/processes.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { CaptionEngine } from './caption-engine.js';
import { forkEngine, type EngineSpawner } from './engine-channel.js';
import { diesAfterFirstToken } from '../testing/dying-engine.js';
import { KeyFile } from '../providers/keys.js';
import { SavedProviders } from '../providers/saved-providers.js';
import { ProviderStandIn, sentPhoto, STAND_IN_ANSWER } from '../testing/provider-stand-ins.js';

let folders: { captioner: string; smol: string; florence: string };

beforeAll(async () => {
  const root = tempDir('compare-models');
  folders = {
    captioner: join(root, 'tiny-captioner'),
    smol: join(root, 'tiny-idefics3'),
    florence: join(root, 'tiny-florence2'),
  };
  await Promise.all([
    writeTinyCaptioner(folders.captioner),
    writeTinyIdefics3(folders.smol),
    writeTinyFlorence2(folders.florence),
  ]);
});

let core: Core | null = null;
/** Every engine process the core started (the caption queue's and the comparisons'). */
let enginePids: number[] = [];

afterEach(async () => {
  await core?.close();
  core = null;
  expect(await stillRunningAfter(enginePids)).toEqual([]);
  enginePids = [];
});

const model = (id: string) => ({ kind: 'model' as const, id });

/**
 * A core over a library holding red.jpg and blue.png, with the three tiny models imported through the model
 * store; the captions use the tiny captioner and their queue is paused.
 */
async function openWithModels(spawn: EngineSpawner = forkEngine) {
  const photos = tempDir('compare-photos');
  await writeImage(join(photos, 'red.jpg'), { color: '#d01010' });
  await writeImage(join(photos, 'blue.png'), { color: '#1020c0', format: 'png' });
  const dataDir = tempDir('compare-data');
  const live = openCore({
    dataDir,
    overrides: { model: 'imported/tiny-captioner', device: 'cpu', ocr: false },
    createEngine: (settings) =>
      new CaptionEngine(settings, () => {
        const channel = spawn();
        if (channel.pid) enginePids.push(channel.pid);
        return channel;
      }),
  });
  core = live;
  live.captions.pause();
  for (const dir of Object.values(folders)) await live.models.importFolder(dir);
  await live.library.addFolder(photos);
  const idOf = (name: string) => live.library.findImageByPath(join(photos, name))?.id ?? 0;
  return { live, dataDir, red: idOf('red.jpg'), blue: idOf('blue.png') };
}

async function refusal(work: () => unknown): Promise<ApiError> {
  const error: unknown = await Promise.resolve()
    .then(work)
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('compare (real engine processes, the three tiny models, real SQLite)', () => {
  it('offers the installed models by name and family, runs each in turn, streams progress, leaves no engine behind, saves nothing until picked', async () => {
    const { live, red } = await openWithModels();
    expect(await live.handlers['compare.options']({})).toEqual([
      {
        candidate: model('imported/tiny-captioner'),
        name: 'tiny-captioner (test model)',
        family: 'vision-encoder-decoder',
      },
      {
        candidate: model('imported/tiny-florence2'),
        name: 'tiny-florence2 (test model)',
        family: 'florence2',
      },
      { candidate: model('imported/tiny-idefics3'), name: 'tiny-idefics3 (test model)', family: 'idefics3' },
    ]);
    const before = live.library.getImage(red);
    const events: Extract<ApiEvent, { type: 'compare.progress' }>[] = [];
    const unsubscribe = live.library.events.subscribe((event) => {
      if (event.type === 'compare.progress') events.push(event);
    });
    const run = await live.handlers['compare.run']({
      imageId: red,
      candidates: [
        model('imported/tiny-idefics3'),
        model('imported/tiny-florence2'),
        model('imported/tiny-captioner'),
      ],
    });
    unsubscribe();

    expect(run.imageId).toBe(red);
    expect(
      run.results.map(({ name, family, state, text, message, device, stoppedAtTokenLimit }) => ({
        name,
        family,
        state,
        text,
        message,
        device,
        stoppedAtTokenLimit,
      })),
    ).toEqual([
      {
        name: 'tiny-idefics3 (test model)',
        family: 'idefics3',
        state: 'done',
        text: 'A red photo.',
        message: null,
        device: 'cpu',
        stoppedAtTokenLimit: false,
      },
      {
        name: 'tiny-florence2 (test model)',
        family: 'florence2',
        state: 'done',
        text: 'A red photo.',
        message: null,
        device: 'cpu',
        stoppedAtTokenLimit: false,
      },
      {
        name: 'tiny-captioner (test model)',
        family: 'vision-encoder-decoder',
        state: 'done',
        text: 'A red photo.',
        message: null,
        device: 'cpu',
        stoppedAtTokenLimit: false,
      },
    ]);
    for (const result of run.results) {
      expect(result.loadMs).toBeGreaterThanOrEqual(0);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    }
    // One after another: each model loads, writes and finishes before the next one loads.
    const states = events.map((event) => `${event.index}:${event.result.state}`);
    const transitions = states.filter((state, i) => state !== states[i - 1]);
    expect(transitions).toEqual([
      '0:loading',
      '0:writing',
      '0:done',
      '1:loading',
      '1:writing',
      '1:done',
      '2:loading',
      '2:writing',
      '2:done',
    ]);
    expect(events.every((event) => event.runId === run.runId && event.imageId === red)).toBe(true);
    // The idefics3 answer built up token by token before it was cleaned.
    const idefics3Writing = events
      .filter((e) => e.index === 0 && e.result.state === 'writing')
      .map((e) => e.result.text);
    expect(idefics3Writing.at(-1)).toBe(' a red photo');
    expect(idefics3Writing.length).toBeGreaterThan(2);
    // Each engine was closed when its model was done: none of them runs now (the queue is paused: none of its own).
    expect(enginePids).toHaveLength(3);
    expect(await stillRunningAfter(enginePids)).toEqual([]);
    expect(live.library.getImage(red)).toEqual(before);

    const picked = await live.handlers['compare.pick']({ runId: run.runId, index: 1 });
    expect(picked).toMatchObject({
      altText: 'A red photo.',
      status: 'needs-review',
      descriptionSource: 'model',
      generatedBy: { model: 'tiny-florence2 (test model)', device: 'cpu', ocrText: '' },
    });
    expect(live.library.getImage(red).altText).toBe('A red photo.');
    // What made the picked answer is kept with it, as with every generated description: Florence-2 takes
    // task tokens, not the written prompt, so the style went unused — and the review says so.
    expect(picked.generatedBy?.provenance).toMatchObject({ prompted: false, retriedShorter: false });
  }, 90_000); // several real model processes, one after another

  it("offers a saved provider once sending photos to it is agreed to; its answer (OpenAI-compatible stand-in) stands beside a model's, and picked, it says where the photo went", async () => {
    const KEY = 'sk-stand-in-compare-0123456789abcdefLMNO';
    const standIn = await new ProviderStandIn('openai', KEY).start();
    const dead = await new ProviderStandIn('openai', KEY).start();
    try {
      const { live, dataDir, red } = await openWithModels();
      const providers = new SavedProviders(live.library.settings, KeyFile.inDataDir(dataDir));
      await providers.add({ name: 'lab', kind: 'openai', url: standIn.url, model: 'vision-stand-in' }, KEY);
      await providers.add({ name: 'gone', kind: 'openai', url: dead.url, model: 'vision-stand-in' }, KEY);
      const offered = async () =>
        (await live.handlers['compare.options']({})).filter((option) => option.candidate.kind === 'provider');
      // Not agreed to: not offered, and refused if asked for by name.
      expect(await offered()).toEqual([]);
      const refused = await refusal(() =>
        live.handlers['compare.run']({ imageId: red, candidates: [{ kind: 'provider', id: 'lab' }] }),
      );
      expect(refused.message).toMatch(/^lab is not a saved provider you agreed to send photos to;/);
      expect(standIn.chats).toHaveLength(0);

      providers.agree('lab');
      providers.agree('gone');
      expect(await offered()).toEqual([
        {
          candidate: { kind: 'provider', id: 'lab' },
          name: 'vision-stand-in (provider lab)',
          family: `the photo is sent to the OpenAI-compatible server at ${standIn.url}`,
        },
        {
          candidate: { kind: 'provider', id: 'gone' },
          name: 'vision-stand-in (provider gone)',
          family: `the photo is sent to the OpenAI-compatible server at ${dead.url}`,
        },
      ]);
      await dead.stop();
      const run = await live.handlers['compare.run']({
        imageId: red,
        candidates: [
          { kind: 'provider', id: 'gone' },
          model('imported/tiny-captioner'),
          { kind: 'provider', id: 'lab' },
        ],
      });
      expect(run.results.map(({ state, text, device }) => ({ state, text, device }))).toEqual([
        { state: 'failed', text: '', device: null },
        { state: 'done', text: 'A red photo.', device: 'cpu' },
        {
          state: 'done',
          text: STAND_IN_ANSWER.alt_text,
          device: `the OpenAI-compatible server at ${standIn.url}`,
        },
      ]);
      expect(run.results[0]?.message).toMatch(
        /^The provider gone gave no alt text: Could not reach the OpenAI-compatible server at /,
      );
      expect(run.results[0]?.message).not.toContain(KEY);
      // The photo went as a JPEG without metadata, the prompt in the header of the chat, the key only there.
      expect(standIn.chats).toHaveLength(1);
      const [chat] = standIn.chats;
      if (!chat) throw new Error('no chat');
      expect(chat.headers.authorization).toBe(`Bearer ${KEY}`);
      const sent = sentPhoto('openai', chat);
      expect(sent.subarray(0, 3).toString('hex')).toBe('ffd8ff');
      expect(sent.includes(Buffer.from('Exif'))).toBe(false);

      const picked = await live.handlers['compare.pick']({ runId: run.runId, index: 2 });
      expect(picked).toMatchObject({ altText: STAND_IN_ANSWER.alt_text, status: 'needs-review' });
      expect(picked.generatedBy?.model).toBe('vision-stand-in');
      expect(picked.generatedBy?.provenance?.remote).toEqual({
        kind: 'openai',
        destination: `the OpenAI-compatible server at ${standIn.url}`,
        provider: 'lab',
        model: 'vision-stand-in',
      });
    } finally {
      await standIn.stop();
      await dead.stop().catch(() => undefined);
    }
  }, 60_000);

  it('a model that fails is marked failed in plain words, and the others still answer', async () => {
    const { live, blue } = await openWithModels();
    // The installed florence2 copy is damaged: its ONNX files are no models any more.
    const broken = join(live.models.cacheDir, 'imported', 'tiny-florence2', 'onnx');
    for (const name of await readdir(broken)) await writeFile(join(broken, name), 'not a model');
    const run = await live.handlers['compare.run']({
      imageId: blue,
      candidates: [model('imported/tiny-florence2'), model('imported/tiny-idefics3')],
    });
    expect(run.results[0]).toMatchObject({ state: 'failed', text: '', name: 'tiny-florence2 (test model)' });
    expect(run.results[0]?.message).toMatch(
      /^The model could not be started: .+ Import or download it again, or choose another model\.$/,
    );
    expect(run.results[1]).toMatchObject({ state: 'done', text: 'A blue photo.', message: null });
    expect(await refusal(() => live.handlers['compare.pick']({ runId: run.runId, index: 0 }))).toMatchObject({
      code: 'bad_request',
      message: 'tiny-florence2 (test model) gave no alt text in that comparison; pick another answer.',
    });
    expect(live.library.getImage(blue).altText).toBeNull();
    expect(await stillRunningAfter(enginePids)).toEqual([]);
  });

  it('an engine killed mid-answer (kill -9) fails that model in plain words; the next model still answers', async () => {
    const { live, red } = await openWithModels(diesAfterFirstToken('imported/tiny-idefics3'));
    const run = await live.handlers['compare.run']({
      imageId: red,
      candidates: [model('imported/tiny-idefics3'), model('imported/tiny-captioner')],
    });
    expect(run.results[0]).toMatchObject({ state: 'failed', text: '' });
    expect(run.results[0]?.message).toMatch(
      /^The model stopped while describing red\.jpg: The caption engine was stopped by SIGKILL while captioning \S+red\.jpg\. Try again, or choose another model\.$/,
    );
    expect(run.results[1]).toMatchObject({ state: 'done', text: 'A red photo.' });
    expect(await stillRunningAfter(enginePids)).toEqual([]);
    expect(live.library.getImage(red).altText).toBeNull();
  });

  it('runs beside the background caption queue, which goes on and stores its own captions', async () => {
    const { live, red, blue } = await openWithModels(); // the captions of both photos are queued, paused
    const captioned = (id: number) => live.library.getImage(id).altText !== null;
    const queueDone = new Promise<void>((resolve) => {
      const unsubscribe = live.library.events.subscribe(() => {
        if (captioned(red) && captioned(blue)) {
          unsubscribe();
          resolve();
        }
      });
    });
    const comparing = live.handlers['compare.run']({
      imageId: red,
      candidates: [model('imported/tiny-idefics3'), model('imported/tiny-florence2')],
    });
    live.captions.resume();
    const [run] = await Promise.all([comparing, queueDone]);
    expect(run.results.map((result) => result.text)).toEqual(['A red photo.', 'A red photo.']);
    for (const [id, text] of [
      [red, 'A red photo.'],
      [blue, 'A blue photo.'],
    ] as const) {
      expect(live.library.getImage(id)).toMatchObject({
        altText: text,
        generatedBy: { model: 'tiny-captioner (test model)' },
      });
    }
    expect(live.captions.status()).toMatchObject({ engine: { state: 'ready' }, counts: { done: 2 } });
    // Picking replaces the queue's caption with the chosen model's.
    expect(await live.handlers['compare.pick']({ runId: run.runId, index: 0 })).toMatchObject({
      altText: 'A red photo.',
      generatedBy: { model: 'tiny-idefics3 (test model)' },
    });
  });

  it('a picked answer is not replaced by the caption the queue still held for the photo', async () => {
    const { live, red, blue } = await openWithModels(); // captions of both queued, paused
    const run = await live.handlers['compare.run']({
      imageId: red,
      candidates: [model('imported/tiny-florence2')],
    });
    await live.handlers['compare.pick']({ runId: run.runId, index: 0 });
    const settled = new Promise<void>((resolve) => {
      const unsubscribe = live.library.events.subscribe((event) => {
        const { counts, current } = live.captions.status();
        if (
          event.type === 'captions.status' &&
          current === null &&
          counts.queued === 0 &&
          counts.running === 0
        ) {
          unsubscribe();
          resolve();
        }
      });
    });
    live.captions.resume();
    await settled;
    expect(live.library.getImage(blue).generatedBy?.model).toBe('tiny-captioner (test model)');
    expect(live.library.getImage(red)).toMatchObject({
      altText: 'A red photo.',
      status: 'needs-review',
      generatedBy: { model: 'tiny-florence2 (test model)' },
    });
  });

  it('closing the app mid-comparison ends its engine at once; the models not run yet do not start', async () => {
    const { live, red } = await openWithModels();
    const writing = new Promise<void>((resolve) => {
      const unsubscribe = live.library.events.subscribe((event) => {
        if (event.type === 'compare.progress' && event.result.state === 'writing') {
          unsubscribe();
          resolve();
        }
      });
    });
    const comparing = live.handlers['compare.run']({
      imageId: red,
      candidates: [
        model('imported/tiny-idefics3'),
        model('imported/tiny-florence2'),
        model('imported/tiny-captioner'),
      ],
    });
    await writing;
    const enginesBefore = enginePids.length;
    await live.close();
    core = null;
    const run = await comparing;
    expect(enginesBefore).toBe(1);
    expect(enginePids).toHaveLength(1); // no engine was started for the other two
    expect(await stillRunningAfter(enginePids, 1_000)).toEqual([]);
    expect(run.results.map(({ state, message }) => ({ state, message }))).toEqual([
      { state: 'failed', message: 'AltLens closed before this model finished.' },
      { state: 'failed', message: 'AltLens closed before this model ran.' },
      { state: 'failed', message: 'AltLens closed before this model ran.' },
    ]);
  });

  it('a burst of comparisons: one runs, the others are refused with the reason; then many in quick succession, each leaving no engine behind', async () => {
    const { live, red, blue } = await openWithModels();
    const candidates = [model('imported/tiny-captioner')];
    const burst = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        live.handlers['compare.run']({ imageId: i % 2 ? red : blue, candidates }),
      ),
    );
    expect(burst.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of burst) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toMatchObject({
          code: 'bad_request',
          message: expect.stringMatching(
            /^Another comparison is running \(blue\.png\); wait for it to finish/,
          ),
        });
      }
    }
    const runs: CompareRun[] = [];
    for (let round = 0; round < 4; round += 1) {
      runs.push(await live.handlers['compare.run']({ imageId: round % 2 ? red : blue, candidates }));
    }
    expect(runs.map((run) => run.results[0]?.text)).toEqual([
      'A blue photo.',
      'A red photo.',
      'A blue photo.',
      'A red photo.',
    ]);
    expect(new Set(runs.map((run) => run.runId)).size).toBe(4);
    expect(enginePids).toHaveLength(5);
    expect(await stillRunningAfter(enginePids)).toEqual([]);
  }, 90_000); // several real model processes, one after another

  it('refuses what it cannot do, saying why', async () => {
    const { live, red } = await openWithModels();
    const params = calls['compare.run'].params;
    expect(params.safeParse({ imageId: red, candidates: [] }).error?.issues[0]?.message).toBe(
      'Choose at least one model to compare.',
    );
    const four = ['a', 'b', 'c', 'd'].map(model);
    expect(params.safeParse({ imageId: red, candidates: four }).error?.issues[0]?.message).toBe(
      'Compare at most three models at a time.',
    );
    const twice = [model('imported/tiny-idefics3'), model('imported/tiny-idefics3')];
    expect(params.safeParse({ imageId: red, candidates: twice }).error?.issues[0]?.message).toBe(
      'Choose each model once.',
    );
    expect(params.safeParse({ imageId: red, candidates: [{ kind: 'plugin', id: 'x' }] }).success).toBe(false);
    // A model and a provider of the same name are two candidates.
    const same = [model('lab'), { kind: 'provider' as const, id: 'lab' }];
    expect(params.safeParse({ imageId: red, candidates: same }).success).toBe(true);

    expect(
      await refusal(() =>
        live.handlers['compare.run']({
          imageId: red,
          candidates: [model('HuggingFaceTB/SmolVLM-256M-Instruct')],
        }),
      ),
    ).toMatchObject({
      code: 'bad_request',
      message:
        'HuggingFaceTB/SmolVLM-256M-Instruct is not an installed model that writes alt text; choose one of: ' +
        'imported/tiny-captioner, imported/tiny-florence2, imported/tiny-idefics3.',
    });
    expect(
      await refusal(() =>
        live.handlers['compare.run']({ imageId: 999, candidates: [model('imported/tiny-idefics3')] }),
      ),
    ).toMatchObject({ code: 'not_found' });
    expect(await refusal(() => live.handlers['compare.pick']({ runId: 'gone', index: 0 }))).toMatchObject({
      code: 'not_found',
      message: 'That comparison is no longer kept; compare the models again.',
    });

    // One comparison at a time: a second one, while the first runs, is refused; the first goes on.
    const first = live.handlers['compare.run']({
      imageId: red,
      candidates: [model('imported/tiny-captioner')],
    });
    expect(
      await refusal(() =>
        live.handlers['compare.run']({ imageId: red, candidates: [model('imported/tiny-idefics3')] }),
      ),
    ).toMatchObject({
      code: 'bad_request',
      message: 'Another comparison is running (red.jpg); wait for it to finish, then try again.',
    });
    const run: CompareRun = await first;
    expect(run.results[0]?.state).toBe('done');
    expect(live.library.getImage(red).altText).toBeNull();
  });
});
