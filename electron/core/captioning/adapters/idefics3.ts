// idefics3 / SmolVLM (SmolVLM-256M/500M-Instruct): a prompted vision-language model. transformers.js 4.3.1
// has no image-text-to-text pipeline, so this adapter puts the instruction (built by the app with buildPrompt)
// into the chat template, runs the processor and calls generate() itself (MODELS.md), streaming the answer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  TextStreamer,
  type PreTrainedModel,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { z } from 'zod';
import { cleanAnswer } from '../answer-cleaner.js';
import { FAMILIES } from '../architectures.js';
import { assertSessionFiles, pickDtypes, readModelJson } from '../model-files.js';
import type { LoadedModel, ModelAdapter } from './adapter.js';

const SESSIONS = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];
/** Files transformers.js needs beside config.json and the sessions (MODELS.md). */
const REQUIRED_FILES = [
  'preprocessor_config.json',
  'processor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
];

const PreprocessorConfig = z.object({
  size: z.object({ longest_edge: z.number().int().positive() }),
});

/** Newer exports keep the chat template in chat_template.json; transformers.js reads tokenizer_config.json. */
const ChatTemplateFile = z.object({ chat_template: z.string().min(1) });

function chatTemplateFile(modelDir: string): string | undefined {
  if (!existsSync(join(modelDir, 'chat_template.json'))) return undefined;
  const parsed = ChatTemplateFile.safeParse(readModelJson(modelDir, 'chat_template.json'));
  return parsed.success ? parsed.data.chat_template : undefined;
}

export const idefics3: ModelAdapter = {
  family: FAMILIES.idefics3,

  decodeSize(modelDir) {
    for (const file of REQUIRED_FILES) {
      if (!existsSync(join(modelDir, file))) throw new Error(`it has no ${file}`);
    }
    assertSessionFiles(modelDir, SESSIONS);
    // The processor resizes to this longest edge and tiles the image itself: decode no larger than that.
    const { longest_edge } = PreprocessorConfig.parse(
      readModelJson(modelDir, 'preprocessor_config.json'),
    ).size;
    return { width: longest_edge, height: longest_edge, fit: 'inside' };
  },

  async load(modelDir, { device, dtype, threads }): Promise<LoadedModel> {
    const [processor, model] = await Promise.all([
      AutoProcessor.from_pretrained(modelDir),
      AutoModelForVision2Seq.from_pretrained(modelDir, {
        device,
        dtype: pickDtypes(modelDir, SESSIONS, device, dtype) as Record<string, 'fp32'>,
        session_options: threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {},
      }),
    ]);
    const tokenizer = processor.tokenizer;
    if (!tokenizer) throw new Error('the model folder has no tokenizer');
    const chatTemplate = tokenizer.chat_template ? undefined : chatTemplateFile(modelDir);
    const specialIds = new Set(tokenizer.all_special_ids.map((id) => BigInt(id)));
    return {
      tasks: FAMILIES.idefics3.tasks,
      async run({ prompt: instruction, image, maxNewTokens }, onToken) {
        const prompt = promptText(processor, instruction, chatTemplate);
        const inputs = (await processor(prompt, [image])) as { input_ids: Tensor };
        const promptLength = inputs.input_ids.dims.at(-1) ?? 0;
        const streamer = new TextStreamer(tokenizer, {
          skip_prompt: true,
          skip_special_tokens: true,
          callback_function: onToken,
        });
        const output = (await (model as PreTrainedModel).generate({
          ...inputs,
          max_new_tokens: maxNewTokens,
          do_sample: false,
          streamer,
        })) as Tensor;
        const generated = (output.tolist() as bigint[][])[0]?.slice(promptLength) ?? [];
        const last = generated.at(-1);
        // Generation ends with an end token; without one at the limit, the answer was cut off there.
        const stoppedAtTokenLimit =
          generated.length >= maxNewTokens && (last === undefined || !specialIds.has(last));
        const answer = tokenizer.decode(generated, { skip_special_tokens: true });
        return { text: cleanAnswer(answer, { stoppedAtTokenLimit }), stoppedAtTokenLimit };
      },
      async dispose() {
        await model.dispose();
      },
    };
  },
};

function promptText(processor: Processor, instruction: string, chatTemplate: string | undefined): string {
  return processor.apply_chat_template(
    [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: instruction }] }],
    { add_generation_prompt: true, ...(chatTemplate ? { chat_template: chatTemplate } : {}) },
  ) as string;
}
