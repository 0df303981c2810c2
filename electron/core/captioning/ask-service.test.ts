import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { ApiError } from '../api/errors.js';
import { openCore, type Core } from '../app-core.js';
import { Library } from '../library/library.js';
import { tempDir, writeImage } from '../testing/sample-images.js';
import { CaptionEngine } from './caption-engine.js';
import { forkEngine, type EngineSpawner } from './engine-channel.js';

/**
 * Real engine processes, the first of which is killed (SIGKILL) as soon as it has sent the first piece of
 * an answer; whatever it had sent after that is dropped, as it would never have been sent.
 */
function firstEngineDiesAfterFirstToken(): EngineSpawner {
  let spawned = 0;
  return () => {
    const channel = forkEngine();
    const doomed = spawned++ === 0;
    let dead = false;
    return {
      pid: channel.pid,
      send: (message) => channel.send(message),
      onMessage: (listener) =>
        channel.onMessage((message) => {
          if (dead) return;
          listener(message);
          if (doomed && (message as { type?: unknown }).type === 'token') {
            dead = true;
            process.kill(channel.pid ?? 0, 'SIGKILL');
          }
        }),
      onExit: (listener) => channel.onExit(listener),
      kill: () => channel.kill(),
    };
  };
}

let smolDir: string;
let captionerDir: string;
let core: Core | null = null;

beforeAll(async () => {
  const models = tempDir('ask-models');
  smolDir = join(models, 'tiny-idefics3');
  captionerDir = join(models, 'tiny');
  await Promise.all([writeTinyIdefics3(smolDir), writeTinyCaptioner(captionerDir)]);
});

afterEach(async () => {
  await core?.close();
  core = null;
});

/** A core over a library holding red.jpg and blue.png; the caption queue is paused so only Ask runs. */
async function openWithPhotos(model: string, spawn?: EngineSpawner) {
  const photos = tempDir('ask-photos');
  await writeImage(join(photos, 'red.jpg'), { color: '#d01010' });
  await writeImage(join(photos, 'blue.png'), { color: '#1020c0', format: 'png' });
  const dataDir = tempDir('ask-data');
  core = openCore({
    dataDir,
    overrides: { model, device: 'cpu', ocr: false },
    ...(spawn ? { createEngine: (settings) => new CaptionEngine(settings, spawn) } : {}),
  });
  core.captions.pause();
  await core.library.addFolder(photos);
  const idOf = (name: string) => core?.library.findImageByPath(join(photos, name))?.id ?? 0;
  return { dataDir, red: idOf('red.jpg'), blue: idOf('blue.png') };
}

async function refusal(work: () => unknown): Promise<ApiError> {
  const error: unknown = await Promise.resolve()
    .then(work)
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('images.ask (real engine process, tiny idefics3 model, real SQLite)', () => {
  it('answers, streams the answer as ask.token events, and keeps it in the photo’s history across restarts', async () => {
    const { dataDir, red, blue } = await openWithPhotos(smolDir);
    const live = core as Core;
    const events: ApiEvent[] = [];
    const unsubscribe = live.library.events.subscribe((event) => events.push(event));
    const answer = await live.handlers['images.ask']({ imageId: red, question: ' What colour is it? ' });
    unsubscribe();
    expect(answer).toEqual({
      id: expect.any(Number),
      imageId: red,
      question: 'What colour is it?',
      answer: 'a red photo',
      model: 'tiny-idefics3 (test model)',
      device: 'cpu',
      stoppedAtTokenLimit: false,
      durationMs: expect.any(Number),
      askedAt: expect.any(Number),
    });
    const tokens = events.flatMap((event) => (event.type === 'ask.token' ? [event] : []));
    expect(tokens.every((event) => event.imageId === red)).toBe(true);
    expect(tokens.map((event) => event.text).join('')).toBe(' a red photo');
    await live.handlers['images.ask']({ imageId: red, question: 'And now?' });
    await live.handlers['images.ask']({ imageId: blue, question: 'Which colour?' });
    await live.close();
    core = null;

    const reopened = Library.open(dataDir);
    try {
      expect(reopened.questions.of(red).map(({ question, answer }) => ({ question, answer }))).toEqual([
        { question: 'What colour is it?', answer: 'a red photo' },
        { question: 'And now?', answer: 'a red photo' },
      ]);
      expect(reopened.questions.of(blue)).toEqual([
        expect.objectContaining({
          question: 'Which colour?',
          answer: 'a blue photo',
          model: 'tiny-idefics3 (test model)',
        }),
      ]);
    } finally {
      reopened.close();
    }
  });

  it('refuses an empty question, one of 10,000 characters and an unknown photo, storing nothing', async () => {
    const { red } = await openWithPhotos(smolDir);
    const live = core as Core;
    expect(await refusal(() => live.handlers['images.ask']({ imageId: red, question: '' }))).toMatchObject({
      code: 'bad_request',
      message: 'The question is empty: write what you want to know about the photo.',
    });
    expect(
      await refusal(() => live.handlers['images.ask']({ imageId: red, question: 'x'.repeat(10_000) })),
    ).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/10000 characters long/) });
    expect(
      await refusal(() => live.handlers['images.ask']({ imageId: 999, question: 'What?' })),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(await live.handlers['images.questions']({ imageId: red })).toEqual([]);
  });

  it('refuses a model that cannot answer questions, naming one that can', async () => {
    const { red } = await openWithPhotos(captionerDir);
    const live = core as Core;
    expect(
      await refusal(() => live.handlers['images.ask']({ imageId: red, question: 'What?' })),
    ).toMatchObject({
      code: 'bad_request',
      message:
        'tiny (test model) cannot answer questions about photos; choose a model that can in Settings, ' +
        'such as HuggingFaceTB/SmolVLM-256M-Instruct.',
    });
    expect(live.library.questions.of(red)).toEqual([]);
  });

  it('stores nothing when the engine crashes mid-answer, and answers the next question', async () => {
    const { red } = await openWithPhotos(smolDir, firstEngineDiesAfterFirstToken());
    const live = core as Core;
    const tokens: string[] = [];
    const unsubscribe = live.library.events.subscribe((event) => {
      if (event.type === 'ask.token') tokens.push(event.text);
    });
    const crashed: unknown = await Promise.resolve(
      live.handlers['images.ask']({ imageId: red, question: 'What?' }),
    ).catch((caught: unknown) => caught);
    unsubscribe();
    expect(tokens).toHaveLength(1); // it died mid-answer
    expect((crashed as Error).message).toMatch(
      /stopped by SIGKILL while answering a question about .*red\.jpg/,
    );
    expect(live.library.questions.of(red)).toEqual([]);
    expect(await live.handlers['images.ask']({ imageId: red, question: 'What?' })).toMatchObject({
      answer: 'a red photo',
    });
    expect(live.library.questions.of(red)).toHaveLength(1);
  });
});
