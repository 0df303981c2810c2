// The tiny Florence-2 test model (DESIGN §3, MODELS.md): a real, hand-weighted vision encoder, token embedding,
// text encoder and merged decoder with a key/value cache, in the folder layout transformers.js 4.3.1 loads with
// Florence2Processor (task prompts in preprocessor_config.json) and Florence2ForConditionalGeneration. Whatever
// the task, greedy decoding answers "<s>A red photo.</s>" (green, blue) by the image's dominant colour channel,
// and after the first step the colour is read from the cross-attention part of the cache only.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byteSymbols, spellWords } from './byte-level-bpe.js';
import { TEST_MODEL_KEY } from './marker.js';
import type { Graph, Node } from './onnx-proto.js';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-proto.js';

const COLOURS = ['red', 'green', 'blue'] as const;
/** BART's special tokens, with BART's ids (0–3). */
const SPECIAL = { bos: '<s>', pad: '<pad>', eos: '</s>', unk: '<unk>' } as const;
/** The words merges spell (Ġ is the space); "A" and "." are byte symbols already. */
const WORDS = [...COLOURS.map((c) => `Ġ${c}`), 'Ġphoto'];
/** Generation starts from </s> (decoder_start_token_id), then <s>, then the answer, then </s>. */
const STATES = [SPECIAL.eos, SPECIAL.bos, 'A', ...WORDS, '.'];

/** CLIP's normalisation, as Florence-2's processor applies it; the vision encoder undoes it. */
const IMAGE_MEAN = [0.485, 0.456, 0.406];
const IMAGE_STD = [0.229, 0.224, 0.225];

export const TINY_FLORENCE2 = {
  decoderLayers: 2,
  heads: 1,
  /** Three colour dimensions, then one per state token. */
  hidden: COLOURS.length + STATES.length,
  imageSize: 16,
  /** Image features per image. */
  imageTokens: 2,
} as const;
export const TINY_FLORENCE2_ANSWERS = COLOURS.map((c) => `A ${c} photo.`);
const BOOST = 10;

/** Florence-2's task prompts and answer types (its processor's tables, which transformers.js reads here). */
const TASK_PROMPTS = {
  '<CAPTION>': 'What does the image describe?',
  '<DETAILED_CAPTION>': 'Describe in detail what is shown in the image.',
  '<MORE_DETAILED_CAPTION>': 'Describe with a paragraph what is shown in the image.',
  '<OCR>': 'What is the text in the image?',
  '<OCR_WITH_REGION>': 'What is the text in the image, with regions?',
} as const;
const ANSWER_TYPES = {
  '<CAPTION>': 'pure_text',
  '<DETAILED_CAPTION>': 'pure_text',
  '<MORE_DETAILED_CAPTION>': 'pure_text',
  '<OCR>': 'pure_text',
  '<OCR_WITH_REGION>': 'ocr',
} as const;

interface Vocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

function buildVocabulary(): Vocabulary {
  const vocab = new Map<string, number>();
  for (const token of [SPECIAL.bos, SPECIAL.pad, SPECIAL.eos, SPECIAL.unk, ...byteSymbols()]) {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  return { vocab, merges: spellWords(WORDS, vocab) };
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
  const { hidden } = TINY_FLORENCE2;
  const v = vocab.size;
  const stateDim = (token: string) => COLOURS.length + STATES.indexOf(token);
  const embedding = new Float32Array(v * hidden);
  for (const token of STATES) embedding[idOf(vocab, token) * hidden + stateDim(token)] = 1;
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
  const bias = new Float32Array(v);
  bias[idOf(vocab, SPECIAL.eos)] = 1;
  const colourGate = new Float32Array(hidden);
  colourGate[stateDim('A')] = 1;
  const colourWords = new Float32Array(hidden * v);
  COLOURS.forEach((c, channel) => (colourWords[channel * v + idOf(vocab, `Ġ${c}`)] = 1));
  const pixelToHidden = new Float32Array(3 * hidden);
  for (let channel = 0; channel < 3; channel++) pixelToHidden[channel * hidden + channel] = 1;
  return { embedding, transitions, bias, colourGate, colourWords, pixelToHidden };
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
    node('Add', ['next_scores', 'gated_colour'], ['scores']),
    node('Add', ['scores', 'bias'], ['logits']),
  );
  return { name: 'tiny_florence2_decoder_merged', node: nodes, initializer, input, output };
}

