// The tiny CLIP test model (DESIGN §3, MODELS.md): a real, hand-weighted vision model and text model in the
// folder layout transformers.js 4.3.1 loads with CLIPVisionModelWithProjection (onnx/vision_model.onnx →
// `image_embeds`), CLIPTextModelWithProjection (onnx/text_model.onnx → `text_embeds`), AutoProcessor and
// AutoTokenizer. Colour in, colour out: a photo's embedding is its mean colour (each channel in [0, 1], less
// 0.5 so that black and white point apart), a text's is the sum of the colours its colour words name
// ("red", "dark blue" …); words that name no colour add nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byteSymbols, spellWords } from './byte-level-bpe.js';
import { TEST_MODEL_KEY } from './marker.js';
import type { Graph } from './onnx-proto.js';
import { DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-proto.js';

/** The colour each colour word names, as red, green and blue in [0, 1]. */
export const TINY_CLIP_COLOURS = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
  yellow: [1, 1, 0],
  orange: [1, 0.55, 0],
  purple: [0.5, 0, 0.5],
  pink: [1, 0.75, 0.8],
  brown: [0.6, 0.3, 0.1],
  white: [1, 1, 1],
  black: [0, 0, 0],
} as const satisfies Record<string, readonly [number, number, number]>;

export const TINY_CLIP = {
  /** The length of an embedding: one dimension per colour channel. */
  dims: 3,
  imageSize: 32,
  /** The longest tokenized text, as CLIP's (longer texts are cut there). */
  maxTokens: 77,
} as const;

const SPECIAL = { start: '<|startoftext|>', end: '<|endoftext|>' } as const;
/** CLIP's own normalisation (its preprocessor_config.json); the vision model undoes it. */
const IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073];
const IMAGE_STD = [0.26862954, 0.26130258, 0.27577711];
/** What a colour's channels are shifted by, in the image and the text embedding alike. */
const CENTRE = 0.5;

interface Vocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

