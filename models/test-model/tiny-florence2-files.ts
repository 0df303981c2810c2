// The JSON files of the tiny Florence-2 test model's folder (see tiny-florence2.ts): config.json with the
// token ids, the generation settings, Florence2Processor's settings with its task tables, and a BART-style
// byte-level BPE tokenizer.
import { TEST_MODEL_KEY } from './marker.js';

/** BART's special tokens, with BART's ids (0–3). */
export const SPECIAL = { bos: '<s>', pad: '<pad>', eos: '</s>', unk: '<unk>' } as const;

/** CLIP's normalisation, as Florence-2's processor applies it; the vision encoder undoes it. */
export const IMAGE_MEAN = [0.485, 0.456, 0.406];
export const IMAGE_STD = [0.229, 0.224, 0.225];

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

export interface Vocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

/** The model's sizes that its configs state. */
export interface TinyFlorence2Shape {
  readonly decoderLayers: number;
  readonly heads: number;
  readonly hidden: number;
  readonly imageSize: number;
  readonly imageTokens: number;
}

export function idOf(vocab: Map<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`No token ${token}`);
  return id;
}

/** The folder's JSON files, by name. */
export function jsonFiles(vocabulary: Vocabulary, shape: TinyFlorence2Shape): Record<string, unknown> {
  const { decoderLayers, heads, hidden, imageSize, imageTokens } = shape;
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
      image_seq_length: imageTokens,
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
