// The distilvit benchmark model: a ViT-base encoder and a DistilGPT-2 decoder with cross-attention, at the real
// widths and layer counts, in the session layout of the real export (encoder_model, decoder_model_merged with
// past_key_values.{i}.key/value and use_cache_branch), loaded by the vision-encoder-decoder adapter.
import { DataType, valueInfo } from '../test-model/onnx-proto.js';
import { TEST_MODEL_KEY } from '../test-model/marker.js';
import { buildBenchVocabulary, endTokenBias, tokenizerJson } from './bench-vocabulary.js';
import { GraphBuilder, type BenchDtype, type BenchGraph } from './graph-builder.js';
import { DISTILVIT, layersOf, type Shrink } from './shapes.js';

const END = '<|endoftext|>';

/** A ViT block, with the weight names of google/vit-base. */
function encoderLayer(b: GraphBuilder, x: string, name: string): string {
  const { hidden, heads, intermediate } = DISTILVIT.encoder;
  return b.encoderBlock(
    x,
    { width: hidden, heads, intermediate },
    {
      norm1: `${name}.layernorm_before`,
      query: `${name}.attention.query`,
      key: `${name}.attention.key`,
      value: `${name}.attention.value`,
      out: `${name}.attention.output`,
      norm2: `${name}.layernorm_after`,
      fc1: `${name}.intermediate`,
      fc2: `${name}.output`,
    },
  );
}

export function distilvitEncoder(dtype: BenchDtype, shrink: Shrink = {}): BenchGraph {
  const { hidden, imageSize, patchSize } = DISTILVIT.encoder;
  const grid = imageSize / patchSize;
  const b = new GraphBuilder(dtype);
  // Patch embedding as the matmul a 16×16 stride-16 convolution is.
  const tiled = b.op('Reshape', ['pixel_values', b.int64([-1, 3, grid, patchSize, grid, patchSize])]);
  const patches = b.op('Reshape', [
    b.op('Transpose', [tiled], { perm: [0, 2, 4, 1, 3, 5] }),
    b.int64([-1, grid * grid, 3 * patchSize * patchSize]),
  ]);
  const embedded = b.linear(patches, 'embeddings.patch_embeddings', 3 * patchSize * patchSize, hidden);
  const batch = b.op('Slice', [b.op('Shape', [embedded]), b.int64([0]), b.int64([1])]);
  const clsShape = b.op('Concat', [batch, b.int64([1, hidden])], { axis: 0 });
  const cls = b.op('Expand', [b.param('embeddings.cls_token', [1, 1, hidden], 0.02), clsShape]);
  let x = b.op('Add', [
    b.op('Concat', [cls, embedded], { axis: 1 }),
    b.param('embeddings.position_embeddings', [1, grid * grid + 1, hidden], 0.02),
  ]);
  for (let i = 0; i < layersOf(DISTILVIT.encoder.layers, shrink); i++)
    x = encoderLayer(b, x, `encoder.layer.${i}`);
  b.named('Identity', [b.layerNorm(x, 'layernorm', hidden)], ['last_hidden_state']);
  return {
    builder: b,
    graph: () =>
      b.toGraph(
        'bench_vit_base',
        [valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 3, imageSize, imageSize])],
        [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', grid * grid + 1, hidden])],
      ),
  };
}

