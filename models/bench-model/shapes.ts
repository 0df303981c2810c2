// The shapes of the real models (../shared/MODELS.md "Shapes of the real models", checked against the
// parameter counts and file sizes the hub lists), which the benchmark models copy exactly.

export const DISTILVIT = {
  /** google/vit-base-patch16-224-in21k */
  encoder: { layers: 12, hidden: 768, heads: 12, intermediate: 3072, imageSize: 224, patchSize: 16 },
  /** DistilGPT-2 with cross-attention; the output head is tied to the token embedding. */
  decoder: { layers: 6, hidden: 768, heads: 12, intermediate: 3072, vocab: 50257, positions: 1024 },
  endTokenId: 50256,
} as const;

export const SMOLVLM_256M = {
  /** SigLIP-base-patch16-512, then pixel shuffle (scale 4) and the connector into the text width. */
  vision: {
    layers: 12,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    imageSize: 512,
    patchSize: 16,
    scaleFactor: 4,
  },
  /** SmolLM2-135M (llama): grouped-query attention, SwiGLU, RMSNorm, rotary positions. */
  text: {
    layers: 30,
    hidden: 576,
    heads: 9,
    kvHeads: 3,
    headDim: 64,
    intermediate: 1536,
    vocab: 49280,
    positions: 8192,
    ropeTheta: 100000,
  },
  /** Image tokens per 512-px tile: (512/16)² patches ÷ 4². */
  imageSeqLen: 64,
  /** The processor resizes the longest edge to this, then cuts 512-px tiles (plus one global tile). */
  longestEdge: 2048,
  tileSize: 512,
  /** SmolLM2's base vocabulary; the added tokens follow at these ids (the real tokenizer's). */
  baseVocab: 49152,
  ids: { globalImage: 49152, firstTile: 49153, fakeImage: 49189, image: 49190, endOfUtterance: 49279 },
} as const;

/** What a test may shrink: the layer counts (widths, vocabularies and the session layout stay real). */
export interface Shrink {
  readonly layers?: number;
}

/** A stack's layer count after shrinking. */
export function layersOf(real: number, shrink: Shrink): number {
  return Math.min(real, shrink.layers ?? real);
}
