// The tiny Florence-2 test model (DESIGN §3, MODELS.md): a real, hand-weighted vision encoder, token embedding,
// text encoder and merged decoder with a key/value cache, in the folder layout transformers.js 4.3.1 loads with
// Florence2Processor (task prompts in preprocessor_config.json) and Florence2ForConditionalGeneration. Greedy
// decoding answers "<s>A red photo.</s>" (green, blue) by the image's dominant colour channel for <CAPTION>,
// "A red photo, in detail." for the detailed captions and "A red photo" (no full stop) for <OCR>: the task's
// prompt reaches the decoder through the encoder. After the first step the colour, like the task, is read from
// the cross-attention part of the cache only.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byteSymbols, spellWords } from './byte-level-bpe.js';
import { IMAGE_MEAN, IMAGE_STD, idOf, jsonFiles, SPECIAL, type Vocabulary } from './tiny-florence2-files.js';
import type { Graph, Node } from './onnx-proto.js';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-proto.js';

const COLOURS = ['red', 'green', 'blue'] as const;
/** The words merges spell (Ġ is the space); "A", "." and "," are byte symbols already. */
const WORDS = [...COLOURS.map((c) => `Ġ${c}`), 'Ġphoto', 'Ġin', 'Ġdetail'];
/** Generation starts from </s> (decoder_start_token_id), then <s>, then the answer, then </s>. */
const STATES = [SPECIAL.eos, SPECIAL.bos, 'A', ...WORDS, '.', ','];
/**
 * What tells the tasks apart in the encoder's output: a "." in the prompt (only the detailed captions' prompts
 * end with one) and an "x" (only the text-reading prompts hold one, in "text"), which sets the last dimension.
 */
const DETAIL_MARK = '.';
const TEXT_MARK = 'x';

export const TINY_FLORENCE2 = {
  decoderLayers: 2,
  heads: 1,
  /** Three colour dimensions, then one per state token, then the text-reading mark. */
  hidden: COLOURS.length + STATES.length + 1,
  imageSize: 16,
  /** Image features per image. */
  imageTokens: 2,
} as const;
export const TINY_FLORENCE2_ANSWERS = COLOURS.map((c) => `A ${c} photo.`);
const BOOST = 10;

function buildVocabulary(): Vocabulary {
  const vocab = new Map<string, number>();
  for (const token of [SPECIAL.bos, SPECIAL.pad, SPECIAL.eos, SPECIAL.unk, ...byteSymbols()]) {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  return { vocab, merges: spellWords(WORDS, vocab) };
}

interface Weights {
  embedding: Float32Array; // [V, H]: a state token sets its state dimension; every other token is all zeros
  transitions: Float32Array; // [H, V]: next-token scores by state
  bias: Float32Array; // [V]: anything without a state ends the answer
  colourGate: Float32Array; // [H, 1]: 1 where the next word is the colour
  colourWords: Float32Array; // [H, V]: summed colour dimensions of the cache -> the colour words
  detailGate: Float32Array; // [H, 1]: 1 where a detailed caption goes on after "photo"
  detailWords: Float32Array; // [H, V]: a "." in the prompt (the cache) -> "," beats "." after "photo"
  textWords: Float32Array; // [H, V]: the text-reading mark in the cache -> no full stop
  pixelToHidden: Float32Array; // [3, H]: channel means into the colour dimensions
}

function buildWeights(vocab: Map<string, number>): Weights {
  const { hidden } = TINY_FLORENCE2;
  const v = vocab.size;
  const stateDim = (token: string) => COLOURS.length + STATES.indexOf(token);
  const textDim = hidden - 1;
  const embedding = new Float32Array(v * hidden);
  for (const token of STATES) embedding[idOf(vocab, token) * hidden + stateDim(token)] = 1;
  embedding[idOf(vocab, TEXT_MARK) * hidden + textDim] = 1;
  const transitions = new Float32Array(hidden * v);
  const follow = (from: string, ...to: string[]) => {
    for (const token of to) transitions[stateDim(from) * v + idOf(vocab, token)] = BOOST;
  };
  follow(SPECIAL.eos, SPECIAL.bos);
  follow(SPECIAL.bos, 'A');
  follow('A', ...COLOURS.map((c) => `Ġ${c}`));
  for (const c of COLOURS) follow(`Ġ${c}`, 'Ġphoto');
  follow('Ġphoto', '.');
  follow('.', SPECIAL.eos);
  follow(',', 'Ġin');
  follow('Ġin', 'Ġdetail');
  follow('Ġdetail', '.');
  const bias = new Float32Array(v);
  bias[idOf(vocab, SPECIAL.eos)] = 1;
  const colourGate = new Float32Array(hidden);
  colourGate[stateDim('A')] = 1;
  const colourWords = new Float32Array(hidden * v);
  COLOURS.forEach((c, channel) => (colourWords[channel * v + idOf(vocab, `Ġ${c}`)] = 1));
  const pixelToHidden = new Float32Array(3 * hidden);
  for (let channel = 0; channel < 3; channel++) pixelToHidden[channel * hidden + channel] = 1;
  const detailGate = new Float32Array(hidden);
  detailGate[stateDim('Ġphoto')] = 1;
  const detailWords = new Float32Array(hidden * v);
  detailWords[stateDim(DETAIL_MARK) * v + idOf(vocab, ',')] = 2 * BOOST;
  const textWords = new Float32Array(hidden * v);
  textWords[textDim * v + idOf(vocab, '.')] = -2 * BOOST;
  return {
    embedding,
    transitions,
    bias,
    colourGate,
    colourWords,
    detailGate,
    detailWords,
    textWords,
    pixelToHidden,
  };
}

/** `pixel_values` [batch, 3, S, S] → `image_features` [batch, image tokens, hidden]: un-normalised channel means. */
function visionEncoderGraph(weights: Weights): Graph {
  const { imageSize, hidden, imageTokens } = TINY_FLORENCE2;
  return {
    name: 'tiny_florence2_vision',
    node: [
      node('ReduceMean', ['pixel_values'], ['normalised_means'], { axes: [2, 3], keepdims: 0 }),
      node('Mul', ['normalised_means', 'image_std'], ['scaled_means']),
      node('Add', ['scaled_means', 'image_mean'], ['channel_means']),
      node('MatMul', ['channel_means', 'pixel_to_hidden'], ['features']),
      node('Unsqueeze', ['features', 'axis_1'], ['feature_row']),
      node('Tile', ['feature_row', 'repeats'], ['image_features']),
    ],
    initializer: [
      floatTensor('image_std', [3], IMAGE_STD),
      floatTensor('image_mean', [3], IMAGE_MEAN),
      floatTensor('pixel_to_hidden', [3, hidden], weights.pixelToHidden),
      int64Tensor('axis_1', [1], [1]),
      int64Tensor('repeats', [3], [1, imageTokens, 1]),
    ],
    input: [valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 3, imageSize, imageSize])],
    output: [valueInfo('image_features', DataType.FLOAT, ['batch_size', imageTokens, hidden])],
  };
}

