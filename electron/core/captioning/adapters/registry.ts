// Each model family's adapter, by family. Imported by the engine process only (adapters load transformers.js).
import type { EmbeddingFamily, ModelFamily } from '../architectures.js';
import type { EmbeddingAdapter, ModelAdapter } from './adapter.js';
import { clip } from './clip.js';
import { florence2 } from './florence2.js';
import { idefics3 } from './idefics3.js';
import { visionEncoderDecoder } from './vision-encoder-decoder.js';

const adapters: readonly ModelAdapter[] = [visionEncoderDecoder, idefics3, florence2];

/** The adapter of a family (every family in architectures.ts has one; a test checks it). */
export function adapterFor(family: ModelFamily): ModelAdapter {
  const adapter = adapters.find((candidate) => candidate.family.name === family.name);
  if (!adapter) throw new Error(`No adapter for ${family.name} models.`);
  return adapter;
}

const embeddingAdapters: readonly EmbeddingAdapter[] = [clip];

/** The adapter of an embedding family (every one in architectures.ts has one; a test checks it). */
export function embeddingAdapterFor(family: EmbeddingFamily): EmbeddingAdapter {
  const adapter = embeddingAdapters.find((candidate) => candidate.family.name === family.name);
  if (!adapter) throw new Error(`No adapter for ${family.name} models.`);
  return adapter;
}
