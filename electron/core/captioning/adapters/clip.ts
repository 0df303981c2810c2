// CLIP (Xenova/clip-vit-base-patch32 and folders like it): image embeddings from
// CLIPVisionModelWithProjection (`image_embeds`, onnx/vision_model.onnx), text embeddings from
// CLIPTextModelWithProjection (`text_embeds`, onnx/text_model.onnx), both made length 1 here so that cosine
// similarity is a dot product (MODELS.md). The image-feature-extraction pipeline is not used: it returns
// hidden states, not the projected embeddings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  type Tensor,
} from '@huggingface/transformers';
import { z } from 'zod';
import { EMBEDDING_FAMILIES } from '../architectures.js';
import { assertSessionFiles, modelInputSize, pickDtypes, readModelJson } from '../model-files.js';
import type { EmbeddingAdapter, LoadedEmbedder } from './adapter.js';

const VISION = 'vision_model';
const TEXT = 'text_model';
/** Files transformers.js needs beside config.json and the sessions. */
const REQUIRED_FILES = ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];

const CropSize = z.object({
  crop_size: z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
});

/** The rows of a [batch, dims] tensor, each scaled to length 1 (an all-zero row stays all zeros). */
export function normalisedRows(tensor: Tensor): Float32Array[] {
  const [batch = 0, dims = 0] = tensor.dims;
  const data = tensor.data as Float32Array;
  return Array.from({ length: batch }, (_, row) => {
    const vector = Float32Array.from(data.subarray(row * dims, (row + 1) * dims));
    const norm = Math.hypot(...vector);
    if (norm > 0) for (let i = 0; i < dims; i += 1) vector[i] = (vector[i] ?? 0) / norm;
    return vector;
  });
}

export const clip: EmbeddingAdapter = {
  family: EMBEDDING_FAMILIES.clip,

  decodeSize(modelDir) {
    for (const file of REQUIRED_FILES) {
      if (!existsSync(join(modelDir, file))) throw new Error(`it has no ${file}`);
    }
    assertSessionFiles(modelDir, [VISION, TEXT]);
    // The processor resizes the shortest edge and crops the middle: decode straight to the crop.
    const crop = CropSize.safeParse(readModelJson(modelDir, 'preprocessor_config.json'));
    const size = crop.success ? crop.data.crop_size : modelInputSize(modelDir);
    return { width: size.width, height: size.height, fit: 'cover' };
  },

  async load(modelDir, { device, dtype, threads }): Promise<LoadedEmbedder> {
    const session_options = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
    const dtypes = pickDtypes(modelDir, [VISION, TEXT], device, dtype) as Record<string, 'fp32'>;
    const [processor, tokenizer, vision, text] = await Promise.all([
      AutoProcessor.from_pretrained(modelDir),
      AutoTokenizer.from_pretrained(modelDir),
      CLIPVisionModelWithProjection.from_pretrained(modelDir, { device, dtype: dtypes, session_options }),
      CLIPTextModelWithProjection.from_pretrained(modelDir, { device, dtype: dtypes, session_options }),
    ]);
    return {
      async embedImages(images) {
        const inputs = (await processor([...images])) as Record<string, Tensor>;
        const { image_embeds } = (await vision(inputs)) as { image_embeds: Tensor };
        return normalisedRows(image_embeds);
      },
      async embedTexts(texts) {
        // Longer texts are cut at the model's length (77 tokens for CLIP).
        const inputs = tokenizer([...texts], { padding: true, truncation: true });
        const { text_embeds } = (await text(inputs)) as { text_embeds: Tensor };
        return normalisedRows(text_embeds);
      },
      async dispose() {
        await Promise.all([vision.dispose(), text.dispose()]);
      },
    };
  },
};
