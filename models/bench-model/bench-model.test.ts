// The benchmark models against the facts of the real models (../shared/MODELS.md): the full-size graphs are
// checked from their description (weights not made), and one-layer models of the real widths are written,
// opened with onnxruntime-node (session input/output names and shapes) and run through the app's adapters.
// Speed is never asserted here.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, RawImage } from '@huggingface/transformers';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idefics3 } from '../../electron/core/captioning/adapters/idefics3.js';
import { visionEncoderDecoder } from '../../electron/core/captioning/adapters/vision-encoder-decoder.js';
import { buildPrompt } from '../../electron/core/captioning/prompt.js';
import {
  benchSessions,
  ensureBenchModel,
  sessionFile,
  writeBenchModel,
  type BenchArch,
} from './bench-model.js';
import type { BenchDtype, GraphBuilder } from './graph-builder.js';
import { DISTILVIT, SMOLVLM_256M } from './shapes.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-model-'));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function builders(arch: BenchArch, dtype: BenchDtype): Record<string, GraphBuilder> {
  return Object.fromEntries(
    Object.entries(benchSessions(arch, dtype)).map(([name, build]) => [name, build().builder]),
  );
}

const dimsOf = (builder: GraphBuilder, name: string) => builder.weights.find((w) => w.name === name)?.dims;
/** The distinct layer indices among weights named `${prefix}.{i}.…`. */
function layerCount(builder: GraphBuilder, prefix: string): number {
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  return new Set(builder.weights.map((w) => pattern.exec(w.name)?.[1]).filter(Boolean)).size;
}
const millions = (builder: GraphBuilder) => builder.parameterCount() / 1e6;

describe('full-size graphs, from their description (no weights made)', () => {
  it('distilvit: ViT-base (12 layers, 768 wide) + DistilGPT-2 (6 layers, vocabulary 50,257), 182M parameters', () => {
    const { encoder_model: encoder, decoder_model_merged: decoder } = builders('distilvit', 'fp32');
    if (!encoder || !decoder) throw new Error('missing session');
    expect(layerCount(encoder, 'encoder.layer')).toBe(12);
    expect(dimsOf(encoder, 'encoder.layer.11.attention.query.weight')).toEqual([768, 768]);
    expect(dimsOf(encoder, 'encoder.layer.0.intermediate.weight')).toEqual([768, 3072]);
    expect(dimsOf(encoder, 'embeddings.position_embeddings')).toEqual([1, 197, 768]);
    expect(layerCount(decoder, 'transformer.h')).toBe(6);
    expect(dimsOf(decoder, 'transformer.wte')).toEqual([50257, 768]);
    expect(dimsOf(decoder, 'transformer.h.5.crossattention.k_attn.weight')).toEqual([768, 768]);
    // MODELS.md: 182M parameters; encoder_model 343 MB, decoder_model_merged 387 MB in fp32.
    expect(millions(encoder) + millions(decoder)).toBeGreaterThan(180);
    expect(millions(encoder) + millions(decoder)).toBeLessThan(184);
    expect((encoder.parameterCount() * 4) / 1e6).toBeCloseTo(343, -1);
    expect((decoder.parameterCount() * 4) / 1e6).toBeCloseTo(387, -1);
  });

  it('SmolVLM-256M: SigLIP (12 × 768) + SmolLM2-135M (30 layers, 576 wide, 9 heads, 3 key/value heads, vocabulary 49,280)', () => {
    const sessions = builders('smolvlm-256m', 'fp32');
    const { vision_encoder: vision, embed_tokens: embed, decoder_model_merged: decoder } = sessions;
    if (!vision || !embed || !decoder) throw new Error('missing session');
    expect(layerCount(vision, 'encoder.layers')).toBe(12);
    expect(dimsOf(vision, 'embeddings.position_embedding')).toEqual([1024, 768]);
    expect(dimsOf(vision, 'connector.modality_projection.proj.weight')).toEqual([768 * 16, 576]);
    expect(layerCount(decoder, 'model.layers')).toBe(30);
    expect(dimsOf(decoder, 'model.layers.29.self_attn.q_proj.weight')).toEqual([576, 9 * 64]);
    expect(dimsOf(decoder, 'model.layers.0.self_attn.k_proj.weight')).toEqual([576, 3 * 64]);
    expect(dimsOf(decoder, 'model.layers.0.mlp.gate_proj.weight')).toEqual([576, 1536]);
    expect(dimsOf(decoder, 'lm_head.weight')).toEqual([576, 49280]);
    expect(dimsOf(embed, 'embed_tokens')).toEqual([49280, 576]);
    // MODELS.md: decoder_model_merged fp32 541 MB, embed_tokens fp32 114 MB, vision_encoder fp16 187 MB.
    expect((decoder.parameterCount() * 4) / 1e6).toBeCloseTo(541, -1);
    expect((embed.parameterCount() * 4) / 1e6).toBeCloseTo(114, -0.5);
    expect((vision.parameterCount() * 2) / 1e6).toBeCloseTo(187, -1);
  });

  it.each(['distilvit', 'smolvlm-256m'] as const)(
    '%s q8: every matmul and embedding weight is int8 behind MatMulInteger / DequantizeLinear, none left in float',
    (arch) => {
      for (const builder of Object.values(builders(arch, 'q8'))) {
        const ops = new Set(builder.nodes.map((n) => n.op_type));
        const floatWeights = new Set(builder.weights.filter((w) => !w.quantized).map((w) => w.name));
        const floatMatMuls = builder.nodes.filter(
          (n) => n.op_type === 'MatMul' && n.input.some((input) => floatWeights.has(input)),
        );
        expect(floatMatMuls).toEqual([]);
        expect(ops.has('MatMulInteger') || ops.has('DequantizeLinear')).toBe(true);
        const quantized = builder.weights
          .filter((w) => w.quantized)
          .reduce((n, w) => n + w.dims.reduce((a, b) => a * b, 1), 0);
        expect(quantized / builder.parameterCount()).toBeGreaterThan(0.97);
      }
    },
  );
});

