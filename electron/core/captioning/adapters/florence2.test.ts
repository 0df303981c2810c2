import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { env, RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyFlorence2 } from '../../../../models/test-model/tiny-florence2.js';
import { tempDir } from '../../testing/sample-images.js';
import type { LoadedModel } from './adapter.js';
import { florence2 } from './florence2.js';

let modelDir: string;
let model: LoadedModel;

beforeAll(async () => {
  env.allowRemoteModels = false;
  modelDir = join(tempDir('florence2-adapter'), 'tiny-florence2');
  await writeTinyFlorence2(modelDir);
  model = await florence2.load(modelDir, { device: 'cpu', dtype: null, threads: 1 });
});

afterAll(async () => {
  await model.dispose();
});

function flat(rgb: [number, number, number], width = 40, height = 30): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return new RawImage(data, width, height, 3);
}

describe('the florence2 adapter (tiny Florence-2 through AutoProcessor and generate())', () => {
  it('decodes photos to the processor’s size', () => {
    expect(florence2.decodeSize(modelDir)).toEqual({ width: 16, height: 16, fit: 'fill' });
  });

  it('answers the <CAPTION> task, streaming the answer as it is generated, post-processed and cleaned', async () => {
    const tokens: string[] = [];
    const result = await model.run(
      { task: 'alt', prompt: 'Ignored.', image: flat([20, 40, 200]), maxNewTokens: 40 },
      (text) => tokens.push(text),
    );
    expect(result).toEqual({ text: 'A blue photo.', stoppedAtTokenLimit: false });
    expect(tokens.join('')).toBe('A blue photo.');
    expect(tokens.length).toBeGreaterThan(1);
  });

  it('says when it stopped at the token limit before the model ended its answer', async () => {
    const image = flat([220, 10, 10]);
    // <s>, then "A", " red": cut off there, and no sentence is left whole.
    expect(
      await model.run({ task: 'alt', prompt: 'Ignored.', image, maxNewTokens: 3 }, () => undefined),
    ).toEqual({
      text: 'A red',
      stoppedAtTokenLimit: true,
    });
    // <s> A red photo . </s>: a limit of five cuts it off before the end token, six does not.
    expect(
      (await model.run({ task: 'alt', prompt: 'Ignored.', image, maxNewTokens: 5 }, () => undefined))
        .stoppedAtTokenLimit,
    ).toBe(true);
    expect(
      await model.run({ task: 'alt', prompt: 'Ignored.', image, maxNewTokens: 6 }, () => undefined),
    ).toEqual({
      text: 'A red photo.',
      stoppedAtTokenLimit: false,
    });
  });

  it('writes an extended description (<MORE_DETAILED_CAPTION>), streamed and cleaned', async () => {
    const tokens: string[] = [];
    const result = await model.run(
      { task: 'extended', prompt: 'Ignored.', image: flat([10, 200, 30]), maxNewTokens: 40 },
      (text) => tokens.push(text),
    );
    expect(result).toEqual({ text: 'A green photo, in detail.', stoppedAtTokenLimit: false });
    expect(tokens.join('')).toBe('A green photo, in detail.');
  });

  it('reads the text in a photo (<OCR>), and says when it stopped at the token limit', async () => {
    const image = flat([220, 10, 10]);
    expect(
      await model.run({ task: 'ocr', prompt: 'Ignored.', image, maxNewTokens: 40 }, () => undefined),
    ).toEqual({
      text: 'A red photo',
      stoppedAtTokenLimit: false,
    });
    expect(
      await model.run({ task: 'ocr', prompt: 'Ignored.', image, maxNewTokens: 3 }, () => undefined),
    ).toEqual({
      text: 'A red',
      stoppedAtTokenLimit: true,
    });
  });

  it('declares the tasks it runs, and refuses one it does not', async () => {
    expect(model.tasks).toEqual(['alt', 'extended', 'ocr']);
    await expect(
      model.run(
        { task: 'question', prompt: 'Ignored.', image: flat([0, 0, 0]), maxNewTokens: 5 },
        () => undefined,
      ),
    ).rejects.toThrow('Florence-2 models cannot do the question task.');
  });

  it('says which file a folder lacks', async () => {
    const broken = join(tempDir('florence2-broken'), 'no-encoder');
    await writeTinyFlorence2(broken);
    rmSync(join(broken, 'onnx', 'encoder_model.onnx'));
    expect(() => florence2.decodeSize(broken)).toThrow('it has no onnx/encoder_model.onnx, in any dtype');
  });
});
