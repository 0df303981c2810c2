// Florence-2 (Florence-2-base-ft, -large-ft): a vision encoder, a text encoder and a decoder, steered by a
// task token (<CAPTION>, <MORE_DETAILED_CAPTION>, <OCR> …) rather than by a written prompt. transformers.js
// 4.3.1 has no pipeline for it, so this adapter runs the processor (image first, then the task), calls
// generate() itself and post-processes the output with the processor's post_process_generation (MODELS.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Florence2ForConditionalGeneration,
  AutoProcessor,
  Florence2Processor,
  TextStreamer,
  type Tensor,
} from '@huggingface/transformers';
import { cleanAnswer } from '../answer-cleaner.js';
import { FAMILIES, type CaptionTask } from '../architectures.js';
import { assertSessionFiles, modelInputSize, pickDtypes } from '../model-files.js';
import type { LoadedModel, ModelAdapter } from './adapter.js';

const SESSIONS = ['vision_encoder', 'embed_tokens', 'encoder_model', 'decoder_model_merged'];
/** Files transformers.js needs beside config.json and the sessions (MODELS.md). */
const REQUIRED_FILES = ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** Florence-2's task token for each task this adapter runs. */
const TASK_TOKENS: Partial<Record<CaptionTask, string>> = {
  alt: '<CAPTION>',
  extended: '<MORE_DETAILED_CAPTION>',
  ocr: '<OCR>',
};

export const florence2: ModelAdapter = {
  family: FAMILIES.florence2,

  decodeSize(modelDir) {
    for (const file of REQUIRED_FILES) {
      if (!existsSync(join(modelDir, file))) throw new Error(`it has no ${file}`);
    }
    assertSessionFiles(modelDir, SESSIONS);
    // The processor resizes to exactly its size, whatever the photo's shape: decode to that size.
    return { ...modelInputSize(modelDir), fit: 'fill' };
  },

  async load(modelDir, { device, dtype, threads }): Promise<LoadedModel> {
    const [processor, model] = await Promise.all([
      AutoProcessor.from_pretrained(modelDir),
      Florence2ForConditionalGeneration.from_pretrained(modelDir, {
        device,
        dtype: pickDtypes(modelDir, SESSIONS, device, dtype) as Record<string, 'fp32'>,
        session_options: threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {},
      }),
    ]);
    if (!(processor instanceof Florence2Processor)) {
      throw new Error('its preprocessor_config.json does not name Florence2Processor');
    }
    const tokenizer = processor.tokenizer;
    if (!tokenizer) throw new Error('the model folder has no tokenizer');
    const configured = model.generation_config?.eos_token_id ?? [];
    const endIds = new Set(
      [tokenizer.eos_token_id as number | undefined, configured]
        .flat()
        .filter((id) => typeof id === 'number')
        .map((id) => BigInt(id)),
    );
    return {
      tasks: FAMILIES.florence2.tasks,
      async run({ task, image, maxNewTokens }, onToken) {
        const taskToken = TASK_TOKENS[task];
        if (!taskToken) throw new Error(`Florence-2 models cannot do the ${task} task.`);
        const inputs = (await processor(image, taskToken)) as Record<string, Tensor>;
        const streamer = new TextStreamer(tokenizer, {
          skip_prompt: true,
          skip_special_tokens: true,
          callback_function: onToken,
        });
        const output = (await model.generate({
          ...inputs,
          max_new_tokens: maxNewTokens,
          do_sample: false,
          streamer,
        })) as Tensor;
        // The output starts with the decoder's start token, then what the model generated.
        const generated = (output.tolist() as bigint[][])[0]?.slice(1) ?? [];
        // Generation ends with the end token; without one at the limit, the answer was cut off there.
        const last = generated.at(-1);
        const stoppedAtTokenLimit =
          generated.length >= maxNewTokens && (last === undefined || !endIds.has(last));
        const raw = tokenizer.decode(generated, { skip_special_tokens: false });
        const parsed = processor.post_process_generation(raw, taskToken, image.size)[taskToken];
        const answer = typeof parsed === 'string' ? parsed : '';
        // Text read from the photo is kept as read; a description is cleaned like every model's.
        const text = task === 'ocr' ? answer.trim() : cleanAnswer(answer, { stoppedAtTokenLimit });
        return { text, stoppedAtTokenLimit };
      },
      async dispose() {
        await model.dispose();
      },
    };
  },
};