function embedTokensGraph(weights: Weights, vocabSize: number): Graph {
  const { hidden } = TINY_FLORENCE2;
  return {
    name: 'tiny_florence2_embed_tokens',
    node: [node('Gather', ['embedding', 'input_ids'], ['inputs_embeds'], { axis: 0 })],
    initializer: [floatTensor('embedding', [vocabSize, hidden], weights.embedding)],
    input: [valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length'])],
    output: [valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', hidden])],
  };
}

/** The text encoder over image features then prompt embeddings: each position kept where `attention_mask` is 1. */
function encoderGraph(): Graph {
  const { hidden } = TINY_FLORENCE2;
  return {
    name: 'tiny_florence2_encoder',
    node: [
      node('Cast', ['attention_mask'], ['mask_float'], { to: DataType.FLOAT }),
      node('Unsqueeze', ['mask_float', 'axis_2'], ['mask_3d']),
      node('Mul', ['inputs_embeds', 'mask_3d'], ['last_hidden_state']),
    ],
    initializer: [int64Tensor('axis_2', [1], [2])],
    input: [
      valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', hidden]),
      valueInfo('attention_mask', DataType.INT64, ['batch_size', 'encoder_sequence_length']),
    ],
    output: [
      valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', hidden]),
    ],
  };
}

/**
 * The merged decoder. Without the cache (`use_cache_branch` false) each layer's cross-attention keys/values are
 * made from `encoder_hidden_states`; with it, only the past ones are kept (fresh ones are zeroed). The colour
 * word is read from layer 0's cross-attention keys, so after the first step it comes from the cache alone.
 * Self-attention keys/values grow by this step's embeddings, with a per-layer, per-kind offset.
 */
function decoderGraph(weights: Weights, vocabSize: number): Graph {
  const { decoderLayers, heads, hidden } = TINY_FLORENCE2;
  const initializer = [
    floatTensor('transitions', [hidden, vocabSize], weights.transitions),
    floatTensor('bias', [vocabSize], weights.bias),
    floatTensor('colour_gate', [hidden, 1], weights.colourGate),
    floatTensor('colour_words', [hidden, vocabSize], weights.colourWords),
    floatTensor('detail_gate', [hidden, 1], weights.detailGate),
    floatTensor('detail_words', [hidden, vocabSize], weights.detailWords),
    floatTensor('text_words', [hidden, vocabSize], weights.textWords),
    floatTensor('one', [], [1]),
    int64Tensor('axis_1', [1], [1]),
    int64Tensor('axis_2', [1], [2]),
    int64Tensor('summed_shape', [3], [0, 1, hidden]),
  ];
  const nodes: Node[] = [
    node('Unsqueeze', ['inputs_embeds', 'axis_1'], ['new_self_kv']),
    node('Cast', ['use_cache_branch'], ['cached'], { to: DataType.FLOAT }),
    node('Sub', ['one', 'cached'], ['not_cached']),
    node('Cast', ['encoder_attention_mask'], ['encoder_mask_float'], { to: DataType.FLOAT }),
    node('Unsqueeze', ['encoder_mask_float', 'axis_2'], ['encoder_mask_3d']),
    node('Mul', ['encoder_hidden_states', 'encoder_mask_3d'], ['masked_encoder']),
    node('Unsqueeze', ['masked_encoder', 'axis_1'], ['encoder_kv']),
    node('Mul', ['encoder_kv', 'not_cached'], ['fresh_encoder_kv']),
  ];
  const cacheDims = (len: string): (string | number)[] => ['batch_size', heads, len, hidden];
  const input = [
    valueInfo('inputs_embeds', DataType.FLOAT, ['batch_size', 'decoder_sequence_length', hidden]),
    valueInfo('encoder_attention_mask', DataType.INT64, ['batch_size', 'encoder_sequence_length']),
    valueInfo('encoder_hidden_states', DataType.FLOAT, ['batch_size', 'encoder_sequence_length', hidden]),
  ];
  const output = [valueInfo('logits', DataType.FLOAT, ['batch_size', 'decoder_sequence_length', vocabSize])];
  for (let i = 0; i < decoderLayers; i++) {
    for (const [k, kind] of ['key', 'value'].entries()) {
      const offset = `offset_${i}_${kind}`;
      initializer.push(floatTensor(offset, [], [100 * i + 50 * k]));
      nodes.push(
        node('Add', ['new_self_kv', offset], [`new_${i}_${kind}`]),
        node(
          'Concat',
          [`past_key_values.${i}.decoder.${kind}`, `new_${i}_${kind}`],
          [`present.${i}.decoder.${kind}`],
          { axis: 2 },
        ),
        node(
          'Concat',
          [`past_key_values.${i}.encoder.${kind}`, 'fresh_encoder_kv'],
          [`present.${i}.encoder.${kind}`],
          { axis: 2 },
        ),
      );
      input.push(
        valueInfo(
          `past_key_values.${i}.decoder.${kind}`,
          DataType.FLOAT,
          cacheDims('past_decoder_sequence_length'),
        ),
        valueInfo(
          `past_key_values.${i}.encoder.${kind}`,
          DataType.FLOAT,
          cacheDims('encoder_sequence_length_out'),
        ),
      );
      output.push(
        valueInfo(
          `present.${i}.decoder.${kind}`,
          DataType.FLOAT,
          cacheDims('past_decoder_sequence_length + 1'),
        ),
        valueInfo(
          `present.${i}.encoder.${kind}`,
          DataType.FLOAT,
          cacheDims('present_encoder_sequence_length'),
        ),
      );
    }
  }
  input.push(valueInfo('use_cache_branch', DataType.BOOL, [1]));
  nodes.push(
    node('ReduceSum', ['present.0.encoder.key', 'axis_2'], ['summed_keys'], { keepdims: 1 }),
    node('Reshape', ['summed_keys', 'summed_shape'], ['cache_colour']),
    node('MatMul', ['cache_colour', 'colour_words'], ['colour_scores']),
    node('MatMul', ['inputs_embeds', 'colour_gate'], ['gate']),
    node('Mul', ['gate', 'colour_scores'], ['gated_colour']),
    node('MatMul', ['inputs_embeds', 'transitions'], ['next_scores']),
    // The task, from the same cache: a detailed caption goes on after "photo", read text ends without ".".
    node('MatMul', ['cache_colour', 'detail_words'], ['detail_scores']),
    node('MatMul', ['inputs_embeds', 'detail_gate'], ['detail_on']),
    node('Mul', ['detail_on', 'detail_scores'], ['gated_detail']),
    node('MatMul', ['cache_colour', 'text_words'], ['text_scores']),
    node('Add', ['next_scores', 'gated_colour'], ['colour_scored']),
    node('Add', ['colour_scored', 'gated_detail'], ['detail_scored']),
    node('Add', ['detail_scored', 'text_scores'], ['scores']),
    node('Add', ['scores', 'bias'], ['logits']),
  );
  return { name: 'tiny_florence2_decoder_merged', node: nodes, initializer, input, output };
}

/** Writes the complete model folder (configs, processor with task prompts, tokenizer, fp32 ONNX) into `dir`. */
export async function writeTinyFlorence2(dir: string): Promise<void> {
  const vocabulary = buildVocabulary();
  const weights = buildWeights(vocabulary.vocab);
  const vocabSize = vocabulary.vocab.size;
  const files: Record<string, Uint8Array | string> = {
    'onnx/vision_encoder.onnx': encodeModel(visionEncoderGraph(weights)),
    'onnx/embed_tokens.onnx': encodeModel(embedTokensGraph(weights, vocabSize)),
    'onnx/encoder_model.onnx': encodeModel(encoderGraph()),
    'onnx/decoder_model_merged.onnx': encodeModel(decoderGraph(weights, vocabSize)),
  };
  for (const [name, json] of Object.entries(jsonFiles(vocabulary, TINY_FLORENCE2)))
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, data]) => writeFile(join(dir, name), data)));
}
