import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import type { ImageToTextPipeline } from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CAPTIONER, writeTinyCaptioner } from './tiny-captioner.js';

let dir: string;
let generationMs: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiny-captioner-'));
  const started = performance.now();
  await writeTinyCaptioner(dir);
  generationMs = performance.now() - started;
  // An absolute folder, never the hub: a bare folder name would be taken as a hub model id.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function flatJpeg(name: string, colour: string): Promise<string> {
  const path = join(dir, `${name}.jpg`);
  await sharp({ create: { width: 96, height: 64, channels: 3, background: colour } })
    .jpeg()
    .toFile(path);
  return path;
}

// Left half white, right half dark green: every channel varies, green has the highest mean.
async function stripedJpeg(): Promise<string> {
  const [width, height] = [80, 60];
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const white = i % width < width / 2;
    pixels.set(white ? [255, 255, 255] : [0, 120, 0], i * 3);
  }
  const path = join(dir, 'striped.jpg');
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toFile(path);
  return path;
}

async function caption(captioner: ImageToTextPipeline, path: string): Promise<string | undefined> {
  const [first] = await captioner(path);
  return first?.generated_text;
}

it('writes the model folder in well under a second', () => {
  expect(generationMs).toBeLessThan(500);
});

describe.each(['fp32', 'q8'] as const)('with transformers.js, dtype %s', (dtype) => {
  let captioner: ImageToTextPipeline;
  beforeAll(async () => {
    captioner = await pipeline('image-to-text', dir, { device: 'cpu', dtype });
  });
  afterAll(async () => {
    await captioner.dispose();
  });

  it.each([
    ['red', '#ff0000', 'a red photo'],
    ['green', '#00c000', 'a green photo'],
    ['blue', '#0000ff', 'a blue photo'],
    ['dark blue', '#000040', 'a blue photo'],
    ['dark red', '#100000', 'a red photo'],
  ])('captions a %s JPEG', async (name, colour, expected) => {
    expect(await caption(captioner, await flatJpeg(`${name}-${dtype}`, colour))).toBe(expected);
  });

  it('captions a non-flat image by its dominant channel', async () => {
    expect(await caption(captioner, await stripedJpeg())).toBe('a green photo');
  });

  it('has a real byte-level BPE tokenizer', () => {
    const ids = captioner.tokenizer.encode('a blue photo');
    expect(ids).toHaveLength(3);
    expect(captioner.tokenizer.decode(ids)).toBe('a blue photo');
  });
});

describe('the merged decoder', () => {
  const { nHead, headDim, hidden } = TINY_CAPTIONER;
  const cache = (length: number, values?: Float32Array): Tensor =>
    new Tensor('float32', values ?? new Float32Array(nHead * length * headDim), [1, nHead, length, headDim]);

  it('concatenates the past onto the new step in present.*', async () => {
    const session = await InferenceSession.create(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
    expect(pastNames).toHaveLength(TINY_CAPTIONER.nLayer * 2);
    const step = async (token: number, past: (name: string) => Tensor, useCache: boolean) =>
      session.run({
        input_ids: new Tensor('int64', BigInt64Array.from([BigInt(token)]), [1, 1]),
        encoder_hidden_states: new Tensor('float32', Float32Array.from([-1, -1, -0.5]), [1, 1, hidden]),
        use_cache_branch: new Tensor('bool', Uint8Array.from([useCache ? 1 : 0]), [1]),
        ...Object.fromEntries(pastNames.map((name) => [name, past(name)])),
      });

    const first = await step(0, () => cache(0), false);
    const firstKey = first['present.0.key'];
    expect(firstKey?.dims).toEqual([1, nHead, 1, headDim]);

    const second = await step(
      1,
      (name) => first[name.replace('past_key_values', 'present')] ?? cache(0),
      true,
    );
    const key = second['present.0.key'];
    expect(key?.dims).toEqual([1, nHead, 2, headDim]);
    const keyData = key?.data as Float32Array;
    const firstData = firstKey?.data as Float32Array;
    for (let h = 0; h < nHead; h++) {
      const pastRow = Array.from(keyData.subarray(h * 2 * headDim, h * 2 * headDim + headDim));
      expect(pastRow).toEqual(Array.from(firstData.subarray(h * headDim, (h + 1) * headDim)));
      const newRow = keyData.subarray(h * 2 * headDim + headDim, (h + 1) * 2 * headDim);
      expect(Array.from(newRow)).not.toEqual(pastRow);
    }
    await session.release();
  });
});
