import { Option, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { followsPrompts, readModelFamily } from '../core/captioning/architectures.js';
import { CaptionEngine, type EngineCaption } from '../core/captioning/caption-engine.js';
import { buildPrompt, type PromptRequest } from '../core/captioning/prompt.js';
import { FOLDER_NOTE_MAX_LENGTH } from '../core/captioning/prompt-context.js';
import {
  altTextRequest,
  captionInStyle,
  type StyledCaption,
  type StyleOptions,
} from '../core/captioning/styled-caption.js';
import type { CaptionProvenance } from '../../contract/style.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { formatOf } from '../core/library/formats.js';
import { RenditionCache } from '../core/media/renditions.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { findImageFiles } from '../core/library/walk.js';
import { ModelStore } from '../core/models/model-store.js';
import { resolveDataDir } from '../core/paths.js';
import { taskRefusal } from '../core/captioning/tasks.js';
import { Settings } from '../core/settings.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';
import {
  captionAll,
  libraryHolding,
  photoContext,
  TASKS,
  type CaptionLine,
  type HeldFiles,
  type Task,
} from './caption-output.js';
import { captionFilesThroughProvider } from './provider-caption.js';
import { providerFromFlags, providerOption, providerUrlOption } from './provider-flags.js';

/** How the command says what it does, by task. */
const DOING: Record<Task, string> = {
  alt: 'Captioning',
  extended: 'Writing extended descriptions of',
  ocr: 'Reading the text in',
};

interface CaptionOptions {
  task: Task;
  model?: string;
  device?: DeviceChoice;
  threads?: number;
  ocr?: boolean;
  json?: boolean;
  dataDir?: string;
  store?: boolean;
  force?: boolean;
  note?: string;
  maxLength?: number;
  provider?: string;
  providerUrl?: string;
}

/**
 * `altlens caption <paths...>`: captions images, for scripts; the library is changed only with --store.
 * With --json, one JSON object a line: {path, altText, ocrText, model, device, ms} (with --store, `stored`
 * too), or {path, error} for a failure; `model` is the model's name for people (see modelDisplayName),
 * e.g. "tiny-captioner (test model)". `--task extended` prints {path, extDescription, model, device, ms},
 * `--task ocr` (the model's own text reading, Florence-2) {path, ocrText, model, device, ms}.
 */
export function addCaptionCommand(program: Command, io: CliIo): void {
  program
    .command('caption')
    .description('write alt text for images or folders of images (the library is changed only with --store)')
    .argument('<paths...>', 'image files or folders (searched recursively)')
    .addOption(
      new Option(
        '--task <task>',
        'what to write: alt text, a longer description, or the text read by the model',
      )
        .choices(TASKS)
        .default('alt'),
    )
    .addOption(modelOption())
    .addOption(providerOption())
    .addOption(providerUrlOption())
    .addOption(deviceOption())
    .addOption(threadsOption())
    .option('--ocr', 'look for text in the images (the default)')
    .option('--no-ocr', 'do not look for text in the images')
    .option('--json', 'print one JSON object a line')
    .option(
      '--store',
      'store the captions in the library as generated, needs review (the photos must be in it; ' +
        "the model, device and OCR default to the library's settings)",
    )
    .option('--force', 'with --store: replace descriptions a person wrote or approved too')
    .addOption(
      new Option(
        '--note <text>',
        "a note about these photos for the prompt, as a folder's note (over the library folder's own)",
      ).argParser(noteArgument),
    )
    .addOption(
      new Option(
        '--max-length <n>',
        'the longest alt text, in characters (20 to 250; default 125)',
      ).argParser(maxLengthArgument),
    )
    .addOption(dataDirOption())
    .action(async (paths: string[], options: CaptionOptions) => {
      if (options.store && options.task !== 'alt') {
        throw new Error('--store stores alt text only: leave out --task, or --store.');
      }
      const files = await expandPaths(paths);
      const held = options.store ? libraryHolding(options.dataDir, files) : null;
      try {
        await caption(io, files, options, held);
      } finally {
        held?.library.close();
      }
    });
}

/** Captions the files one by one and prints each result; with a library, stores each caption in it. */
async function caption(
  io: CliIo,
  files: readonly string[],
  options: CaptionOptions,
  held: HeldFiles | null,
): Promise<void> {
  const defaults = held?.library.settings.read() ?? Settings.parse({});
  const style: StyleOptions = {
    ...defaults,
    altTextMaxLength: options.maxLength ?? defaults.altTextMaxLength,
  };
  const ocr = options.ocr ?? defaults.ocr;
  if (options.provider) {
    const chosen = await providerFromFlags(options);
    await captionFilesThroughProvider(io, chosen, files, { ...options, ocr, style }, held);
    return;
  }
  const modelId = options.model ?? defaults.model;
  const dataDir = resolveDataDir(options.dataDir);
  const models = new ModelStore(join(dataDir, 'models'));
  const modelDir = await models.pathOf(modelId);
  // Named as the app names it: a folder by its name, a test model as one.
  const modelName = await models.nameOf(modelId);
  refuseTask(options.task, modelDir, modelName);
  // Camera raw and HEIC files are captioned from their embedded previews, cached as the app caches them.
  const metadata = new MetadataRepository();
  const engine = new CaptionEngine({
    modelDir,
    modelId,
    device: options.device ?? defaults.device,
    dtype: null,
    threads: options.threads ?? defaults.threads,
    images: RenditionCache.inDataDir(dataDir, metadata),
  });
  try {
    const status = await engine.ready();
    io.err(`${DOING[options.task]} ${files.length} image(s) with ${modelName} on ${status.device}.\n`);
    for (const { device, reason } of status.skipped) io.err(`  ${device} not used: ${reason}\n`);
    const prompted = followsPrompts(modelDir);
    await captionAll(io, files, options, held, (path) => {
      const reading: Reading = {
        task: options.task,
        ocr,
        textReader: defaults.textReader === 'florence2' ? 'model' : 'paddle',
        request: altTextRequest(style, photoContext(held, path, options.note)),
        prompted,
      };
      return captionOne(io, engine, path, reading, modelName);
    });
  } finally {
    engine.close();
    await metadata.close();
  }
}

/** A task the model does not declare is refused before anything runs, in one line naming a model that can. */
function refuseTask(task: Task, modelDir: string, modelName: string): void {
  if (task === 'alt') return; // every model writes alt text
  let tasks: readonly string[];
  try {
    tasks = readModelFamily(modelDir).tasks;
  } catch {
    return; // not a model AltLens runs: the engine says so in its own words
  }
  if (!tasks.includes(task)) throw new Error(taskRefusal(task, modelName, 'cli'));
}

function noteArgument(value: string): string {
  if ([...value].length > FOLDER_NOTE_MAX_LENGTH)
    throw new Error(`The note is longer than ${FOLDER_NOTE_MAX_LENGTH} characters: shorten it.`);
  return value;
}

function maxLengthArgument(value: string): number {
  const length = Number(value);
  if (!Number.isInteger(length) || length < 20 || length > 250)
    throw new Error(`"${value}" is not a length from 20 to 250 characters.`);
  return length;
}

/** How one photo is captioned: the task, who reads its text, and the prompt request in the settings' style. */
interface Reading {
  task: Task;
  ocr: boolean;
  textReader: 'paddle' | 'model';
  request: PromptRequest;
  prompted: boolean;
}

type Captioned = Pick<StyledCaption, 'altText' | 'ocrText' | 'device' | 'stoppedAtTokenLimit'> & {
  provenance: CaptionProvenance | null;
};

/**
 * Alt text in the settings' style (retried shorter, cut to the limit, the text found merged in); another
 * task in the same style and context, as the model writes it (only alt text takes the text found).
 */
async function run(engine: CaptionEngine, path: string, reading: Reading): Promise<Captioned> {
  const { task, ocr, textReader, request, prompted } = reading;
  if (task === 'alt') return captionInStyle(engine, path, { ocr, request, prompted, textReader });
  const prompt = buildPrompt({ ...request, task });
  const result: EngineCaption = await engine.caption(path, { task, ocr: false, textReader, prompt });
  return { ...result, altText: result.caption, provenance: null };
}

async function captionOne(
  io: CliIo,
  engine: CaptionEngine,
  path: string,
  reading: Reading,
  model: string,
): Promise<CaptionLine> {
  const started = performance.now();
  let result: Captioned;
  try {
    result = await run(engine, path, reading);
  } catch (error) {
    return { path, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.stoppedAtTokenLimit) {
    io.err(
      `  ${path}: the model stopped at its token limit before it finished; the text may be incomplete.\n`,
    );
  }
  return {
    path,
    altText: result.altText,
    ocrText: result.ocrText,
    model,
    device: result.device,
    ms: Math.round(performance.now() - started),
    provenance: result.provenance,
  };
}

/** Files as given (if AltLens handles their format) and every image under each folder. */
async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${given} does not exist.`);
    if (info.isDirectory()) files.push(...(await findImageFiles(path)));
    else if (formatOf(path)) files.push(path);
    else throw new Error(`${given} is not a kind of image AltLens reads.`);
  }
  if (files.length === 0) throw new Error('No images found in the paths given.');
  return files;
}