interface Layout {
  readonly inputs: Record<string, readonly (string | number)[]>;
  readonly outputs: Record<string, readonly (string | number)[]>;
}

async function sessionLayout(path: string): Promise<Layout> {
  const session = await InferenceSession.create(path);
  try {
    const shapes = (metadata: readonly InferenceSession.ValueMetadata[]) =>
      Object.fromEntries(metadata.map((m) => [m.name, m.isTensor ? [...m.shape] : []]));
    expect(session.inputMetadata.map((m) => m.name)).toEqual(session.inputNames);
    return { inputs: shapes(session.inputMetadata), outputs: shapes(session.outputMetadata) };
  } finally {
    await session.release();
  }
}

describe('one-layer models of the real widths, written and loaded', () => {
  it('distilvit fp32: the real session layout, and the vision-encoder-decoder adapter captions to its token limit', async () => {
    const dir = join(root, 'distilvit');
    await writeBenchModel('distilvit', dir, 'fp32', { layers: 1 });
    const encoder = await sessionLayout(join(dir, sessionFile('encoder_model', 'fp32')));
    expect(encoder.inputs).toEqual({ pixel_values: ['batch_size', 3, 224, 224] });
    expect(encoder.outputs).toEqual({ last_hidden_state: ['batch_size', 197, 768] });
    const decoder = await sessionLayout(join(dir, sessionFile('decoder_model_merged', 'fp32')));
    const cache = ['batch_size', 12, 'past_sequence_length', 64];
    expect(decoder.inputs).toEqual({
      input_ids: ['batch_size', 'decoder_sequence_length'],
      encoder_hidden_states: ['batch_size', 'encoder_sequence_length', 768],
      'past_key_values.0.key': cache,
      'past_key_values.0.value': cache,
      use_cache_branch: [1],
    });
    expect(Object.keys(decoder.outputs)).toEqual(['logits', 'present.0.key', 'present.0.value']);
    expect(decoder.outputs.logits).toEqual([
      'batch_size',
      'decoder_sequence_length',
      DISTILVIT.decoder.vocab,
    ]);

    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      decoder: { n_head: number; n_embd: number; vocab_size: number; n_layer: number };
    };
    expect(config.decoder).toMatchObject({ n_head: 12, n_embd: 768, vocab_size: 50257, n_layer: 1 });
    const tokenizer = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number> };
    };
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(50257);
    expect(tokenizer.model.vocab['<|endoftext|>']).toBe(50256);

    const model = await visionEncoderDecoder.load(dir, { device: 'cpu', dtype: 'fp32', threads: 1 });
    try {
      const image = new RawImage(new Uint8ClampedArray(224 * 224 * 3).fill(90), 224, 224, 3);
      const result = await model.run(
        { task: 'alt', prompt: 'Ignored.', image, maxNewTokens: 4 },
        () => undefined,
      );
      // The end token never wins: generation runs to the limit, so runs compare.
      expect(result.stoppedAtTokenLimit).toBe(true);
      expect(result.text.split(' ')).toHaveLength(4);
    } finally {
      await model.dispose();
    }
  }, 120_000);

  it('SmolVLM-256M q8: the real session layout, and the idefics3 adapter answers to its token limit', async () => {
    const dir = join(root, 'smolvlm');
    await writeBenchModel('smolvlm-256m', dir, 'q8', { layers: 1 });
    const vision = await sessionLayout(join(dir, sessionFile('vision_encoder', 'q8')));
    expect(vision.inputs).toEqual({
      pixel_values: ['batch_size', 'num_images', 3, 512, 512],
      pixel_attention_mask: ['batch_size', 'num_images', 512, 512],
    });
    expect(vision.outputs).toEqual({ image_features: ['num_tiles', 64, 576] });
    const embed = await sessionLayout(join(dir, sessionFile('embed_tokens', 'q8')));
    expect(embed.outputs).toEqual({ inputs_embeds: ['batch_size', 'sequence_length', 576] });
    const decoder = await sessionLayout(join(dir, sessionFile('decoder_model_merged', 'q8')));
    const cache = ['batch_size', 3, 'past_sequence_length', 64];
    expect(decoder.inputs).toEqual({
      inputs_embeds: ['batch_size', 'sequence_length', 576],
      attention_mask: ['batch_size', 'total_sequence_length'],
      position_ids: ['batch_size', 'sequence_length'],
      'past_key_values.0.key': cache,
      'past_key_values.0.value': cache,
    });
    expect(decoder.outputs.logits).toEqual(['batch_size', 'sequence_length', SMOLVLM_256M.text.vocab]);

    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      image_token_id: number;
      text_config: Record<string, number>;
    };
    expect(config.image_token_id).toBe(49190);
    expect(config.text_config).toMatchObject({
      num_attention_heads: 9,
      num_key_value_heads: 3,
      head_dim: 64,
      hidden_size: 576,
      vocab_size: 49280,
      num_hidden_layers: 1,
    });

    const model = await idefics3.load(dir, { device: 'cpu', dtype: 'q8', threads: 1 });
    try {
      // Small enough for one 512-px tile and the global one: the shapes, not the cost, are checked here.
      const image = new RawImage(new Uint8ClampedArray(512 * 384 * 3).fill(90), 512, 384, 3);
      const prompt = buildPrompt({ task: 'alt' });
      const result = await model.run({ task: 'alt', prompt, image, maxNewTokens: 3 }, () => undefined);
      expect(result.stoppedAtTokenLimit).toBe(true);
    } finally {
      await model.dispose();
    }
  }, 180_000);
});

