// The tiny idefics3 (SmolVLM) test model (DESIGN §3, MODELS.md): a real, hand-weighted vision encoder, token
// embedding and merged decoder with a key/value cache, in the folder layout transformers.js 4.3.1 loads with
// Idefics3Processor (the real SmolVLM chat template) and Idefics3ForConditionalGeneration. Whatever it is
// asked, greedy decoding answers " a red photo", " a green photo" or " a blue photo" by the image's dominant
// colour channel, and the colour is read from the cache: image features reach the decoder only at prefill.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byteSymbols, spellWords } from './byte-level-bpe.js';
import { TEST_MODEL_KEY } from './marker.js';
import type { Graph, Node } from './onnx-proto.js';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-proto.js';

const COLOURS = ['red', 'green', 'blue'] as const;
/** The answer's words, as byte-level BPE tokens (Ġ is the space). */
const ANSWER = ['Ġa', ...COLOURS.map((c) => `Ġ${c}`), 'Ġphoto'];
/** The generation prompt of the chat template ends with "Assistant:": its last token starts the answer. */
const START = ':';
/** The tokens whose embedding carries a state the decoder's next-token table reads. */
const STATES = [START, ...ANSWER];

const SPECIAL = {
  endOfText: '<|endoftext|>',
  imStart: '<|im_start|>',
  imEnd: '<|im_end|>',
  fakeImage: '<fake_token_around_image>',
  image: '<image>',
  globalImage: '<global-img>',
  endOfUtterance: '<end_of_utterance>',
} as const;
/** Split images are laid out with one <row_r_col_c> token per tile, as in SmolVLM's tokenizer. */
const TILE_TOKENS = Array.from({ length: 36 }, (_, i) => `<row_${Math.floor(i / 6) + 1}_col_${(i % 6) + 1}>`);

/** SmolVLM's chat template (tokenizer_config.json of HuggingFaceTB/SmolVLM-256M-Instruct). */
export const SMOLVLM_CHAT_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

export const TINY_IDEFICS3 = {
  layers: 2,
  kvHeads: 1,
  /** Three colour dimensions, then one per state token. */
  hidden: COLOURS.length + STATES.length,
  /** Each image tile's side, and the longest side an image is resized to before it is split into tiles. */
  tileSize: 16,
  longestEdge: 32,
  imageSeqLen: 2,
} as const;
export const TINY_IDEFICS3_ANSWERS = COLOURS.map((c) => ` a ${c} photo`);
const BOOST = 10;

interface Vocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
  special: Map<string, number>;
}

// Every byte has a symbol, so any prompt encodes; merges spell the answer words (byte-level-bpe.ts).
function buildVocabulary(): Vocabulary {
  const vocab = new Map<string, number>();
  const add = (token: string): void => {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  };
  for (const token of [SPECIAL.endOfText, SPECIAL.imStart, SPECIAL.imEnd]) add(token);
  for (const symbol of byteSymbols()) add(symbol);
  const merges = spellWords(ANSWER, vocab);
  const special = new Map<string, number>();
  for (const token of [SPECIAL.fakeImage, SPECIAL.image, SPECIAL.globalImage, SPECIAL.endOfUtterance]) {
    add(token);
    special.set(token, idOf(vocab, token));
  }
  for (const token of TILE_TOKENS) add(token);
  for (const token of [SPECIAL.endOfText, SPECIAL.imStart, SPECIAL.imEnd, ...TILE_TOKENS])
    special.set(token, idOf(vocab, token));
  return { vocab, merges, special };
}

function idOf(vocab: Map<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`No token ${token}`);
  return id;
}

interface Weights {
  embedding: Float32Array; // [V, H]: a state token sets its state dimension; every other token is all zeros
  transitions: Float32Array; // [H, V]: next-token scores by state
  bias: Float32Array; // [V]: anything without a state ends the answer
  colourGate: Float32Array; // [H, 1]: 1 where the next word is the colour
  colourWords: Float32Array; // [H, V]: summed colour dimensions of the cache -> the colour words
  pixelToHidden: Float32Array; // [3, H]: channel means into the colour dimensions
}

