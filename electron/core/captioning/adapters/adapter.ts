// The one interface every model family's adapter offers the engine process (DESIGN §3): what it can do,
// how it loads, how it runs with a token callback, and how it lets go of its sessions.
import type { RawImage } from '@huggingface/transformers';
import type { CaptionTask, EmbeddingFamily, ModelFamily } from '../architectures.js';
import type { Device } from '../devices.js';

/** How the engine decodes a photo for this model: to exactly this size, or to fit inside it. */
export interface DecodeSize {
  readonly width: number;
  readonly height: number;
  /** `cover`: fill that size, the overflow cut from the middle (as CLIP's resize and centre crop). */
  readonly fit: 'fill' | 'inside' | 'cover';
}

export interface LoadOptions {
  readonly device: Device;
  /** The dtype asked for (used for every session whose file the folder holds), or null to pick. */
  readonly dtype: string | null;
  readonly threads: number | null;
}

export interface RunRequest {
  readonly task: CaptionTask;
  /** The instruction built by buildPrompt on the app side; a family that takes no prompt ignores it. */
  readonly prompt: string;
  readonly image: RawImage;
  /** At most this many new tokens; generation stops there and says so. */
  readonly maxNewTokens: number;
}

export interface RunResult {
  /** The answer, cleaned where the family's output needs it. */
  readonly text: string;
  /** Generation stopped at `maxNewTokens` before the model ended its answer. */
  readonly stoppedAtTokenLimit: boolean;
}

/** A text piece of the answer, as the model generates it. */
export type TokenCallback = (text: string) => void;

export interface LoadedModel {
  readonly tasks: readonly CaptionTask[];
  run(request: RunRequest, onToken: TokenCallback): Promise<RunResult>;
  dispose(): Promise<void>;
}

export interface ModelAdapter {
  readonly family: ModelFamily;
  /**
   * Reads the folder's settings (no sessions yet) and says how to decode photos for it; throws when the
   * folder lacks what this family needs.
   */
  decodeSize(modelDir: string): DecodeSize;
  load(modelDir: string, options: LoadOptions): Promise<LoadedModel>;
}

/** A loaded image–text embedding model (CLIP): every vector it returns has length 1 (or is all zeros). */
export interface LoadedEmbedder {
  embedImages(images: readonly RawImage[]): Promise<Float32Array[]>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface EmbeddingAdapter {
  readonly family: EmbeddingFamily;
  /** As ModelAdapter.decodeSize. */
  decodeSize(modelDir: string): DecodeSize;
  load(modelDir: string, options: LoadOptions): Promise<LoadedEmbedder>;
}
