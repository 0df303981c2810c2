// Vision-encoder-decoder captioners (Mozilla/distilvit, vit-gpt2): an image encoder and a text decoder,
// run through transformers.js's image-to-text pipeline. They take no prompt: every task they offer is `alt`.
import { pipeline, type ImageToTextPipeline } from '@huggingface/transformers';
import { FAMILIES } from '../architectures.js';
import { assertSessionFiles, modelInputSize, pickDtypes } from '../model-files.js';
import type { LoadedModel, ModelAdapter } from './adapter.js';

const SESSIONS = ['encoder_model', 'decoder_model_merged'];

export const visionEncoderDecoder: ModelAdapter = {
  family: FAMILIES.visionEncoderDecoder,

  decodeSize(modelDir) {
    assertSessionFiles(modelDir, SESSIONS);
    return { ...modelInputSize(modelDir), fit: 'fill' };
  },

  async load(modelDir, { device, dtype, threads }): Promise<LoadedModel> {
    const captioner = (await pipeline('image-to-text', modelDir, {
      device,
      dtype: pickDtypes(modelDir, SESSIONS, device, dtype) as Record<string, 'fp32'>,
      session_options: threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {},
    })) as ImageToTextPipeline;
    return {
      tasks: FAMILIES.visionEncoderDecoder.tasks,
      async run({ image, maxNewTokens }, onToken) {
        const output = await captioner(image, { max_new_tokens: maxNewTokens });
        const generated = Array.isArray(output) ? output[0] : undefined;
        const text =
          generated && 'generated_text' in generated ? String(generated.generated_text).trim() : '';
        onToken(text); // the pipeline gives the caption whole
        // The pipeline drops the end token: a caption as long as the limit is taken as cut off there.
        const stoppedAtTokenLimit = captioner.tokenizer.encode(text).length >= maxNewTokens;
        return { text, stoppedAtTokenLimit };
      },
      async dispose() {
        await captioner.dispose();
      },
    };
  },
};
