import { Option, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readModelFamily } from '../core/captioning/architectures.js';
import { CaptionEngine, type EngineCaption } from '../core/captioning/caption-engine.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { formatOf } from '../core/library/formats.js';
import type { Library } from '../core/library/library.js';
import { RenditionCache } from '../core/media/renditions.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { storeCaption } from '../core/library/unqueued-results.js';
import { findImageFiles } from '../core/library/walk.js';
import { ModelStore } from '../core/models/model-store.js';
import { mergeTextIntoAltText } from '../core/ocr/alt-text-merge.js';
import { resolveDataDir } from '../core/paths.js';
import { taskRefusal } from '../core/captioning/tasks.js';
import { Settings } from '../core/settings.js';
import { addHint, openExistingLibrary } from './library-access.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';

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
    let failed = 0;
    let kept = 0;
    for (const [index, path] of files.entries()) {
      const reading = {
        task: options.task,
        ocr: options.ocr ?? defaults.ocr,
        textReader: defaults.textReader === 'florence2' ? 'model' : 'paddle',
      } as const;
      const line = await captionOne(io, engine, path, reading, modelName);
      if ('error' in line) failed += 1;
      const stored = held && !('error' in line) ? store(held, line, options.force ?? false) : null;
      if (stored === false) kept += 1;
      io.out(
        options.json
          ? `${JSON.stringify(stored === null ? printed(line, options.task) : { ...line, stored })}\n`
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

/** A result line as --json prints it: each task's text under its own name. */
function printed(line: CaptionLine, task: Task): object {
  if ('error' in line || task === 'alt') return line;
  const { path, altText, model, device, ms } = line;
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
    },
    force,
  );
}

interface CaptionedLine {
  path: string;
  /** The alt text, or with --task the task's text (the extended description, the text read). */
  altText: string;
  ocrText: string;
  model: string;
  device: string;
  ms: number;
}

type CaptionLine = CaptionedLine | { path: string; error: string };

async function captionOne(
  io: CliIo,
  engine: CaptionEngine,
  path: string,
  { task, ocr, textReader }: { task: Task; ocr: boolean; textReader: 'paddle' | 'model' },
  model: string,
): Promise<CaptionLine> {
  const started = performance.now();
  let result: EngineCaption;
  try {
    // Only alt text takes the text found in the photo.
    result = await engine.caption(path, { task, ocr: task === 'alt' && ocr, textReader });
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
    altText: task === 'alt' ? mergeTextIntoAltText(result.caption, result.ocrText) : result.caption,
    ocrText: result.ocrText,
    model,
    device: result.device,
    ms: Math.round(performance.now() - started),
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
