// The SmolVLM-256M benchmark model: a SigLIP-base vision encoder with pixel shuffle and connector, the token
// embedding, and a SmolLM2-135M merged decoder with grouped-query attention and a key/value cache, at the real
// widths and layer counts, in the session layout transformers.js's idefics3 model loads (MODELS.md).
import { SMOLVLM_CHAT_TEMPLATE } from '../test-model/tiny-idefics3.js';
import { DataType, valueInfo } from '../test-model/onnx-proto.js';
import { TEST_MODEL_KEY } from '../test-model/marker.js';
import { buildBenchVocabulary, endTokenBias, tokenizerJson } from './bench-vocabulary.js';
import { GraphBuilder, type BenchDtype, type BenchGraph } from './graph-builder.js';
import { layersOf, SMOLVLM_256M, type Shrink } from './shapes.js';

const { vision, text, ids } = SMOLVLM_256M;
const END_IDS = [2, ids.endOfUtterance]; // <|im_end|>, <end_of_utterance>

/** A SigLIP block, with the weight names of SigLIP's checkpoint. */
function visionLayer(b: GraphBuilder, x: string, name: string): string {
  const { hidden, heads, intermediate } = vision;
  return b.encoderBlock(
    x,
    { width: hidden, heads, intermediate },
    {
      norm1: `${name}.layer_norm1`,
      query: `${name}.self_attn.q_proj`,
      key: `${name}.self_attn.k_proj`,
      value: `${name}.self_attn.v_proj`,
      out: `${name}.self_attn.out_proj`,
      norm2: `${name}.layer_norm2`,
      fc1: `${name}.mlp.fc1`,
      fc2: `${name}.mlp.fc2`,
    },
  );
}

/** `pixel_values` [b, tiles, 3, 512, 512] → `image_features` [tiles, 64, 576]. */
export function smolvlmVisionEncoder(dtype: BenchDtype, shrink: Shrink = {}): BenchGraph {
  const { hidden, imageSize, patchSize, scaleFactor } = vision;
  const grid = imageSize / patchSize;
  const b = new GraphBuilder(dtype);
  const tiled = b.op('Reshape', ['pixel_values', b.int64([-1, 3, grid, patchSize, grid, patchSize])]);
  const patches = b.op('Reshape', [
    b.op('Transpose', [tiled], { perm: [0, 2, 4, 1, 3, 5] }),
    b.int64([-1, grid * grid, 3 * patchSize * patchSize]),
  ]);
  const embedded = b.linear(patches, 'embeddings.patch_embedding', 3 * patchSize * patchSize, hidden);
  let x = b.op('Add', [embedded, b.param('embeddings.position_embedding', [grid * grid, hidden], 0.02)]);
  for (let i = 0; i < layersOf(vision.layers, shrink); i++) x = visionLayer(b, x, `encoder.layers.${i}`);
  x = b.layerNorm(x, 'post_layernorm', hidden);
  // Pixel shuffle: each 4×4 block of patches becomes one token of 16× the width.
  const rows = b.op('Reshape', [x, b.int64([-1, grid, grid / scaleFactor, hidden * scaleFactor])]);
  const swapped = b.op('Transpose', [rows], { perm: [0, 2, 1, 3] });
  const width = hidden * scaleFactor * scaleFactor;
  const shuffled = b.op('Reshape', [swapped, b.int64([-1, SMOLVLM_256M.imageSeqLen, width])]);
  b.named(
    'Identity',
    [b.linear(shuffled, 'connector.modality_projection.proj', width, text.hidden, false)],
    ['image_features'],
  );
  return {
    builder: b,
    graph: () =>
      b.toGraph(
        'bench_siglip_base_512',
        [
          valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 'num_images', 3, imageSize, imageSize]),
          valueInfo('pixel_attention_mask', DataType.BOOL, [
            'batch_size',
            'num_images',
            imageSize,
            imageSize,
          ]),
        ],
        [valueInfo('image_features', DataType.FLOAT, ['num_tiles', SMOLVLM_256M.imageSeqLen, text.hidden])],
      ),
  };
}