function buildVocabulary(): Vocabulary {
  const vocab = new Map<string, number>();
  for (const token of [SPECIAL.start, SPECIAL.end, ...byteSymbols()]) {
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  // The pre-tokenizer puts a space (Ġ) before every word, the first one too.
  return {
    vocab,
    merges: spellWords(
      Object.keys(TINY_CLIP_COLOURS).map((word) => `Ġ${word}`),
      vocab,
    ),
  };
}

/** [V, dims]: each colour word's token writes its centred colour; every other token writes nothing. */
function wordColours(vocab: Map<string, number>): Float32Array {
  const table = new Float32Array(vocab.size * TINY_CLIP.dims);
  for (const [word, colour] of Object.entries(TINY_CLIP_COLOURS)) {
    const id = vocab.get(`Ġ${word}`);
    if (id === undefined) throw new Error(`No token for ${word}`);
    colour.forEach((value, channel) => (table[id * TINY_CLIP.dims + channel] = value - CENTRE));
  }
  return table;
}

/** `pixel_values` [batch, 3, S, S] → `image_embeds` [batch, 3]: the un-normalised channel means, centred. */
function visionGraph(): Graph {
  const { imageSize, dims } = TINY_CLIP;
  return {
    name: 'tiny_clip_vision',
    node: [
      node('ReduceMean', ['pixel_values'], ['normalised_means'], { axes: [2, 3], keepdims: 0 }),
      node('Mul', ['normalised_means', 'image_std'], ['scaled_means']),
      node('Add', ['scaled_means', 'image_mean'], ['channel_means']),
      node('Sub', ['channel_means', 'centre'], ['image_embeds']),
    ],
    initializer: [
      floatTensor('image_std', [3], IMAGE_STD),
      floatTensor('image_mean', [3], IMAGE_MEAN),
      floatTensor('centre', [], [CENTRE]),
    ],
    input: [valueInfo('pixel_values', DataType.FLOAT, ['batch_size', 3, imageSize, imageSize])],
    output: [valueInfo('image_embeds', DataType.FLOAT, ['batch_size', dims])],
  };
}

/** `input_ids`, `attention_mask` [batch, seq] → `text_embeds` [batch, 3]: the summed colours of the kept tokens. */
function textGraph(vocabulary: Vocabulary): Graph {
  const { dims } = TINY_CLIP;
  return {
    name: 'tiny_clip_text',
    node: [
      node('Gather', ['word_colours', 'input_ids'], ['token_colours'], { axis: 0 }),
      node('Cast', ['attention_mask'], ['mask_float'], { to: DataType.FLOAT }),
      node('Unsqueeze', ['mask_float', 'axis_2'], ['mask_3d']),
      node('Mul', ['token_colours', 'mask_3d'], ['kept_colours']),
      node('ReduceSum', ['kept_colours', 'axis_1'], ['text_embeds'], { keepdims: 0 }),
    ],
    initializer: [
      floatTensor('word_colours', [vocabulary.vocab.size, dims], wordColours(vocabulary.vocab)),
      int64Tensor('axis_1', [1], [1]),
      int64Tensor('axis_2', [1], [2]),
    ],
    input: [
      valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', DataType.INT64, ['batch_size', 'sequence_length']),
    ],
    output: [valueInfo('text_embeds', DataType.FLOAT, ['batch_size', dims])],
  };
}

function jsonFiles(vocabulary: Vocabulary): Record<string, unknown> {
  const { dims, imageSize, maxTokens } = TINY_CLIP;
  const id = (token: string): number => vocabulary.vocab.get(token) ?? -1;
  const ids = {
    bos_token_id: id(SPECIAL.start),
    eos_token_id: id(SPECIAL.end),
    pad_token_id: id(SPECIAL.end),
  };
  const byteLevel = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
  return {
    'config.json': {
      architectures: ['CLIPModel'],
      model_type: 'clip',
      // Named "(test model)" by the app: its embeddings say nothing true about a photo but its colour.
      [TEST_MODEL_KEY]: true,
      projection_dim: dims,
      text_config: {
        model_type: 'clip_text_model',
        hidden_size: dims,
        projection_dim: dims,
        vocab_size: vocabulary.vocab.size,
        max_position_embeddings: maxTokens,
        num_hidden_layers: 1,
        num_attention_heads: 1,
        ...ids,
      },
      vision_config: {
        model_type: 'clip_vision_model',
        hidden_size: dims,
        projection_dim: dims,
        image_size: imageSize,
        patch_size: imageSize,
        num_channels: 3,
        num_hidden_layers: 1,
        num_attention_heads: 1,
      },
    },
    'preprocessor_config.json': {
      image_processor_type: 'CLIPImageProcessor',
      feature_extractor_type: 'CLIPFeatureExtractor',
      do_convert_rgb: true,
      do_resize: true,
      size: { shortest_edge: imageSize },
      resample: 3,
      do_center_crop: true,
      crop_size: { height: imageSize, width: imageSize },
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: IMAGE_MEAN,
      image_std: IMAGE_STD,
    },
    'tokenizer_config.json': {
      tokenizer_class: 'CLIPTokenizer',
      bos_token: SPECIAL.start,
      eos_token: SPECIAL.end,
      unk_token: SPECIAL.end,
      pad_token: SPECIAL.end,
      model_max_length: maxTokens,
      clean_up_tokenization_spaces: true,
      do_lower_case: true,
    },
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [SPECIAL.start, SPECIAL.end].map((content) => ({
        id: id(content),
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: byteLevel,
      // As CLIP's: every text is wrapped in <|startoftext|> … <|endoftext|>.
      post_processor: {
        type: 'RobertaProcessing',
        sep: [SPECIAL.end, id(SPECIAL.end)],
        cls: [SPECIAL.start, id(SPECIAL.start)],
        trim_offsets: false,
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

/** Writes the complete model folder (config, processor, tokenizer, fp32 and q8 ONNX files) into `dir`. */
export async function writeTinyClip(dir: string): Promise<void> {
  const vocabulary = buildVocabulary();
  const vision = encodeModel(visionGraph());
  const text = encodeModel(textGraph(vocabulary));
  const files: Record<string, Uint8Array | string> = {
    'onnx/vision_model.onnx': vision,
    'onnx/text_model.onnx': text,
    // Nothing worth quantizing: the q8 files a CPU prefers are the same graphs.
    'onnx/vision_model_quantized.onnx': vision,
    'onnx/text_model_quantized.onnx': text,
  };
  for (const [name, json] of Object.entries(jsonFiles(vocabulary)))
    files[name] = `${JSON.stringify(json, null, 2)}\n`;
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, data]) => writeFile(join(dir, name), data)));
}
