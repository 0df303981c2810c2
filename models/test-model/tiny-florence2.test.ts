import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoModelForImageTextToText,
  AutoProcessor,
  env,
  Florence2ForConditionalGeneration,
  Florence2Processor,
  RawImage,
  type PreTrainedModel,
  type Processor,
  type Tensor as HfTensor,
} from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_FLORENCE2, writeTinyFlorence2 } from './tiny-florence2.js';

let dir: string;
let generationMs: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiny-florence2-'));
  const started = performance.now();
  await writeTinyFlorence2(dir);
  generationMs = performance.now() - started;
  // An absolute folder, never the hub: a bare folder name would be taken as a hub model id.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function jpeg(name: string, colour: string, width = 96, height = 64): Promise<RawImage> {
  const path = join(dir, `${name}.jpg`);
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toFile(path);
  return RawImage.read(path);
}

function florence(processor: Processor): Florence2Processor {
  if (!(processor instanceof Florence2Processor)) throw new Error('Not a Florence2Processor.');
  return processor;
}

/** As MODELS.md says Florence-2 runs: processor(image, task), generate(), post_process_generation. */
async function answer(
  processor: Processor,
  model: PreTrainedModel,
  image: RawImage,
  task = '<CAPTION>',
): Promise<unknown> {
  const inputs = (await processor(image, task)) as Record<string, HfTensor>;
  const output = (await model.generate({ ...inputs, max_new_tokens: 20 })) as HfTensor;
  const text = processor.batch_decode(output, { skip_special_tokens: false })[0] ?? '';
  return florence(processor).post_process_generation(text, task, image.size)[task];
}

function tokenizerOf(processor: Processor): NonNullable<Processor['tokenizer']> {
  if (!processor.tokenizer) throw new Error('The processor has no tokenizer.');
  return processor.tokenizer;
}

it('writes the model folder in well under a second', () => {
  expect(generationMs).toBeLessThan(500);
});