export function distilvitDecoder(dtype: BenchDtype, shrink: Shrink = {}): BenchGraph {
  const { hidden, heads, intermediate, vocab, positions } = DISTILVIT.decoder;
  const headDim = hidden / heads;
  const shape = { heads, kvHeads: heads, headDim };
  const layers = layersOf(DISTILVIT.decoder.layers, shrink);
  const b = new GraphBuilder(dtype);
  // Positions continue after the cache: past length … past length + this step's tokens.
  const pastLength = b.op('Gather', [b.op('Shape', ['past_key_values.0.key']), b.int64([2], true)], {
    axis: 0,
  });
  const stepLength = b.op('Gather', [b.op('Shape', ['input_ids']), b.int64([1], true)], { axis: 0 });
  const positionIds = b.op('Range', [pastLength, b.op('Add', [pastLength, stepLength]), b.int64([1], true)]);
  const tokens = b.embedding('input_ids', 'transformer.wte', vocab, hidden);
  let x = b.op('Add', [
    tokens,
    b.op('Gather', [b.param('transformer.wpe', [positions, hidden], 0.02), positionIds]),
  ]);
  const input = [
    valueInfo('input_ids', DataType.INT64, ['batch_size', 'decoder_sequence_length']),
    valueInfo('encoder_hidden_states', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', hidden]),
  ];
  const output = [valueInfo('logits', DataType.FLOAT, ['batch_size', 'decoder_sequence_length', vocab])];
  const cacheDims = (length: string) => ['batch_size', heads, length, headDim];
  for (let i = 0; i < layers; i++) {
    const name = `transformer.h.${i}`;
    const normed = b.layerNorm(x, `${name}.ln_1`, hidden);
    const [q, k, v] = ['q', 'k', 'v'].map((part) =>
      b.splitHeads(b.linear(normed, `${name}.attn.${part}_proj`, hidden, hidden), heads, headDim),
    ) as [string, string, string];
    const keys = b.named('Concat', [`past_key_values.${i}.key`, k], [`present.${i}.key`], { axis: 2 });
    const values = b.named('Concat', [`past_key_values.${i}.value`, v], [`present.${i}.value`], { axis: 2 });
    const context = b.mergeHeads(b.attention(q, keys, values, shape), hidden);
    x = b.op('Add', [x, b.linear(context, `${name}.attn.c_proj`, hidden, hidden)]);
    // Cross-attention over the image: keys and values come from encoder_hidden_states at every step, as in
    // the real export (its cache holds self-attention only).
    const crossNormed = b.layerNorm(x, `${name}.ln_cross_attn`, hidden);
    const crossQ = b.splitHeads(
      b.linear(crossNormed, `${name}.crossattention.q_attn`, hidden, hidden),
      heads,
      headDim,
    );
    const [crossK, crossV] = ['k', 'v'].map((part) =>
      b.splitHeads(
        b.linear('encoder_hidden_states', `${name}.crossattention.${part}_attn`, hidden, hidden),
        heads,
        headDim,
      ),
    ) as [string, string];
    const crossContext = b.mergeHeads(b.attention(crossQ, crossK, crossV, shape), hidden);
    x = b.op('Add', [x, b.linear(crossContext, `${name}.crossattention.c_proj`, hidden, hidden)]);
    const up = b.gelu(
      b.linear(b.layerNorm(x, `${name}.ln_2`, hidden), `${name}.mlp.c_fc`, hidden, intermediate),
    );
    x = b.op('Add', [x, b.linear(up, `${name}.mlp.c_proj`, intermediate, hidden)]);
    input.push(
      valueInfo(`past_key_values.${i}.key`, DataType.FLOAT, cacheDims('past_sequence_length')),
      valueInfo(`past_key_values.${i}.value`, DataType.FLOAT, cacheDims('past_sequence_length')),
    );
    output.push(
      valueInfo(`present.${i}.key`, DataType.FLOAT, cacheDims('total_sequence_length')),
      valueInfo(`present.${i}.value`, DataType.FLOAT, cacheDims('total_sequence_length')),
    );
  }
  const final = b.layerNorm(x, 'transformer.ln_f', hidden);
  // The output head is the token embedding, transposed (tied weights: one table in the file).
  let logits: string;
  if (dtype === 'fp32') {
    logits = b.op('MatMul', [final, b.op('Transpose', ['transformer.wte'], { perm: [1, 0] })]);
  } else {
    const table = b.quantizedTable('transformer.wte', vocab, hidden);
    logits = b.integerMatMul(final, b.op('Transpose', [table], { perm: [1, 0] }), 0.5 / 127);
  }
  const bias = b.floatValues('end_token_bias', [vocab], endTokenBias(vocab, [DISTILVIT.endTokenId]));
  b.named('Add', [logits, bias], ['logits']);
  // Declared like optimum's merged decoders; with an empty cache the same graph serves the first step.
  input.push(valueInfo('use_cache_branch', DataType.BOOL, [1]));
  return { builder: b, graph: () => b.toGraph('bench_distilgpt2_merged', input, output) };
}

export function distilvitFiles(shrink: Shrink = {}): Record<string, unknown> {
  const { encoder, decoder, endTokenId } = DISTILVIT;
  const ids = {
    decoder_start_token_id: endTokenId,
    bos_token_id: endTokenId,
    eos_token_id: endTokenId,
    pad_token_id: endTokenId,
  };
  const vocabulary = buildBenchVocabulary(decoder.vocab, [], new Map([[END, endTokenId]]));
  return {
    'config.json': {
      architectures: ['VisionEncoderDecoderModel'],
      model_type: 'vision-encoder-decoder',
      is_encoder_decoder: true,
      tie_word_embeddings: false,
      // Random weights: the app names it "(test model)", its captions say nothing about the photo.
      [TEST_MODEL_KEY]: true,
      ...ids,
      encoder: {
        model_type: 'vit',
        hidden_size: encoder.hidden,
        image_size: encoder.imageSize,
        patch_size: encoder.patchSize,
        num_channels: 3,
        num_hidden_layers: layersOf(encoder.layers, shrink),
        num_attention_heads: encoder.heads,
        intermediate_size: encoder.intermediate,
      },
      decoder: {
        model_type: 'gpt2',
        n_layer: layersOf(decoder.layers, shrink),
        n_head: decoder.heads,
        n_embd: decoder.hidden,
        n_inner: decoder.intermediate,
        n_positions: decoder.positions,
        vocab_size: decoder.vocab,
        add_cross_attention: true,
        is_decoder: true,
        ...ids,
      },
    },
    'generation_config.json': { ...ids, max_length: 50, num_beams: 1, do_sample: false },
    'preprocessor_config.json': {
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: encoder.imageSize, width: encoder.imageSize },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    },
    'tokenizer_config.json': {
      tokenizer_class: 'GPT2Tokenizer',
      bos_token: END,
      eos_token: END,
      unk_token: END,
      pad_token: END,
      add_prefix_space: false,
      clean_up_tokenization_spaces: true,
      model_max_length: decoder.positions,
    },
    'tokenizer.json': tokenizerJson(vocabulary),
  };
}
