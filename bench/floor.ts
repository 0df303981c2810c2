// The inference floor: the benchmark model's own ONNX sessions run with onnxruntime-node directly (no
// transformers.js, no pipeline, no photo decoding), with the same input shapes the app gives them for a
// 12-megapixel photo. Greedy decoding of a fixed number of new tokens (the models never pick their end token),
// so a floor caption and an app caption do the same work.
import { join } from 'node:path';
import { AutoProcessor, RawImage, type Tensor as HfTensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { buildPrompt } from '../electron/core/captioning/prompt.js';
import { sessionFile, type BenchArch } from '../models/bench-model/bench-model.js';
import type { BenchDtype } from '../models/bench-model/graph-builder.js';
import { DISTILVIT, SMOLVLM_256M } from '../models/bench-model/shapes.js';

/** The engine's caption limit (MAX_NEW_TOKENS in electron/core/captioning/engine-main.ts). */
export const CAPTION_NEW_TOKENS = 40;

export interface FloorResult {
  /** Creating every session. */
  readonly loadMs: number;
  /** The image encoder (SmolVLM: the vision encoder over every tile). */
  readonly encoderMs: number;
  /** Image encoder + the first decoder pass (SmolVLM: the whole prompt), to the first token. */
  readonly ttftMs: number;
  /** One decoder step after the first token (SmolVLM: token embedding + decoder). */
  readonly msPerStep: number;
  /** A caption of `newTokens` tokens, from pixels to the last token. */
  readonly msPerCaption: number;
  readonly newTokens: number;
}

export interface FloorOptions {
  readonly threads: number | null;
  /** The execution provider, as the engine names devices (cpu, cuda, …). */
  readonly device?: string;
  readonly newTokens?: number;
  /** SmolVLM: the size the engine decodes a 12-MP 4:3 photo to (its processor tiles that). */
  readonly imageSize?: { width: number; height: number };
}

type Feeds = Record<string, ort.Tensor>;

function sessionOptions(threads: number | null, device: string): ort.InferenceSession.SessionOptions {
  return {
    ...(threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
    ...(device === 'cpu' ? {} : { executionProviders: [device] }),
  };
}

function argmaxLast(logits: ort.Tensor): bigint {
  const vocab = logits.dims.at(-1) ?? 0;
  const data = logits.data as Float32Array;
  const start = data.length - vocab;
  let best = start;
  for (let i = start + 1; i < data.length; i++) if ((data[i] ?? 0) > (data[best] ?? 0)) best = i;
  return BigInt(best - start);
}

function randomPixels(dims: number[]): ort.Tensor {
  const values = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = ((i * 2654435761) % 1000) / 500 - 1;
  return new ort.Tensor('float32', values, dims);
}

const emptyCache = (layers: number, heads: number, headDim: number): Feeds =>
  Object.fromEntries(
    Array.from({ length: layers }, (_, i) =>
      ['key', 'value'].map((kind) => [
        `past_key_values.${i}.${kind}`,
        new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim]),
      ]),
    ).flat(),
  ) as Feeds;

function carryCache(feeds: Feeds, outputs: ort.InferenceSession.ReturnType, layers: number): void {
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      const present = outputs[`present.${i}.${kind}`];
      if (!present) throw new Error(`the decoder gave no present.${i}.${kind}`);
      feeds[`past_key_values.${i}.${kind}`] = present;
    }
  }
}

interface Runner {
  readonly loadMs: number;
  caption(newTokens: number): Promise<Omit<FloorResult, 'loadMs' | 'newTokens'>>;
  release(): Promise<void>;
}

async function createSessions(dir: string, dtype: BenchDtype, names: string[], options: FloorOptions) {
  const started = performance.now();
  const sessions: ort.InferenceSession[] = [];
  for (const name of names) {
    sessions.push(
      await ort.InferenceSession.create(
        join(dir, sessionFile(name, dtype)),
        sessionOptions(options.threads, options.device ?? 'cpu'),
      ),
    );
  }
  return { sessions, loadMs: performance.now() - started };
}

async function distilvitRunner(dir: string, dtype: BenchDtype, options: FloorOptions): Promise<Runner> {
  const { sessions, loadMs } = await createSessions(
    dir,
    dtype,
    ['encoder_model', 'decoder_model_merged'],
    options,
  );
  const [encoder, decoder] = sessions as [ort.InferenceSession, ort.InferenceSession];
  const { layers, heads, hidden } = DISTILVIT.decoder;
  const size = DISTILVIT.encoder.imageSize;
  return {
    loadMs,
    async caption(newTokens) {
      const started = performance.now();
      const encoded = await encoder.run({ pixel_values: randomPixels([1, 3, size, size]) });
      const encoderMs = performance.now() - started;
      const hiddenStates = encoded.last_hidden_state;
      if (!hiddenStates) throw new Error('the encoder gave no last_hidden_state');
      const feeds: Feeds = {
        encoder_hidden_states: hiddenStates,
        use_cache_branch: new ort.Tensor('bool', [false], [1]),
        ...emptyCache(layers, heads, hidden / heads),
      };
      let token = BigInt(DISTILVIT.endTokenId); // the decoder start token
      let ttftMs = 0;
      let firstStepDone = 0;
      for (let step = 0; step < newTokens; step++) {
        feeds.input_ids = new ort.Tensor('int64', [token], [1, 1]);
        const outputs = await decoder.run(feeds);
        token = argmaxLast(outputs.logits as ort.Tensor);
        carryCache(feeds, outputs, layers);
        feeds.use_cache_branch = new ort.Tensor('bool', [true], [1]);
        if (step === 0) firstStepDone = performance.now();
      }
      ttftMs = firstStepDone - started;
      const msPerCaption = performance.now() - started;
      return {
        encoderMs,
        ttftMs,
        msPerStep: (msPerCaption - ttftMs) / Math.max(1, newTokens - 1),
        msPerCaption,
      };
    },
    release: async () => {
      await encoder.release();
      await decoder.release();
    },
  };
}

