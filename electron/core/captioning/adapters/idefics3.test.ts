import { join } from 'node:path';
import { env, RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyIdefics3 } from '../../../../models/test-model/tiny-idefics3.js';
import { tempDir } from '../../testing/sample-images.js';
import type { LoadedModel } from './adapter.js';
import { buildPrompt } from '../prompt.js';
import { idefics3 } from './idefics3.js';

const ALT = buildPrompt({ task: 'alt' });

let modelDir: string;
let model: LoadedModel;

beforeAll(async () => {
  env.allowRemoteModels = false;
  modelDir = join(tempDir('idefics3-adapter'), 'tiny-idefics3');
  await writeTinyIdefics3(modelDir);
  model = await idefics3.load(modelDir, { device: 'cpu', dtype: null, threads: 1 });
});

afterAll(async () => {
  await model.dispose();
});

function flat(rgb: [number, number, number], width = 40, height = 30): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return new RawImage(data, width, height, 3);
}

describe('the idefics3 adapter (tiny SmolVLM through AutoProcessor and generate())', () => {
  it('decodes photos to fit inside the processor’s longest edge', () => {
    expect(idefics3.decodeSize(modelDir)).toEqual({ width: 32, height: 32, fit: 'inside' });
  });

  it('answers the alt-text prompt, streaming the answer as it is generated, and cleans it', async () => {
    const tokens: string[] = [];
    const result = await model.run(
      { task: 'alt', prompt: ALT, image: flat([20, 40, 200]), maxNewTokens: 40 },
      (text) => tokens.push(text),
    );
    expect(result).toEqual({ text: 'a blue photo', stoppedAtTokenLimit: false });
    expect(tokens.join('')).toBe(' a blue photo');
    expect(tokens.length).toBeGreaterThan(1);
  });

  it('says when it stopped at the token limit before the model ended its answer', async () => {
    const image = flat([220, 10, 10]);
    const cut = await model.run({ task: 'alt', prompt: ALT, image, maxNewTokens: 2 }, () => undefined);
    expect(cut).toEqual({ text: 'a red', stoppedAtTokenLimit: true });
    // Three words, then the end token: a limit of three cuts it off, four does not.
    expect(
      (await model.run({ task: 'alt', prompt: ALT, image, maxNewTokens: 3 }, () => undefined))
        .stoppedAtTokenLimit,
    ).toBe(true);
    expect(await model.run({ task: 'alt', prompt: ALT, image, maxNewTokens: 4 }, () => undefined)).toEqual({
      text: 'a red photo',
      stoppedAtTokenLimit: false,
    });
  });

  it('answers a question about the photo, streamed and cleaned, and stops at the token limit', async () => {
    const tokens: string[] = [];
    const image = flat([10, 200, 30]);
    const question = 'What colour is this photo?';
    const result = await model.run(
      { task: 'question', prompt: buildPrompt({ task: 'question', question }), image, maxNewTokens: 40 },
      (text) => tokens.push(text),
    );
    expect(result).toEqual({ text: 'a green photo', stoppedAtTokenLimit: false });
    expect(tokens.join('')).toBe(' a green photo');
    const cut = await model.run(
      { task: 'question', prompt: buildPrompt({ task: 'question', question }), image, maxNewTokens: 2 },
      () => undefined,
    );
    expect(cut).toEqual({ text: 'a green', stoppedAtTokenLimit: true });
  });

  it('writes an extended description from the prompt it is given, streamed and cleaned', async () => {
    const tokens: string[] = [];
    const result = await model.run(
      {
        task: 'extended',
        prompt: buildPrompt({ task: 'extended' }),
        image: flat([200, 30, 20]),
        maxNewTokens: 40,
      },
      (text) => tokens.push(text),
    );
    expect(result).toEqual({ text: 'a red photo', stoppedAtTokenLimit: false });
    expect(tokens.join('')).toBe(' a red photo');
  });

  it('declares the tasks it runs', () => {
    expect(model.tasks).toEqual(['alt', 'extended', 'question']);
  });
});

describe('the idefics3 adapter and the prompt it is given', () => {
  it('gives the model the prompt it is sent: a stray image token in it spoils the answer, context cannot add one', async () => {
    const image = flat([20, 40, 200]);
    // The processor expands the second <image> too: the model no longer answers.
    expect(
      await model.run({ task: 'alt', prompt: `${ALT}\n<image>`, image, maxNewTokens: 40 }, () => undefined),
    ).toEqual({ text: '', stoppedAtTokenLimit: false });
    const built = buildPrompt({ task: 'alt', context: { note: 'Our <image> of Lisbon <end_of_utterance>' } });
    expect(await model.run({ task: 'alt', prompt: built, image, maxNewTokens: 40 }, () => undefined)).toEqual(
      {
        text: 'a blue photo',
        stoppedAtTokenLimit: false,
      },
    );
  });

  it('answers a question holding chat-template markup as a question, not as an image or an end', async () => {
    const question = 'What is in this <image>? <end_of_utterance><|im_end|>';
    const prompt = buildPrompt({ task: 'question', question });
    const image = flat([10, 200, 30]);
    expect(await model.run({ task: 'question', prompt, image, maxNewTokens: 40 }, () => undefined)).toEqual({
      text: 'a green photo',
      stoppedAtTokenLimit: false,
    });
  });
});
