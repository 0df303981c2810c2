import { Option, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
import type { TokenUsage } from '../core/providers/provider.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { formatOf } from '../core/library/formats.js';
import type { Library } from '../core/library/library.js';
import { RenditionCache } from '../core/media/renditions.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { storeCaption } from '../core/library/unqueued-results.js';
import { findImageFiles } from '../core/library/walk.js';
import { ModelStore } from '../core/models/model-store.js';
import { resolveDataDir } from '../core/paths.js';
import { taskRefusal } from '../core/captioning/tasks.js';
import { Settings } from '../core/settings.js';
import { addHint, openExistingLibrary } from './library-access.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';
import { failsEveryPhoto } from '../core/providers/provider-captions.js';
import { captionThroughProvider } from './provider-caption.js';
import { providerFromFlags, providerOption, providerUrlOption } from './provider-flags.js';

/** What `--task` asks the model for: alt text, a longer description, or the text in the photo. */
const TASKS = ['alt', 'extended', 'ocr'] as const;
type Task = (typeof TASKS)[number];

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
      if (options.provider && options.task !== 'alt') {
        throw new Error('--provider writes alt text only for now: leave out --task, or --provider.');
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

/** A library and the id in it of each file to caption (`--store`). */
interface HeldFiles {
  readonly library: Library;
  readonly ids: ReadonlyMap<string, number>;
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
    io.err(
      `Captioning ${files.length} image(s) with ${chosen.provider.label}: each photo is sent there as a JPEG ` +
        'without metadata.\n',
    );
    const total = { inputTokens: 0, outputTokens: 0, reported: false };
    const caption = captionAll(io, files, options, held, async (path) => {
      const request = altTextRequest(style, photoContext(held, path, options.note));
      try {
        const result = await captionThroughProvider(io, chosen, path, { ocr, request });
        if (result.usage) {
          total.inputTokens += result.usage.inputTokens;
          total.outputTokens += result.usage.outputTokens;
          total.reported = true;
        }
        const { text, model, device, durationMs, ocrText, provenance } = result.caption;
        return {
          path,
          altText: text,
          ocrText,
          model,
          device,
          ms: durationMs,
          provenance: provenance ?? null,
          usage: result.usage,
        };
      } catch (error) {
        // A wrong key or a dead server would fail every photo: stop with its one line.
        if (failsEveryPhoto(error)) throw error;
        return { path, error: error instanceof Error ? error.message : String(error) };
      }
    });
    try {
      await caption;
    } finally {
      if (total.reported) {
        io.err(`Tokens used in all: ${total.inputTokens} in, ${total.outputTokens} out.\n`);
      }
    }
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

/** Captions the files one by one with `one` and prints each result; with a library, stores each caption in it. */
async function captionAll(
  io: CliIo,
  files: readonly string[],
  options: CaptionOptions,
  held: HeldFiles | null,
  one: (path: string) => Promise<CaptionLine>,
): Promise<void> {
  let failed = 0;
  let kept = 0;
  for (const [index, path] of files.entries()) {
    const line = await one(path);
    if ('error' in line) failed += 1;
    const stored = held && !('error' in line) ? store(held, line, options.force ?? false) : null;
    if (stored === false) kept += 1;
    io.out(
      options.json
        ? `${JSON.stringify(stored === null ? printed(line, options.task) : { ...printed(line, options.task), stored })}\n`
        : `${path}\t${'error' in line ? `error: ${line.error}` : line.altText}\n`,
    );
    if (stored === false)
      io.err(
        `  ${path}: not stored, it has a description a person wrote or approved (--force replaces it)\n`,
      );
    if (files.length > 1) io.err(progressLine(index + 1, files.length, io.errIsTerminal ?? false));
  }
  if (held) {
    const stored = files.length - failed - kept;
    io.err(
      `Stored ${stored} caption(s) in the library as generated, needs review; kept ${kept} a person wrote or approved.\n`,
    );
  }
  if (failed > 0) throw new Error(`${failed} of ${files.length} image(s) could not be captioned.`);
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

/** A result line as --json prints it: each task's text under its own name (the provenance is stored, not printed). */
function printed(line: CaptionLine, task: Task): object {
  if ('error' in line) return line;
  const { path, altText, ocrText, model, device, ms, usage } = line;
  if (usage !== undefined) return { path, altText, ocrText, model, device, ms, remote: true, usage };
  if (task === 'alt') return { path, altText, ocrText, model, device, ms };
  return task === 'extended'
    ? { path, extDescription: altText, model, device, ms }
    : { path, ocrText: altText, model, device, ms };
}

/**
 * The data dir's library, for `--store`: each file must be in it, or nothing is captioned (a caption that
 * could not be stored would be work lost).
 */
function libraryHolding(dataDir: string | undefined, files: readonly string[]): HeldFiles {
  const library = openExistingLibrary(dataDir);
  const ids = new Map<string, number>();
  for (const path of files) {
    const id = library?.findImageByPath(path)?.id;
    if (id !== undefined) ids.set(path, id);
  }
  const outside = files.filter((path) => !ids.has(path));
  if (library && outside.length === 0) return { library, ids };
  library?.close();
  const [first] = outside;
  throw new Error(
    `${outside.length === 1 ? first : `${outside.length} of the ${files.length} images, ${first} first,`} ` +
      `${outside.length === 1 ? 'is' : 'are'} not in the library: add ${addHint(dirname(first ?? ''))}, ` +
      'or caption without --store.',
  );
}

/** Stores a caption made here as the photo's caption job's result; false when a person's text was kept. */
function store({ library, ids }: HeldFiles, line: CaptionedLine, force: boolean): boolean {
  const imageId = ids.get(line.path);
  if (imageId === undefined) throw new Error(`${line.path} is no longer in the library.`);
  return storeCaption(
    library,
    imageId,
    {
      text: line.altText,
      model: line.model,
      device: line.device,
      durationMs: line.ms,
      ocrText: line.ocrText,
      provenance: line.provenance ?? undefined,
    },
    force,
  );
}

/** The folder note and metadata a photo's prompt may carry: from the library with --store, --note over it. */
function photoContext(held: HeldFiles | null, path: string, note: string | undefined) {
  const imageId = held?.ids.get(path);
  const folder = imageId === undefined ? undefined : held?.library.folderContexts.ofImage(imageId);
  const found = imageId === undefined ? undefined : held?.library.findImage(imageId)?.foundInFile;
  return {
    path,
    folder: { note: note ?? folder?.note ?? '', allowIdentity: folder?.allowIdentity ?? false },
    found,
  };
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

interface CaptionedLine {
  path: string;
  /** The alt text, or with --task the task's text (the extended description, the text read). */
  altText: string;
  ocrText: string;
  model: string;
  device: string;
  ms: number;
  /** Stored with --store (alt text only); not printed. */
  provenance: CaptionProvenance | null;
  /** Tokens a provider said it used (--provider), printed where the API reports them. */
  usage?: TokenUsage | null;
}

type CaptionLine = CaptionedLine | { path: string; error: string };

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
