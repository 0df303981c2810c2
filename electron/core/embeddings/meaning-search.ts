// Search by meaning and similar photos over a library's embeddings (issue 14): embedding the photos that need
// it, a text query's nearest photos, a photo's look-alikes. The embedder is the engine (CaptionEngine loaded
// with `purpose: 'embed'`).
import type { ImageEmbedding } from '../captioning/caption-engine.js';
import { PROMPT_MAX_LENGTH } from '../captioning/engine-protocol.js';
import type { Library } from '../library/library.js';
import type { EmbeddingTarget } from './embedding-store.js';
import type { ScoredId } from './vector-index.js';

export interface Embedder {
  embedImages(paths: readonly string[]): Promise<ImageEmbedding[]>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
}

/** A photo found by meaning: how close it is (the cosine, higher is closer) and its alt text. */
export interface MeaningHit {
  readonly id: number;
  readonly path: string;
  readonly score: number;
  readonly altText: string | null;
}

/** Photos embedded a batch at a time: each batch's results are saved before the next one starts. */
const BATCH = 16;

/**
 * Embeds `targets` with `embedder` and saves each outcome under `model` (a photo that cannot be decoded gets
 * its reason). Returns how many were embedded and the photos that could not be, with why.
 */
export async function embedPhotos(
  library: Library,
  embedder: Embedder,
  model: string,
  targets: readonly EmbeddingTarget[],
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ embedded: number; failed: { path: string; error: string }[] }> {
  let embedded = 0;
  const failed: { path: string; error: string }[] = [];
  for (let start = 0; start < targets.length; start += BATCH) {
    const batch = targets.slice(start, start + BATCH);
    const results = await embedder.embedImages(batch.map((target) => target.path));
    library.transaction(() => {
      batch.forEach((target, i) => {
        const result = results[i] ?? { error: 'No embedding came back for it.' };
        library.embeddings.save(model, target, result);
        if ('vector' in result) embedded += 1;
        else failed.push({ path: target.path, error: result.error });
      });
    });
    onProgress(start + batch.length, targets.length);
  }
  return { embedded, failed };
}

/** The `limit` photos whose embeddings are closest to the meaning of `query`, best first. */
export async function searchByMeaning(
  library: Library,
  embedder: Embedder,
  model: string,
  query: string,
  limit: number,
): Promise<MeaningHit[]> {
  const words = query.trim();
  if (words === '') throw new Error('Nothing to search for: give a few words that describe the photo.');
  requireEmbeddings(library, model);
  // The model reads the first words only (77 tokens for CLIP); the rest would not change the result.
  const [vector] = await embedder.embedTexts([words.slice(0, PROMPT_MAX_LENGTH)]);
  if (!vector) throw new Error('The model made no embedding of the query.');
  return hits(library, library.embeddings.search(model, vector, limit));
}

/** The `limit` photos that look most like photo `imageId` (itself left out), best first. */
export function similarPhotos(library: Library, model: string, imageId: number, limit: number): MeaningHit[] {
  requireEmbeddings(library, model);
  const vector = library.embeddings.vectorOf(model, imageId);
  if (!vector) {
    const { path } = library.getImage(imageId);
    throw new Error(`${path} has no embedding yet: run "altlens embed" first.`);
  }
  return hits(library, library.embeddings.search(model, vector, limit, new Set([imageId])));
}

function requireEmbeddings(library: Library, model: string): void {
  if (library.embeddings.size(model) === 0) {
    throw new Error('No photos have been embedded with this model yet: run "altlens embed" first.');
  }
}

function hits(library: Library, scored: readonly ScoredId[]): MeaningHit[] {
  return scored.flatMap(({ id, score }) => {
    const image = library.findImage(id);
    return image ? [{ id, path: image.path, score, altText: image.altText ?? null }] : [];
  });
}
