// The tiny test captioner (DESIGN §3): a real, hand-weighted ViT + GPT-2 style vision-encoder-decoder in the
// folder layout transformers.js 4.3.1 loads. Greedy decoding says "a red photo", "a green photo" or
// "a blue photo" by the image's dominant colour channel.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_MODEL_KEY } from './marker.js';
import type { Graph, Node, Tensor } from './onnx-proto.js';
import {
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  int8Tensor,
  node,
  valueInfo,
} from './onnx-proto.js';

const END = '<|endoftext|>';
const COLOURS = ['red', 'green', 'blue'] as const;
const WORDS = ['a', ...COLOURS.map((c) => `Ġ${c}`), 'Ġphoto'];

export const TINY_CAPTIONER = { nLayer: 2, nHead: 2, headDim: 4, hidden: 3, imageSize: 224 } as const;
export const TINY_CAPTIONS = COLOURS.map((c) => `a ${c} photo`);
const N_EMBD = TINY_CAPTIONER.nHead * TINY_CAPTIONER.headDim;
const BOOST = 10;

interface Vocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

// Byte-level BPE over just the characters and merges needed to spell WORDS, so encoding is real too.
function buildVocabulary(): Vocabulary {
  const vocab = new Map<string, number>([[END, 0]]);
  const add = (token: string): void => {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  };
  for (const word of WORDS) for (const ch of word) add(ch);
  const merges: [string, string][] = [];
  for (const word of WORDS) {
    for (let end = 2; end <= word.length; end++) {
      const merged = word.slice(0, end);
      if (vocab.has(merged)) continue;
      merges.push([word.slice(0, end - 1), word.slice(end - 1, end)]);
      add(merged);
    }
  }
  return { vocab, merges };
}

function idOf(vocab: Map<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`No token ${token}`);
  return id;
}

interface Weights {
  transitions: Float32Array; // [V, V]: next-token logits by current token
  colourGate: Float32Array; // [V, 1]: 1 where the next word is the colour
  colourWords: Float32Array; // [hidden, V]: channel mean -> its colour word
  embedding: Float32Array; // [V, N_EMBD]: what each token writes into the cache
}

function buildWeights(vocab: Map<string, number>): Weights {
  const v = vocab.size;
  const [a, photo] = [idOf(vocab, 'a'), idOf(vocab, 'Ġphoto')];
  const colourIds = COLOURS.map((c) => idOf(vocab, `Ġ${c}`));
  const transitions = new Float32Array(v * v);
  const follow = (from: number, ...to: number[]): void => {
    transitions.fill(0, from * v, (from + 1) * v);
    for (const id of to) transitions[from * v + id] = BOOST;
  };
  for (let id = 0; id < v; id++) follow(id, 0); // anything unexpected ends the caption
  follow(0, a);
  // The bias alone beats every other token; the channel means (in [-1, 1]) only pick among colours.
  follow(a, ...colourIds);
  for (const id of colourIds) follow(id, photo);
  const colourGate = new Float32Array(v);
  colourGate[a] = 1;
  const colourWords = new Float32Array(TINY_CAPTIONER.hidden * v);
  colourIds.forEach((id, channel) => (colourWords[channel * v + id] = 1));
  const embedding = Float32Array.from(
    { length: v * N_EMBD },
    (_, i) => Math.floor(i / N_EMBD) + (i % N_EMBD) / 8,
  );
  return { transitions, colourGate, colourWords, embedding };
}

function encoderGraph(): Graph {
  const { imageSize, hidden } = TINY_CAPTIONER;
  // The hidden state is just the three channel means, hence hidden = 3.
  return {
    name: 'tiny_vit',
    node: [
      node('ReduceMean', ['pixel_values'], ['channel_means'], { axes: [2, 3], keepdims: 0 }),
      node('Unsqueeze', ['channel_means', 'axis_1'], ['last_hidden_state']),
    ],
    initializer: [int64Tensor('axis_1', [1], [1])],
    input: [valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 3, imageSize, imageSize])],
    output: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 1, hidden])],
  };
}

// q8 stores weights as int8 and dequantizes them in the graph, as dynamic weight quantization does.
function weight(name: string, dims: number[], values: Float32Array, quantized: boolean): [Tensor[], Node[]] {
  if (!quantized) return [[floatTensor(name, dims, values)], []];
  const scale = Math.max(...values.map(Math.abs), 1e-6) / 127;
  const q = values.map((x) => Math.round(x / scale));
  return [
    [
      int8Tensor(`${name}_q`, dims, q),
      floatTensor(`${name}_scale`, [], [scale]),
      int8Tensor(`${name}_zero`, [], [0]),
    ],
    [node('DequantizeLinear', [`${name}_q`, `${name}_scale`, `${name}_zero`], [name])],
  ];
}

