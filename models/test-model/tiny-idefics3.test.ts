import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  Idefics3Processor,
  RawImage,
  SmolVLMForConditionalGeneration,
  type PreTrainedModel,
  type Tensor as HfTensor,
  type Processor,
} from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_IDEFICS3, writeTinyIdefics3 } from './tiny-idefics3.js';

let dir: string;
let generationMs: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiny-idefics3-'));
  const started = performance.now();
  await writeTinyIdefics3(dir);
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

function prompt(processor: Processor, text: string): string {
  return processor.apply_chat_template(
    [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text }] }],
    { add_generation_prompt: true },
  ) as string;
}

async function answer(
  processor: Processor,
  model: PreTrainedModel,
  image: RawImage,
  text = 'Describe this photo.',
): Promise<string | undefined> {
  const inputs = (await processor(prompt(processor, text), [image])) as { input_ids: HfTensor };
  const output = (await model.generate({ ...inputs, max_new_tokens: 20 })) as HfTensor;
  const promptLength = inputs.input_ids.dims.at(-1) ?? 0;
  return processor.batch_decode(output.slice(null, [promptLength, output.dims.at(-1) ?? promptLength]), {
    skip_special_tokens: true,
  })[0];
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
    model = await AutoModelForVision2Seq.from_pretrained(dir, { device: 'cpu', dtype: 'fp32' });
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('loads as Idefics3Processor with the SmolVLM chat template', () => {
    expect(processor).toBeInstanceOf(Idefics3Processor);
    expect(prompt(processor, 'What is this?')).toBe(
      '<|im_start|>User:<image>What is this?<end_of_utterance>\nAssistant:',
    );
  });

  it.each([
    ['red', '#ff0000', ' a red photo'],
    ['green', '#00c000', ' a green photo'],
    ['blue', '#0000ff', ' a blue photo'],
    ['dark blue', '#000040', ' a blue photo'],
    ['dark red', '#100000', ' a red photo'],
  ])('answers a %s JPEG by its colour', async (name, colour, expected) => {
    expect(await answer(processor, model, await jpeg(name, colour))).toBe(expected);
  });

  it('answers for small, tall and wide images, split into tiles or not', async () => {
    expect(await answer(processor, model, await jpeg('small', '#00c000', 8, 8))).toBe(' a green photo');
    expect(await answer(processor, model, await jpeg('tall', '#0000ff', 20, 90))).toBe(' a blue photo');
    expect(await answer(processor, model, await jpeg('wide', '#ff0000', 300, 40))).toBe(' a red photo');
  });

  it('answers a question the same way', async () => {
    const image = await jpeg('question', '#0000ff');
    expect(await answer(processor, model, image, 'Is the car red? Answer: yes or no.')).toBe(' a blue photo');
  });

  it('loads as SmolVLMForConditionalGeneration too', async () => {
    const smolvlm = await SmolVLMForConditionalGeneration.from_pretrained(dir, {
      device: 'cpu',
      dtype: 'fp32',
    });
    expect(await answer(processor, smolvlm, await jpeg('smolvlm', '#00c000'))).toBe(' a green photo');
    await smolvlm.dispose();
  });

  it('has a real byte-level BPE tokenizer that encodes any prompt', () => {
    const ids = tokenizerOf(processor).encode(' a blue photo', { add_special_tokens: false });
    expect(ids).toHaveLength(3);
    expect(tokenizerOf(processor).decode(ids)).toBe(' a blue photo');
    const other = 'Zoë’s café: 3 × 4 = 12!';
    expect(
      tokenizerOf(processor).decode(tokenizerOf(processor).encode(other, { add_special_tokens: false })),
    ).toBe(other);
  });
});

describe('the merged decoder', () => {
  const { layers, kvHeads, hidden } = TINY_IDEFICS3;
  const zeros = (length: number) =>
    new Tensor('float32', new Float32Array(kvHeads * length * hidden), [1, kvHeads, length, hidden]);

  it('reads the colour it answers from its key/value cache', async () => {
    const session = await InferenceSession.create(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const embed = await InferenceSession.create(join(dir, 'onnx', 'embed_tokens.onnx'));
    const processor = await AutoProcessor.from_pretrained(dir);
    const [a] = tokenizerOf(processor).encode(' a', { add_special_tokens: false });
    const step = async (
      embeds: Tensor,
      past: (name: string, length: number) => Tensor,
      pastLength: number,
    ) => {
      const length = embeds.dims[1] ?? 0;
      const total = pastLength + length;
      return session.run({
        inputs_embeds: embeds,
        attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
        position_ids: new Tensor(
          'int64',
          BigInt64Array.from({ length }, (_, i) => BigInt(pastLength + i)),
          [1, length],
        ),
        ...Object.fromEntries(
          Array.from({ length: layers }, (_, i) =>
            ['key', 'value'].map((kind) => `past_key_values.${i}.${kind}`),
          )
            .flat()
            .map((name) => [name, past(name, pastLength)]),
        ),
      });
    };
    // Prefill: one "image" row whose blue channel is the highest.
    const image = new Float32Array(hidden);
    image.set([-1, -0.8, 0.5]);
    const prefill = await step(new Tensor('float32', image, [1, 1, hidden]), (_, n) => zeros(n), 0);
    expect(prefill['present.1.value']?.dims).toEqual([1, kvHeads, 1, hidden]);

    const aEmbeds = (
      await embed.run({ input_ids: new Tensor('int64', BigInt64Array.from([BigInt(a ?? 0)]), [1, 1]) })
    ).inputs_embeds as Tensor;
    const argmax = (logits: Tensor | undefined) => {
      const data = Array.from(logits?.data as Float32Array);
      return data.indexOf(Math.max(...data));
    };
    const withCache = await step(
      aEmbeds,
      (name) => prefill[name.replace('past_key_values', 'present')] ?? zeros(0),
      1,
    );
    expect(withCache['present.0.key']?.dims).toEqual([1, kvHeads, 2, hidden]);
    const blue = tokenizerOf(processor).encode(' blue', { add_special_tokens: false })[0];
    expect(argmax(withCache.logits)).toBe(blue);
    // The same step with the cache lost: the image is gone, and so is the colour.
    const withoutCache = await step(aEmbeds, (_, n) => zeros(n), 0);
    expect(argmax(withoutCache.logits)).not.toBe(blue);
    await Promise.all([session.release(), embed.release()]);
  });
});