export function smolvlmEmbedTokens(dtype: BenchDtype): BenchGraph {
  const b = new GraphBuilder(dtype);
  b.named('Identity', [b.embedding('input_ids', 'embed_tokens', text.vocab, text.hidden)], ['inputs_embeds']);
  return {
    builder: b,
    graph: () =>
      b.toGraph(
        'bench_smollm2_embed_tokens',
        [valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length'])],
        [valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', text.hidden])],
      ),
  };
}

/** cos and sin of the rotary angles, [positions, headDim] each (rotate-half layout). */
function rotaryTables(): { cos: Float32Array; sin: Float32Array } {
  const { positions, headDim, ropeTheta } = text;
  const cos = new Float32Array(positions * headDim);
  const sin = new Float32Array(positions * headDim);
  for (let p = 0; p < positions; p++) {
    for (let i = 0; i < headDim; i++) {
      const angle = p / ropeTheta ** ((2 * (i % (headDim / 2))) / headDim);
      cos[p * headDim + i] = Math.cos(angle);
      sin[p * headDim + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

export function smolvlmDecoder(dtype: BenchDtype, shrink: Shrink = {}): BenchGraph {
  const { hidden, heads, kvHeads, headDim, intermediate, vocab, positions } = text;
  const b = new GraphBuilder(dtype);
  const tables = rotaryTables();
  const axis1 = b.int64([1]);
  const cos = b.op('Unsqueeze', [
    b.op('Gather', [b.floatValues('rotary_cos', [positions, headDim], tables.cos), 'position_ids']),
    axis1,
  ]);
  const sin = b.op('Unsqueeze', [
    b.op('Gather', [b.floatValues('rotary_sin', [positions, headDim], tables.sin), 'position_ids']),
    axis1,
  ]);
  const half = headDim / 2;
  const rotate = (x: string): string => {
    const first = b.op('Slice', [x, b.int64([0]), b.int64([half]), b.int64([-1])]);
    const second = b.op('Slice', [x, b.int64([half]), b.int64([headDim]), b.int64([-1])]);
    const rotated = b.op('Concat', [b.op('Neg', [second]), first], { axis: -1 });
    return b.op('Add', [b.op('Mul', [x, cos]), b.op('Mul', [rotated, sin])]);
  };
  // attention_mask [b, total] → an additive mask [b, 1, 1, total].
  const maskFloat = b.op('Cast', ['attention_mask'], { to: DataType.FLOAT });
  const blocked = b.op('Mul', [b.op('Sub', [b.float(1), maskFloat]), b.float(-1e4)]);
  const mask = b.op('Reshape', [blocked, b.int64([0, 1, 1, -1])]);
  const input = [
    valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', hidden]),
    valueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']),
    valueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  const output = [valueInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', vocab])];
  const cacheDims = (length: string) => ['batch_size', kvHeads, length, headDim];
  let x = 'inputs_embeds';
  for (let i = 0; i < layersOf(text.layers, shrink); i++) {
    const name = `model.layers.${i}`;
    const normed = b.rmsNorm(x, `${name}.input_layernorm`, hidden);
    const q = rotate(
      b.splitHeads(
        b.linear(normed, `${name}.self_attn.q_proj`, hidden, heads * headDim, false),
        heads,
        headDim,
      ),
    );
    const k = rotate(
      b.splitHeads(
        b.linear(normed, `${name}.self_attn.k_proj`, hidden, kvHeads * headDim, false),
        kvHeads,
        headDim,
      ),
    );
    const v = b.splitHeads(
      b.linear(normed, `${name}.self_attn.v_proj`, hidden, kvHeads * headDim, false),
      kvHeads,
      headDim,
    );
    const keys = b.named('Concat', [`past_key_values.${i}.key`, k], [`present.${i}.key`], { axis: 2 });
    const values = b.named('Concat', [`past_key_values.${i}.value`, v], [`present.${i}.value`], { axis: 2 });
    const context = b.mergeHeads(
      b.attention(q, keys, values, { heads, kvHeads, headDim }, mask),
      heads * headDim,
    );
    x = b.op('Add', [x, b.linear(context, `${name}.self_attn.o_proj`, heads * headDim, hidden, false)]);
    const normed2 = b.rmsNorm(x, `${name}.post_attention_layernorm`, hidden);
    const gate = b.silu(b.linear(normed2, `${name}.mlp.gate_proj`, hidden, intermediate, false));
    const up = b.linear(normed2, `${name}.mlp.up_proj`, hidden, intermediate, false);
    x = b.op('Add', [
      x,
      b.linear(b.op('Mul', [gate, up]), `${name}.mlp.down_proj`, intermediate, hidden, false),
    ]);
    input.push(
      valueInfo(`past_key_values.${i}.key`, DataType.FLOAT, cacheDims('past_sequence_length')),
      valueInfo(`past_key_values.${i}.value`, DataType.FLOAT, cacheDims('past_sequence_length')),
    );
    output.push(
      valueInfo(`present.${i}.key`, DataType.FLOAT, cacheDims('total_sequence_length')),
      valueInfo(`present.${i}.value`, DataType.FLOAT, cacheDims('total_sequence_length')),
    );
  }
  const logits = b.linear(b.rmsNorm(x, 'model.norm', hidden), 'lm_head', hidden, vocab, false);
  b.named(
    'Add',
    [logits, b.floatValues('end_token_bias', [vocab], endTokenBias(vocab, END_IDS))],
    ['logits'],
  );
  return { builder: b, graph: () => b.toGraph('bench_smollm2_135m_merged', input, output) };
}

export function smolvlmFiles(shrink: Shrink = {}): Record<string, unknown> {
  const special = new Map<string, number>([
    ['<global-img>', ids.globalImage],
    ...Array.from({ length: 36 }, (_, i): [string, number] => [
      `<row_${Math.floor(i / 6) + 1}_col_${(i % 6) + 1}>`,
      ids.firstTile + i,
    ]),
    ['<fake_token_around_image>', ids.fakeImage],
    ['<image>', ids.image],
    ['<end_of_utterance>', ids.endOfUtterance],
  ]);
  const vocabulary = buildBenchVocabulary(
    text.vocab,
    ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    special,
  );
  const tokenIds = { bos_token_id: 1, eos_token_id: END_IDS, pad_token_id: 2 };
  return {
    'config.json': {
      architectures: ['Idefics3ForConditionalGeneration'],
      model_type: 'idefics3',
      [TEST_MODEL_KEY]: true,
      image_token_id: ids.image,
      scale_factor: vision.scaleFactor,
      tie_word_embeddings: false,
      ...tokenIds,
      text_config: {
        model_type: 'llama',
        num_hidden_layers: layersOf(text.layers, shrink),
        num_attention_heads: text.heads,
        num_key_value_heads: text.kvHeads,
        hidden_size: text.hidden,
        head_dim: text.headDim,
        intermediate_size: text.intermediate,
        vocab_size: text.vocab,
        max_position_embeddings: text.positions,
        rope_theta: text.ropeTheta,
        ...tokenIds,
      },
      vision_config: {
        model_type: 'idefics3_vision',
        image_size: vision.imageSize,
        patch_size: vision.patchSize,
        num_channels: 3,
        hidden_size: vision.hidden,
        intermediate_size: vision.intermediate,
        num_hidden_layers: layersOf(vision.layers, shrink),
        num_attention_heads: vision.heads,
      },
    },
    'generation_config.json': { ...tokenIds, do_sample: false, num_beams: 1 },
    // The real SmolVLM-256M-Instruct processor settings: longest edge 2048, 512-px tiles.
    'preprocessor_config.json': {
      image_processor_type: 'Idefics3ImageProcessor',
      processor_class: 'Idefics3Processor',
      do_convert_rgb: true,
      do_resize: true,
      size: { longest_edge: SMOLVLM_256M.longestEdge },
      resample: 1,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_pad: true,
      do_image_splitting: true,
      max_image_size: { longest_edge: SMOLVLM_256M.tileSize },
    },
    'processor_config.json': {
      image_seq_len: SMOLVLM_256M.imageSeqLen,
      processor_class: 'Idefics3Processor',
    },
    'tokenizer_config.json': {
      tokenizer_class: 'GPT2Tokenizer',
      bos_token: '<|im_start|>',
      eos_token: '<end_of_utterance>',
      pad_token: '<|im_end|>',
      unk_token: '<|endoftext|>',
      additional_special_tokens: ['<fake_token_around_image>', '<image>', '<end_of_utterance>'],
      add_prefix_space: false,
      clean_up_tokenization_spaces: false,
      model_max_length: text.positions,
      chat_template: SMOLVLM_CHAT_TEMPLATE,
      processor_class: 'Idefics3Processor',
    },
    'tokenizer.json': tokenizerJson(vocabulary),
  };
}