function buildWeights(vocab: Map<string, number>): Weights {
  const { hidden } = TINY_IDEFICS3;
  const v = vocab.size;
  const stateDim = (token: string) => COLOURS.length + STATES.indexOf(token);
  const embedding = new Float32Array(v * hidden);
  for (const token of STATES) embedding[idOf(vocab, token) * hidden + stateDim(token)] = 1;
  const transitions = new Float32Array(hidden * v);
  const follow = (from: string, ...to: string[]) => {
    for (const token of to) transitions[stateDim(from) * v + idOf(vocab, token)] = BOOST;
  };
  follow(START, 'Ġa');
  follow('Ġa', ...COLOURS.map((c) => `Ġ${c}`));
  for (const c of COLOURS) follow(`Ġ${c}`, 'Ġphoto');
  follow('Ġphoto', SPECIAL.endOfUtterance);
  const bias = new Float32Array(v);
  bias[idOf(vocab, SPECIAL.endOfUtterance)] = 1;
  const colourGate = new Float32Array(hidden);
  colourGate[stateDim('Ġa')] = 1;
  const colourWords = new Float32Array(hidden * v);
  COLOURS.forEach((c, channel) => (colourWords[channel * v + idOf(vocab, `Ġ${c}`)] = 1));
  const pixelToHidden = new Float32Array(3 * hidden);
  for (let channel = 0; channel < 3; channel++) pixelToHidden[channel * hidden + channel] = 1;
  return { embedding, transitions, bias, colourGate, colourWords, pixelToHidden };
}

/** `pixel_values` [batch, tiles, 3, S, S] → `image_features` [batch·tiles, image_seq_len, hidden]. */
function visionEncoderGraph(weights: Weights): Graph {
  const { tileSize, hidden, imageSeqLen } = TINY_IDEFICS3;
  return {
    name: 'tiny_idefics3_vision',
    node: [
      node('ReduceMean', ['pixel_values'], ['tile_means'], { axes: [3, 4], keepdims: 0 }),
      node('Reshape', ['tile_means', 'tile_shape'], ['tiles']),
      node('MatMul', ['tiles', 'pixel_to_hidden'], ['tile_features']),
      node('Tile', ['tile_features', 'repeats'], ['image_features']),
    ],
    initializer: [
      int64Tensor('tile_shape', [3], [-1, 1, 3]),
      floatTensor('pixel_to_hidden', [3, hidden], weights.pixelToHidden),
      int64Tensor('repeats', [3], [1, imageSeqLen, 1]),
    ],
    input: [
      valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 'num_images', 3, tileSize, tileSize]),
      // Declared as SmolVLM's encoder declares it (every tile of one image is real here).
      valueInfo('pixel_attention_mask', DataType.BOOL, ['batch_size', 'num_images', tileSize, tileSize]),
    ],
    output: [valueInfo('image_features', DataType.FLOAT, ['num_tiles', imageSeqLen, hidden])],
  };
}