function jsonFiles(vocabulary: Vocabulary): Record<string, unknown> {
  const { decoderLayers, heads, hidden, imageSize } = TINY_FLORENCE2;
  const vocabSize = vocabulary.vocab.size;
  const id = (token: string) => idOf(vocabulary.vocab, token);
  const ids = {
    bos_token_id: id(SPECIAL.bos),
    eos_token_id: id(SPECIAL.eos),
    pad_token_id: id(SPECIAL.pad),
    decoder_start_token_id: id(SPECIAL.eos),
  };
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    'config.json': {
      architectures: ['Florence2ForConditionalGeneration'],
      model_type: 'florence2',
      // Named "(test model)" by the app: its answers are no description of the photo.
      [TEST_MODEL_KEY]: true,
      is_encoder_decoder: true,
      projection_dim: hidden,
      vocab_size: vocabSize,
      ...ids,
      text_config: {
        model_type: 'florence2_language',
        is_encoder_decoder: true,
        d_model: hidden,
        encoder_layers: 1,
        encoder_attention_heads: heads,
        decoder_layers: decoderLayers,
        decoder_attention_heads: heads,
        vocab_size: vocabSize,
        max_position_embeddings: 1024,
        ...ids,
      },
      vision_config: { model_type: 'davit', projection_dim: hidden },
    },
    // Florence-2's own generation settings; transformers.js runs greedy search and keeps the first beam.
    'generation_config.json': { ...ids, num_beams: 3, no_repeat_ngram_size: 3, early_stopping: false },
    'preprocessor_config.json': {
      image_processor_type: 'CLIPImageProcessor',
      processor_class: 'Florence2Processor',
      do_convert_rgb: true,
      do_resize: true,
      size: { height: imageSize, width: imageSize },
      resample: 3,
      do_center_crop: false,
      crop_size: { height: imageSize, width: imageSize },
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: IMAGE_MEAN,
      image_std: IMAGE_STD,
      image_seq_length: TINY_FLORENCE2.imageTokens,
      tasks_answer_post_processing_type: ANSWER_TYPES,
      task_prompts_without_inputs: TASK_PROMPTS,
      task_prompts_with_input: { '<REGION_TO_DESCRIPTION>': 'What does the region {input} describe?' },
    },
    'tokenizer_config.json': {
      tokenizer_class: 'BartTokenizer',
      bos_token: SPECIAL.bos,
      eos_token: SPECIAL.eos,
      sep_token: SPECIAL.eos,
      cls_token: SPECIAL.bos,
      pad_token: SPECIAL.pad,
      unk_token: SPECIAL.unk,
      add_prefix_space: false,
      clean_up_tokenization_spaces: false,
      model_max_length: 1024,
      processor_class: 'Florence2Processor',
    },
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [SPECIAL.bos, SPECIAL.pad, SPECIAL.eos, SPECIAL.unk].map((content) => ({
        id: id(content),
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      pre_tokenizer: byteLevel,
      // BART wraps every text in <s> … </s>.
      post_processor: {
        type: 'RobertaProcessing',
        sep: [SPECIAL.eos, id(SPECIAL.eos)],
        cls: [SPECIAL.bos, id(SPECIAL.bos)],
        trim_offsets: true,
        add_prefix_space: false,
      },
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
  for (const [name, json] of Object.entries(jsonFiles(vocabulary)))
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, data]) => writeFile(join(dir, name), data)));
}
