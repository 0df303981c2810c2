// A byte-level BPE vocabulary of a real model's size for the benchmark models: the 256 byte symbols (so any
// prompt encodes), made-up word tokens up to the real count, and the special tokens at their real ids.
import { byteSymbols } from '../test-model/byte-level-bpe.js';

export interface BenchVocabulary {
  /** Every token by id: ids 0 … size − 1, none missing. */
  readonly tokens: readonly string[];
  /** The ids that tokenizer.json lists as added (special) tokens. */
  readonly special: ReadonlyMap<string, number>;
}

/** A made-up word for filler token n ("Ġba", "Ġbb", …): decodes to letters, never clashes with a byte. */
function fillerWord(n: number): string {
  let word = '';
  let rest = n + 26; // at least two letters
  while (rest > 0) {
    word = String.fromCharCode(97 + (rest % 26)) + word;
    rest = Math.floor(rest / 26);
  }
  return `Ġ${word}`;
}

/**
 * `size` tokens: `leading` at ids 0…, the byte symbols, fillers, and `specialAt` at their given ids (which
 * must lie above the fillers' start and below `size`).
 */
export function buildBenchVocabulary(
  size: number,
  leading: readonly string[],
  specialAt: ReadonlyMap<string, number>,
): BenchVocabulary {
  const tokens: (string | undefined)[] = new Array<string | undefined>(size);
  const special = new Map<string, number>();
  leading.forEach((token, id) => {
    tokens[id] = token;
    special.set(token, id);
  });
  for (const [token, id] of specialAt) {
    if (id < leading.length + 256 || id >= size) throw new Error(`special token ${token} at ${id}`);
    tokens[id] = token;
    special.set(token, id);
  }
  const symbols = byteSymbols();
  let next = leading.length;
  for (const symbol of symbols) tokens[next++] = symbol;
  let filler = 0;
  for (let id = next; id < size; id++) tokens[id] ??= fillerWord(filler++);
  return { tokens: tokens as string[], special };
}

/** tokenizer.json (Hugging Face tokenizers format, GPT-2 style byte-level BPE) for the vocabulary. */
export function tokenizerJson(vocabulary: BenchVocabulary): Record<string, unknown> {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...vocabulary.special].map(([content, id]) => ({
      id,
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
      vocab: Object.fromEntries(vocabulary.tokens.map((token, id) => [token, id])),
      merges: [],
    },
  };
}

/** Logit bias [vocab]: −10⁴ at the end tokens, so generation always runs to its token limit. */
export function endTokenBias(size: number, endIds: readonly number[]): Float32Array {
  const bias = new Float32Array(size);
  for (const id of endIds) bias[id] = -1e4;
  return bias;
}