function embedTokensGraph(weights: Weights, vocabSize: number): Graph {
  const { hidden } = TINY_IDEFICS3;
  return {
    name: 'tiny_idefics3_embed_tokens',
    node: [node('Gather', ['embedding', 'input_ids'], ['inputs_embeds'], { axis: 0 })],
    initializer: [floatTensor('embedding', [vocabSize, hidden], weights.embedding)],
    input: [valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length'])],
    output: [valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', hidden])],
  };
}

/**
 * Each step writes its embeddings into every layer's cache (with a per-layer, per-kind offset, so mixed-up
 * caches show), then sums the colour dimensions of layer 0's keys over the whole cache, masked by
 * `attention_mask`: the colour word comes from what the cache holds, not from this step's input.
 */
function decoderGraph(weights: Weights, vocabSize: number): Graph {
  const { layers, kvHeads, hidden } = TINY_IDEFICS3;
  const initializer = [
    floatTensor('transitions', [hidden, vocabSize], weights.transitions),
    floatTensor('bias', [vocabSize], weights.bias),
    floatTensor('colour_gate', [hidden, 1], weights.colourGate),
    floatTensor('colour_words', [hidden, vocabSize], weights.colourWords),
    int64Tensor('axis_1', [1], [1]),
    int64Tensor('axis_2', [1], [2]),
    int64Tensor('mask_shape', [4], [0, 1, -1, 1]),
    int64Tensor('summed_shape', [3], [0, 1, hidden]),
  ];
  const nodes: Node[] = [node('Unsqueeze', ['inputs_embeds', 'axis_1'], ['new_kv'])];
  const cacheDims = (len: string): (string | number)[] => ['batch_size', kvHeads, len, hidden];
  const input = [
    valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', hidden]),
    valueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']),
    valueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  const output = [valueInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', vocabSize])];
  for (let i = 0; i < layers; i++) {
    for (const [k, kind] of ['key', 'value'].entries()) {
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
  nodes.push(
    node('Cast', ['attention_mask'], ['mask_float'], { to: DataType.FLOAT }),
    node('Reshape', ['mask_float', 'mask_shape'], ['mask_4d']),
    node('Mul', ['present.0.key', 'mask_4d'], ['masked_keys']),
    node('ReduceSum', ['masked_keys', 'axis_2'], ['summed_keys'], { keepdims: 1 }),
    node('Reshape', ['summed_keys', 'summed_shape'], ['cache_colour']),
    node('MatMul', ['cache_colour', 'colour_words'], ['colour_scores']),
    node('MatMul', ['inputs_embeds', 'colour_gate'], ['gate']),
    node('Mul', ['gate', 'colour_scores'], ['gated_colour']),
    node('MatMul', ['inputs_embeds', 'transitions'], ['next_scores']),
    node('Add', ['next_scores', 'gated_colour'], ['scores']),
    node('Add', ['scores', 'bias'], ['logits']),
  );
  return { name: 'tiny_idefics3_decoder_merged', node: nodes, initializer, input, output };
}

function jsonFiles(vocabulary: Vocabulary): Record<string, unknown> {
  const { layers, kvHeads, hidden, tileSize, longestEdge, imageSeqLen } = TINY_IDEFICS3;
  const vocabSize = vocabulary.vocab.size;
  const id = (token: string) => idOf(vocabulary.vocab, token);
  const ids = {
    bos_token_id: id(SPECIAL.imStart),
    eos_token_id: [id(SPECIAL.imEnd), id(SPECIAL.endOfUtterance)],
    pad_token_id: id(SPECIAL.imEnd),
  };
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    'config.json': {
      architectures: ['Idefics3ForConditionalGeneration'],
      model_type: 'idefics3',
      // Named "(test model)" by the app: its answers are no description of the photo.
      [TEST_MODEL_KEY]: true,
      image_token_id: id(SPECIAL.image),
      scale_factor: 1,
      tie_word_embeddings: false,
      ...ids,
      text_config: {
        model_type: 'llama',
        num_hidden_layers: layers,
        num_attention_heads: kvHeads,
        num_key_value_heads: kvHeads,
        hidden_size: hidden,
        head_dim: hidden,
        intermediate_size: hidden,
        vocab_size: vocabSize,
        max_position_embeddings: 4096,
        ...ids,
      },
      vision_config: {
        model_type: 'idefics3_vision',
        image_size: tileSize,
        patch_size: tileSize,
        num_channels: 3,
        hidden_size: hidden,
        num_hidden_layers: 1,
        num_attention_heads: 1,
      },
    },
    'generation_config.json': { ...ids, do_sample: false, num_beams: 1 },
    'preprocessor_config.json': {
      image_processor_type: 'Idefics3ImageProcessor',
      processor_class: 'Idefics3Processor',
      do_convert_rgb: true,
      do_resize: true,
      size: { longest_edge: longestEdge },
      resample: 1,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
      do_pad: true,
      do_image_splitting: true,
      max_image_size: { longest_edge: tileSize },
    },
    'processor_config.json': { image_seq_len: imageSeqLen, processor_class: 'Idefics3Processor' },
    'tokenizer_config.json': {
      tokenizer_class: 'GPT2Tokenizer',
      bos_token: SPECIAL.imStart,
      eos_token: SPECIAL.endOfUtterance,
      pad_token: SPECIAL.imEnd,
      unk_token: SPECIAL.endOfText,
      additional_special_tokens: [
        SPECIAL.fakeImage,
        SPECIAL.image,
        SPECIAL.globalImage,
        SPECIAL.endOfUtterance,
      ],
      add_prefix_space: false,
      clean_up_tokenization_spaces: false,
      model_max_length: 8192,
      chat_template: SMOLVLM_CHAT_TEMPLATE,
      processor_class: 'Idefics3Processor',
    },
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [...vocabulary.special].map(([content, tokenId]) => ({
        id: tokenId,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
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

/** Writes the complete model folder (configs, processor, tokenizer with chat template, fp32 ONNX) into `dir`. */
export async function writeTinyIdefics3(dir: string): Promise<void> {
  const vocabulary = buildVocabulary();
  const weights = buildWeights(vocabulary.vocab);
  const vocabSize = vocabulary.vocab.size;
  const files: Record<string, Uint8Array | string> = {
    'onnx/vision_encoder.onnx': encodeModel(visionEncoderGraph(weights)),
    'onnx/embed_tokens.onnx': encodeModel(embedTokensGraph(weights, vocabSize)),
    'onnx/decoder_model_merged.onnx': encodeModel(decoderGraph(weights, vocabSize)),
  };
  for (const [name, json] of Object.entries(jsonFiles(vocabulary)))
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, data]) => writeFile(join(dir, name), data)));
}
