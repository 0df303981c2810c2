import { Option, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readModelFamily } from '../core/captioning/architectures.js';
import { CaptionEngine } from '../core/captioning/caption-engine.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { questionModelId, questionProblem } from '../core/captioning/question.js';
import { taskRefusal } from '../core/captioning/tasks.js';
import { formatOf } from '../core/library/formats.js';
import { ModelStore } from '../core/models/model-store.js';
import { resolveDataDir } from '../core/paths.js';
import { Settings } from '../core/settings.js';
import { askThroughProvider } from './provider-caption.js';
import { providerFromFlags, providerOption, providerUrlOption } from './provider-flags.js';
import { dataDirOption, deviceOption, threadsOption, type CliIo } from './options.js';

interface AskOptions {
  model: string;
  provider?: string;
  providerUrl?: string;
  device?: DeviceChoice;
  threads?: number;
  json?: boolean;
  dataDir?: string;
}

/**
 * `altlens ask PHOTO QUESTION`: answers a question about one photo with a model that can (an idefics3 /
 * SmolVLM model). Prints the answer; with --json one JSON object on one line: {path, question, answer,
 * model, device, ms}. Nothing is stored.
 */
export function addAskCommand(program: Command, io: CliIo): void {
  program
    .command('ask')
    .description('answer a question about a photo, from what the photo shows (nothing is stored)')
    .argument('<photo>', 'the image file')
    .argument('<question>', 'what you want to know, in quotes')
    .addOption(
      new Option(
        '--model <id|dir>',
        'a model that answers questions: a catalog id (see "altlens models list") or a model folder',
      ).default(questionModelId()),
    )
    .addOption(providerOption())
    .addOption(providerUrlOption())
    .addOption(deviceOption())
    .addOption(threadsOption())
    .option('--json', 'print one JSON object: {path, question, answer, model, device, ms}')
    .addOption(dataDirOption())
    .action((photo: string, question: string, options: AskOptions, command: Command) =>
      ask(io, photo, question, {
        ...options,
        // The default question model is an on-device one: a provider takes its own (or --model given).
        ...(options.provider && command.getOptionValueSource('model') === 'default' ? { model: '' } : {}),
      }),
    );
}

async function ask(io: CliIo, photo: string, question: string, options: AskOptions): Promise<void> {
  const path = resolve(photo);
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${photo} does not exist.`);
  if (!info.isFile() || !formatOf(path)) throw new Error(`${photo} is not a kind of image AltLens reads.`);
  const problem = questionProblem(question);
  if (problem) throw new Error(problem);
  if (options.provider) {
    // No --model: a saved provider's own model ('' stands for the on-device default left out).
    const chosen = await providerFromFlags({ ...options, model: options.model || undefined });
    await askThroughProvider(io, chosen, path, question, options.json ?? false);
    return;
  }

  const modelId = options.model;
  const models = new ModelStore(join(resolveDataDir(options.dataDir), 'models'));
  const modelDir = await models.pathOf(modelId);
  const modelName = await models.nameOf(modelId);
  if (!readModelFamily(modelDir).tasks.includes('question')) {
    throw new Error(taskRefusal('question', modelName, 'cli'));
  }
  const defaults = Settings.parse({});
  const engine = new CaptionEngine({
    modelDir,
    modelId,
    device: options.device ?? defaults.device,
    dtype: null,
    threads: options.threads ?? defaults.threads,
  });
  try {
    const status = await engine.ready();
    io.err(`Asking ${modelName} on ${status.device}.\n`);
    for (const { device, reason } of status.skipped) io.err(`  ${device} not used: ${reason}\n`);
    const started = performance.now();
    const result = await engine.ask(path, question);
    const ms = Math.round(performance.now() - started);
    if (result.stoppedAtTokenLimit) {
      io.err('  The model stopped at its token limit before it finished; the answer may be incomplete.\n');
    }
    io.out(
      options.json
        ? `${JSON.stringify({ path, question: question.trim(), answer: result.answer, model: modelName, device: result.device, ms })}\n`
        : `${result.answer}\n`,
    );
  } finally {
    engine.close();
  }
}