/** The prompt the idefics3 adapter builds for an alt-text caption, through the model's own processor. */
async function smolvlmPrompt(dir: string, imageSize: { width: number; height: number }) {
  const processor = await AutoProcessor.from_pretrained(dir);
  const text = processor.apply_chat_template(
    [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: buildPrompt({ task: 'alt' }) }] }],
    { add_generation_prompt: true },
  ) as string;
  const { width, height } = imageSize;
  const image = new RawImage(new Uint8ClampedArray(width * height * 3), width, height, 3);
  const inputs = (await processor(text, [image])) as { input_ids: HfTensor; pixel_values: HfTensor };
  const ids = Array.from(inputs.input_ids.data as BigInt64Array);
  return { ids, tiles: inputs.pixel_values.dims[1] ?? 1 };
}

async function smolvlmRunner(dir: string, dtype: BenchDtype, options: FloorOptions): Promise<Runner> {
  const imageSize = options.imageSize ?? { width: 2048, height: 1536 };
  const { ids, tiles } = await smolvlmPrompt(dir, imageSize);
  const { sessions, loadMs } = await createSessions(
    dir,
    dtype,
    ['vision_encoder', 'embed_tokens', 'decoder_model_merged'],
    options,
  );
  const [vision, embed, decoder] = sessions as [
    ort.InferenceSession,
    ort.InferenceSession,
    ort.InferenceSession,
  ];
  const { layers, kvHeads, headDim, hidden } = SMOLVLM_256M.text;
  const side = SMOLVLM_256M.vision.imageSize;
  const embedIds = async (tokens: bigint[]) =>
    (await embed.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens), [1, tokens.length]) }))
      .inputs_embeds as ort.Tensor;
  return {
    loadMs,
    async caption(newTokens) {
      const started = performance.now();
      const mask = new ort.Tensor('bool', new Uint8Array(tiles * side * side).fill(1), [
        1,
        tiles,
        side,
        side,
      ]);
      const features = (
        await vision.run({
          pixel_values: randomPixels([1, tiles, 3, side, side]),
          pixel_attention_mask: mask,
        })
      ).image_features as ort.Tensor;
      const encoderMs = performance.now() - started;
      // The image features take the places of the <image> tokens, as transformers.js merges them.
      const prompt = await embedIds(ids);
      const embeds = prompt.data as Float32Array;
      const featureData = features.data as Float32Array;
      let row = 0;
      ids.forEach((id, position) => {
        if (id !== BigInt(SMOLVLM_256M.ids.image)) return;
        embeds.set(featureData.subarray(row * hidden, (row + 1) * hidden), position * hidden);
        row++;
      });
      let length = ids.length;
      const positions = (from: number, count: number) =>
        new ort.Tensor(
          'int64',
          BigInt64Array.from({ length: count }, (_, i) => BigInt(from + i)),
          [1, count],
        );
      const feeds: Feeds = {
        inputs_embeds: prompt,
        attention_mask: new ort.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
        position_ids: positions(0, length),
        ...emptyCache(layers, kvHeads, headDim),
      };
      let ttftMs = 0;
      for (let step = 0; step < newTokens; step++) {
        const outputs = await decoder.run(feeds);
        const token = argmaxLast(outputs.logits as ort.Tensor);
        carryCache(feeds, outputs, layers);
        if (step === 0) ttftMs = performance.now() - started;
        feeds.inputs_embeds = await embedIds([token]);
        feeds.position_ids = positions(length, 1);
        length += 1;
        feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
      }
      const msPerCaption = performance.now() - started;
      return {
        encoderMs,
        ttftMs,
        msPerStep: (msPerCaption - ttftMs) / Math.max(1, newTokens - 1),
        msPerCaption,
      };
    },
    release: async () => {
      for (const session of sessions) await session.release();
    },
  };
}

/**
 * Loads the model's sessions, runs one short warm-up caption (the runtime sizes its buffers then), then
 * measured captions of `newTokens` tokens (the fastest counts), and releases the sessions.
 */
export async function measureFloor(
  arch: BenchArch,
  dir: string,
  dtype: BenchDtype,
  options: FloorOptions,
): Promise<FloorResult> {
  const newTokens = options.newTokens ?? CAPTION_NEW_TOKENS;
  const runner =
    arch === 'distilvit'
      ? await distilvitRunner(dir, dtype, options)
      : await smolvlmRunner(dir, dtype, options);
  try {
    await runner.caption(2);
    // The fastest of a few captions where one is cheap (the machine may be shared); one for SmolVLM.
    const runs = arch === 'distilvit' ? 3 : 1;
    let best: Awaited<ReturnType<Runner['caption']>> | null = null;
    for (let run = 0; run < runs; run++) {
      const result = await runner.caption(newTokens);
      if (!best || result.msPerCaption < best.msPerCaption) best = result;
    }
    if (!best) throw new Error('no floor caption ran');
    return { loadMs: runner.loadMs, newTokens, ...best };
  } finally {
    await runner.release();
  }
}