function decoderGraph(weights: Weights, vocabSize: number, quantized: boolean): Graph {
  const { nLayer, nHead, headDim, hidden } = TINY_CAPTIONER;
  const parts = [
    weight('transitions', [vocabSize, vocabSize], weights.transitions, quantized),
    weight('colour_gate', [vocabSize, 1], weights.colourGate, quantized),
    weight('colour_words', [hidden, vocabSize], weights.colourWords, quantized),
    weight('embedding', [vocabSize, N_EMBD], weights.embedding, quantized),
  ];
  const initializer = [
    ...parts.flatMap(([t]) => t),
    int64Tensor('heads_shape', [4], [0, -1, nHead, headDim]),
  ];
  const nodes = [
    ...parts.flatMap(([, n]) => n),
    node('Gather', ['transitions', 'input_ids'], ['next_scores'], { axis: 0 }),
    node('Gather', ['colour_gate', 'input_ids'], ['gate'], { axis: 0 }),
    node('ReduceMean', ['encoder_hidden_states'], ['image_means'], { axes: [1], keepdims: 1 }),
    node('MatMul', ['image_means', 'colour_words'], ['colour_scores']),
    node('Mul', ['gate', 'colour_scores'], ['gated_colour']),
    node('Add', ['next_scores', 'gated_colour'], ['logits']),
    node('Gather', ['embedding', 'input_ids'], ['token_states'], { axis: 0 }),
    node('Reshape', ['token_states', 'heads_shape'], ['token_heads']),
    node('Transpose', ['token_heads'], ['new_kv'], { perm: [0, 2, 1, 3] }),
  ];
  const cacheDims = (len: string): (string | number)[] => ['batch_size', nHead, len, headDim];
  const input = [
    valueInfo('input_ids', DataType.INT64, ['batch_size', 'decoder_sequence_length']),
    valueInfo('encoder_hidden_states', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', hidden]),
  ];
  const output = [valueInfo('logits', DataType.FLOAT, ['batch_size', 'decoder_sequence_length', vocabSize])];
  for (let i = 0; i < nLayer; i++) {
    for (const [k, kind] of ['key', 'value'].entries()) {
      // Each layer and kind gets its own offset so that mixed-up caches show in the values.
      const offset = `offset_${i}_${kind}`;
      initializer.push(floatTensor(offset, [], [100 * i + 50 * k]));
      nodes.push(
        node('Add', ['new_kv', offset], [`new_${i}_${kind}`]),
        node('Concat', [`past_key_values.${i}.${kind}`, `new_${i}_${kind}`], [`present.${i}.${kind}`], {
          axis: 2,
        }),
      );
      input.push(
        valueInfo(`past_key_values.${i}.${kind}`, DataType.FLOAT, cacheDims('past_sequence_length')),
      );
      output.push(valueInfo(`present.${i}.${kind}`, DataType.FLOAT, cacheDims('total_sequence_length')));
    }
  }
  // Declared like optimum's merged decoders so the engine feeds it; this model needs no branch.
  input.push(valueInfo('use_cache_branch', DataType.BOOL, [1]));
  return { name: 'tiny_gpt2_merged', node: nodes, initializer, input, output };
}

function jsonFiles(vocabulary: Vocabulary): Record<string, unknown> {
  const { nLayer, nHead, hidden, imageSize } = TINY_CAPTIONER;
  const vocabSize = vocabulary.vocab.size;
  const ids = { decoder_start_token_id: 0, bos_token_id: 0, eos_token_id: 0, pad_token_id: 0 };
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    'config.json': {
      architectures: ['VisionEncoderDecoderModel'],
      model_type: 'vision-encoder-decoder',
      is_encoder_decoder: true,
      tie_word_embeddings: false,
      // Named "(test model)" by the app: its captions are no description of the photo.
      [TEST_MODEL_KEY]: true,
      ...ids,
      encoder: {
        model_type: 'vit',
        hidden_size: hidden,
        image_size: imageSize,
        patch_size: 16,
        num_channels: 3,
        num_hidden_layers: 1,
        num_attention_heads: 1,
      },
      decoder: {
        model_type: 'gpt2',
        n_layer: nLayer,
        n_head: nHead,
        n_embd: N_EMBD,
        n_positions: 64,
        vocab_size: vocabSize,
        add_cross_attention: true,
        is_decoder: true,
        ...ids,
      },
    },
    'generation_config.json': { ...ids, max_length: 20, num_beams: 1, do_sample: false },
    'preprocessor_config.json': {
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: imageSize, width: imageSize },
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
      model_max_length: 64,
    },
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [
        {
          id: 0,
          content: END,
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: true,
          special: true,
        },
      ],
      normalizer: null,
      pre_tokenizer: byteLevel,
      post_processor: { ...byteLevel, trim_offsets: false },
      decoder: byteLevel,
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: '',
        end_of_word_suffix: '',
        fuse_unk: false,
        byte_fallback: false,
        vocab: Object.fromEntries(vocabulary.vocab),
        merges: vocabulary.merges.map((pair) => pair.join(' ')),
      },
    },
  };
}

/** Writes the complete model folder (config, processor, tokenizer, fp32 and q8 ONNX files) into `dir`. */
export async function writeTinyCaptioner(dir: string): Promise<void> {
  const vocabulary = buildVocabulary();
  const weights = buildWeights(vocabulary.vocab);
  const encoder = encodeModel(encoderGraph());
  const files: Record<string, Uint8Array | string> = {
    'onnx/encoder_model.onnx': encoder,
    'onnx/encoder_model_quantized.onnx': encoder, // no weights to quantize
    'onnx/decoder_model_merged.onnx': encodeModel(decoderGraph(weights, vocabulary.vocab.size, false)),
    'onnx/decoder_model_merged_quantized.onnx': encodeModel(
      decoderGraph(weights, vocabulary.vocab.size, true),
    ),
  };
  for (const [name, json] of Object.entries(jsonFiles(vocabulary)))
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, data]) => writeFile(join(dir, name), data)));
}
