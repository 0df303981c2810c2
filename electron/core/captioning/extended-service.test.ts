import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../contract/api.js';
import { writeTinyCaptioner } from '../../../models/test-model/tiny-captioner.js';
import { writeTinyFlorence2 } from '../../../models/test-model/tiny-florence2.js';
import { writeTinyIdefics3 } from '../../../models/test-model/tiny-idefics3.js';
import { ApiError } from '../api/errors.js';
import { openCore, type Core } from '../app-core.js';
import { tempDir, writeImage } from '../testing/sample-images.js';

let models: Record<'smol' | 'florence' | 'captioner', string>;
let core: Core | null = null;

beforeAll(async () => {
  const dir = tempDir('extended-models');
  models = {
    smol: join(dir, 'tiny-idefics3'),
    florence: join(dir, 'tiny-florence2'),
    captioner: join(dir, 'tiny'),
  };
  await Promise.all([
    writeTinyIdefics3(models.smol),
    writeTinyFlorence2(models.florence),
    writeTinyCaptioner(models.captioner),
  ]);
});

afterEach(async () => {
  await core?.close();
  core = null;
});

/** A core over a library holding green.jpg; the caption queue is paused so only what the test asks runs. */
async function openWithPhoto(model: string): Promise<{ live: Core; green: number }> {
  const photos = tempDir('extended-photos');
  await writeImage(join(photos, 'green.jpg'), { color: '#10c020' });
  const live = openCore({
    dataDir: tempDir('extended-data'),
    overrides: { model, device: 'cpu', ocr: false },
  });
  core = live;
  live.captions.pause();
  await live.library.addFolder(photos);
  return { live, green: live.library.findImageByPath(join(photos, 'green.jpg'))?.id ?? 0 };
}

async function written(live: Core, imageId: number) {
  const events: ApiEvent[] = [];
  const unsubscribe = live.library.events.subscribe((event) => events.push(event));
  try {
    const result = await live.handlers['images.extended']({ imageId });
    return { result, events };
  } finally {
    unsubscribe();
  }
}

describe('images.extended (real engine process, tiny models, real SQLite)', () => {
  for (const [name, key, answer, streamed] of [
    ['SmolVLM (idefics3), through the prompt builder', 'smol', 'a green photo', ' a green photo'],
    [
      'Florence-2, through <MORE_DETAILED_CAPTION>',
      'florence',
      'A green photo, in detail.',
      'A green photo, in detail.',
    ],
  ] as const) {
    it(`writes a longer description with ${name}, streamed as caption.token events, storing nothing`, async () => {
      const { live, green } = await openWithPhoto(models[key]);
      const { result, events } = await written(live, green);
      expect(result).toEqual({
        text: answer,
        modelName: `${key === 'smol' ? 'tiny-idefics3' : 'tiny-florence2'} (test model)`,
        stoppedAtTokenLimit: false,
      });
      const tokens = events.flatMap((event) => (event.type === 'caption.token' ? [event] : []));
      expect(tokens.length).toBeGreaterThan(1);
      expect(tokens.every((event) => event.imageId === green && event.task === 'extended')).toBe(true);
      expect(tokens.map((event) => event.text).join('')).toBe(streamed);
      // The person saves it as an edit; nothing was stored for them.
      expect(live.library.getImage(green).extDescription).toBeNull();
    });
  }

  it('refuses a model that cannot write one, naming one that can, and an unknown photo', async () => {
    const { live, green } = await openWithPhoto(models.captioner);
    const refused: unknown = await written(live, green).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      code: 'bad_request',
      message:
        'tiny (test model) cannot write extended descriptions; choose a model that can in Settings, ' +
        'such as onnx-community/Florence-2-base-ft.',
    });
    const missing: unknown = await written(live, 999).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'not_found' });
  });
});

describe('models.tasks (nothing loaded)', () => {
  it('says what the chosen model can do, and why not the rest, naming a model that can', async () => {
    const { live } = await openWithPhoto(models.captioner);
    expect(await live.handlers['models.tasks']({})).toEqual({
      model: models.captioner,
      modelName: 'tiny (test model)',
      tasks: ['alt'],
      unavailable: [
        {
          task: 'extended',
          reason:
            'tiny (test model) cannot write extended descriptions; choose a model that can in Settings, ' +
            'such as onnx-community/Florence-2-base-ft.',
        },
        {
          task: 'ocr',
          reason: expect.stringMatching(/^tiny \(test model\) cannot read the text in photos; .*Florence-2/),
        },
        {
          task: 'question',
          reason: expect.stringMatching(/cannot answer questions about photos; .*SmolVLM-256M-Instruct\.$/),
        },
      ],
    });
    live.captions.updateSettings({ model: models.florence });
    expect(await live.handlers['models.tasks']({})).toMatchObject({
      modelName: 'tiny-florence2 (test model)',
      tasks: ['alt', 'extended', 'ocr'],
      unavailable: [{ task: 'question' }],
    });
    expect(live.captions.status().engine.state).toBe('idle');
  });

  it('says why no task is available when the model is not installed, and refuses to run one (was internal)', async () => {
    const { live, green } = await openWithPhoto('HuggingFaceTB/SmolVLM-256M-Instruct');
    const { tasks, unavailable } = await live.handlers['models.tasks']({});
    expect(tasks).toEqual([]);
    expect(unavailable.map(({ task }) => task)).toEqual(['alt', 'extended', 'ocr', 'question']);
    const notInstalled =
      'HuggingFaceTB/SmolVLM-256M-Instruct is not installed; download it or import its folder.';
    expect(unavailable[0]?.reason).toBe(notInstalled);
    expect(await written(live, green).catch((error: unknown) => error)).toMatchObject({
      code: 'bad_request',
      message: notInstalled,
    });
    const asked: unknown = await Promise.resolve(
      live.handlers['images.ask']({ imageId: green, question: 'What?' }),
    ).catch((error: unknown) => error);
    expect(asked).toMatchObject({ code: 'bad_request', message: notInstalled });
  });
});