describe('with the real transformers.js classes', () => {
  let processor: Processor;
  let model: PreTrainedModel;
  beforeAll(async () => {
    processor = await AutoProcessor.from_pretrained(dir);
    model = await Florence2ForConditionalGeneration.from_pretrained(dir, { device: 'cpu', dtype: 'fp32' });
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('loads as Florence2Processor, which turns task tokens into Florence-2’s prompts', () => {
    expect(processor).toBeInstanceOf(Florence2Processor);
    expect(florence(processor).construct_prompts(['<CAPTION>', '<MORE_DETAILED_CAPTION>'])).toEqual([
      'What does the image describe?',
      'Describe with a paragraph what is shown in the image.',
    ]);
  });

  it('loads all four sessions: vision encoder, token embeddings, text encoder, merged decoder', () => {
    expect(Object.keys((model as unknown as { sessions: object }).sessions).sort()).toEqual([
      'decoder_model_merged',
      'embed_tokens',
      'model',
      'vision_encoder',
    ]);
  });

  it.each([
    ['red', '#ff0000', 'A red photo.'],
    ['green', '#00c000', 'A green photo.'],
    ['blue', '#0000ff', 'A blue photo.'],
    ['dark blue', '#000040', 'A blue photo.'],
    ['dark red', '#100000', 'A red photo.'],
  ])('answers a %s JPEG by its colour', async (name, colour, expected) => {
    expect(await answer(processor, model, await jpeg(name, colour))).toBe(expected);
  });

  it.each([
    ['<DETAILED_CAPTION>', 'A green photo, in detail.'],
    ['<MORE_DETAILED_CAPTION>', 'A green photo, in detail.'],
    ['<OCR>', 'A green photo'],
  ])('answers the %s task in its own way, told by its prompt', async (task, expected) => {
    expect(await answer(processor, model, await jpeg('task', '#00c000'), task)).toBe(expected);
  });

  it('answers for small, tall and wide images', async () => {
    expect(await answer(processor, model, await jpeg('small', '#00c000', 8, 8))).toBe('A green photo.');
    expect(await answer(processor, model, await jpeg('tall', '#0000ff', 20, 90))).toBe('A blue photo.');
    expect(await answer(processor, model, await jpeg('wide', '#ff0000', 300, 40))).toBe('A red photo.');
  });

  it('loads through AutoModelForImageTextToText too', async () => {
    const auto = await AutoModelForImageTextToText.from_pretrained(dir, { device: 'cpu', dtype: 'fp32' });
    expect(await answer(processor, auto, await jpeg('auto', '#0000ff'))).toBe('A blue photo.');
    await auto.dispose();
  });

  it('has a real byte-level BPE tokenizer that wraps text in <s> … </s> and encodes any prompt', () => {
    const tokenizer = tokenizerOf(processor);
    const ids = tokenizer.encode('A blue photo.');
    expect(ids).toHaveLength(6);
    expect(tokenizer.decode(ids)).toBe('<s>A blue photo.</s>');
    const other = 'Zoë’s café: 3 × 4 = 12!';
    expect(tokenizer.decode(tokenizer.encode(other), { skip_special_tokens: true })).toBe(other);
  });
});

describe('the merged decoder', () => {
  const { decoderLayers, heads, hidden } = TINY_FLORENCE2;
  const cache = (length: number) =>
    new Tensor('float32', new Float32Array(heads * length * hidden), [1, heads, length, hidden]);

  it('reads the colour it answers from the cross-attention part of its key/value cache', async () => {
    const session = await InferenceSession.create(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const embed = await InferenceSession.create(join(dir, 'onnx', 'embed_tokens.onnx'));
    const tokenizer = tokenizerOf(await AutoProcessor.from_pretrained(dir));
    const embedding = async (token: string) => {
      const [id] = tokenizer.encode(token, { add_special_tokens: false });
      const ids = new Tensor('int64', BigInt64Array.from([BigInt(id ?? 0)]), [1, 1]);
      return (await embed.run({ input_ids: ids })).inputs_embeds as Tensor;
    };
    // The encoder's output: one "image" row whose blue channel is the highest.
    const encoderRow = new Float32Array(hidden);
    encoderRow.set([0.1, 0.2, 0.6]);
    const encoderHidden = new Tensor('float32', encoderRow, [1, 1, hidden]);
    const step = (embeds: Tensor, past: (name: string) => Tensor, useCache: boolean) =>
      session.run({
        inputs_embeds: embeds,
        encoder_hidden_states: encoderHidden,
        encoder_attention_mask: new Tensor('int64', BigInt64Array.from([1n]), [1, 1]),
        use_cache_branch: new Tensor('bool', [useCache], [1]),
        ...Object.fromEntries(
          Array.from({ length: decoderLayers }, (_, i) =>
            ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value'].map(
              (kind) => `past_key_values.${i}.${kind}`,
            ),
          )
            .flat()
            .map((name) => [name, past(name)]),
        ),
      });
    const prefill = await step(await embedding('<s>'), () => cache(0), false);
    expect(prefill['present.1.encoder.value']?.dims).toEqual([1, heads, 1, hidden]);
    const argmax = (logits: Tensor | undefined) => {
      const data = Array.from(logits?.data as Float32Array);
      return data.indexOf(Math.max(...data));
    };
    const a = await embedding('A');
    const blue = tokenizer.encode(' blue', { add_special_tokens: false })[0];
    const withCache = await step(
      a,
      (name) => prefill[name.replace('past_key_values', 'present')] ?? cache(0),
      true,
    );
    expect(withCache['present.0.decoder.key']?.dims).toEqual([1, heads, 2, hidden]);
    expect(argmax(withCache.logits)).toBe(blue);
    // The same step with the cache lost: the image is gone, and so is the colour, though the encoder's
    // output is still given.
    const withoutCache = await step(a, (name) => cache(name.includes('.decoder.') ? 1 : 0), true);
    expect(argmax(withoutCache.logits)).not.toBe(blue);
    await Promise.all([session.release(), embed.release()]);
  });
});