describe('the cache of full-size models', () => {
  it('writes distilvit q8 at full size once (6 decoder layers in the session), then reuses it; a half-written copy is never used', async () => {
    const cacheRoot = join(root, 'cache');
    // An interrupted earlier run: a folder without its completion marker, under the final name.
    const stale = join(cacheRoot, 'distilvit-q8-v1');
    await mkdir(join(stale, 'onnx'), { recursive: true });
    await writeFile(join(stale, 'onnx', 'encoder_model_quantized.onnx'), 'half a model');

    const first = await ensureBenchModel('distilvit', 'q8', cacheRoot);
    expect(first).toMatchObject({ dir: stale, generated: true });
    const decoderPath = join(first.dir, sessionFile('decoder_model_merged', 'q8'));
    // The real q8 files: encoder_model_quantized ≈ 87 MB, decoder_model_merged_quantized 99.8 MB.
    expect((await stat(join(first.dir, sessionFile('encoder_model', 'q8')))).size / 1e6).toBeCloseTo(87, -1);
    expect((await stat(decoderPath)).size / 1e6).toBeCloseTo(99.8, -1);
    const decoder = await sessionLayout(decoderPath);
    expect(Object.keys(decoder.inputs).filter((name) => name.startsWith('past_key_values.'))).toHaveLength(
      2 * DISTILVIT.decoder.layers,
    );
    expect(await readdir(cacheRoot)).toEqual(['distilvit-q8-v1']);

    const second = await ensureBenchModel('distilvit', 'q8', cacheRoot);
    expect(second).toEqual({ dir: first.dir, generated: false, ms: 0 });
  }, 120_000);
});
