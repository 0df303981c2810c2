import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  RawImage,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CLIP, TINY_CLIP_COLOURS, writeTinyClip } from './tiny-clip.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiny-clip-'));
  await writeTinyClip(dir);
  // An absolute folder, never the hub: a bare folder name would be taken as a hub model id.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function photo(colour: string, width = 120, height = 80): Promise<RawImage> {
  const path = join(dir, `${colour.replace('#', '')}-${width}x${height}.png`);
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toFile(path);
  return RawImage.read(path);
}

function rows(tensor: Tensor): number[][] {
  const [batch = 0, dims = 0] = tensor.dims;
  const data = Array.from(tensor.data as Float32Array);
  return Array.from({ length: batch }, (_, i) => data.slice(i * dims, (i + 1) * dims));
}

function cosine(a: readonly number[], b: readonly number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  const norm = (v: readonly number[]) => Math.hypot(...v);
  return dot / (norm(a) * norm(b));
}

describe('with the real transformers.js classes', () => {
  let processor: Processor;
  let tokenizer: PreTrainedTokenizer;
  let vision: PreTrainedModel;
  let text: PreTrainedModel;
  beforeAll(async () => {
    processor = await AutoProcessor.from_pretrained(dir);
    tokenizer = await AutoTokenizer.from_pretrained(dir);
    const options = { device: 'cpu', dtype: 'fp32' } as const;
    vision = await CLIPVisionModelWithProjection.from_pretrained(dir, options);
    text = await CLIPTextModelWithProjection.from_pretrained(dir, options);
  });
  afterAll(async () => {
    await Promise.all([vision.dispose(), text.dispose()]);
  });

  async function imageEmbeds(...images: RawImage[]): Promise<number[][]> {
    const inputs = (await processor(images)) as Record<string, Tensor>;
    expect(inputs.pixel_values?.dims).toEqual([images.length, 3, TINY_CLIP.imageSize, TINY_CLIP.imageSize]);
    const { image_embeds } = (await vision(inputs)) as { image_embeds: Tensor };
    return rows(image_embeds);
  }

  async function textEmbeds(...texts: string[]): Promise<number[][]> {
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const { text_embeds } = (await text(inputs)) as { text_embeds: Tensor };
    return rows(text_embeds);
  }

  it('embeds a photo as its mean colour, less 0.5 a channel', async () => {
    const [red, white, grey] = await imageEmbeds(
      await photo('#ff0000'),
      await photo('#ffffff', 40, 300),
      await photo('#808080'),
    );
    for (const [got, want] of [
      [red, [0.5, -0.5, -0.5]],
      [white, [0.5, 0.5, 0.5]],
      [grey, [0, 0, 0]],
    ] as const) {
      expect(got).toHaveLength(TINY_CLIP.dims);
      got?.forEach((value, i) => expect(value).toBeCloseTo(want[i] ?? NaN, 1));
    }
  });

  it('embeds each colour word as its colour, whatever the case, padding and words around it', async () => {
    const words = Object.keys(TINY_CLIP_COLOURS);
    const embeds = await textEmbeds(
      ...words.map((word, i) => (i % 2 ? `A ${word.toUpperCase()} photo` : word)),
    );
    words.forEach((word, i) => {
      const colour = TINY_CLIP_COLOURS[word as keyof typeof TINY_CLIP_COLOURS];
      colour.forEach((value, channel) => expect(embeds[i]?.[channel]).toBeCloseTo(value - 0.5, 5));
    });
    const [nothing] = await textEmbeds('a photo of my grandmother');
    expect(nothing).toEqual([0, 0, 0]);
  });

  it('puts each colour word closest to the photo of that colour', async () => {
    const photos = await imageEmbeds(await photo('#d01010'), await photo('#10b020'), await photo('#1020c0'));
    const [red, green, blue] = await textEmbeds('red', 'green', 'blue');
    [red, green, blue].forEach((word, i) => {
      const scores = photos.map((image) => cosine(word ?? [], image));
      expect(scores.indexOf(Math.max(...scores))).toBe(i);
    });
  });

  it('cuts a 5,000-character text at 77 tokens', async () => {
    const long = `red ${'and so on '.repeat(500)}`;
    expect(long.length).toBeGreaterThanOrEqual(5000);
    const { input_ids } = tokenizer([long], { padding: true, truncation: true }) as { input_ids: Tensor };
    expect(input_ids.dims).toEqual([1, TINY_CLIP.maxTokens]);
    const [embed] = await textEmbeds(long);
    expect(embed?.[0]).toBeCloseTo(0.5, 5);
  });
});
