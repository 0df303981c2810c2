// `altlens embed`, `altlens search --meaning` and `altlens similar` (issue 14): search by meaning with a CLIP
// model run in the engine process, over the embeddings kept in the library.
import { Option, type Command } from 'commander';
import { join, resolve, sep } from 'node:path';
import { readEmbeddingFamily, UnsupportedModelError } from '../core/captioning/architectures.js';
import { CaptionEngine } from '../core/captioning/caption-engine.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import {
  embedPhotos,
  searchByMeaning,
  similarPhotos,
  type Embedder,
  type MeaningHit,
} from '../core/embeddings/meaning-search.js';
import { embeddingModelKey } from '../core/embeddings/model-key.js';
import { Library } from '../core/library/library.js';
import { RenditionCache } from '../core/media/renditions.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { ModelStore } from '../core/models/model-store.js';
import { resolveDataDir } from '../core/paths.js';
import { Settings } from '../core/settings.js';
import { addHint, notInLibrary } from './library-access.js';
import { dataDirOption, deviceOption, threadsOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';

export interface MeaningOptions {
  dataDir?: string;
  clipModel?: string;
  device?: DeviceChoice;
  threads?: number;
  json?: boolean;
  limit?: number;
}

export const clipModelOption = () =>
  new Option(
    '--clip-model <id|dir>',
    'the CLIP model: a folder, or imported/<name> (default: the CLIP model imported with "altlens models import")',
  );

export const limitOption = () =>
  new Option('--limit <n>', 'at most this many photos (default 20)').argParser((value) => {
    const limit = Number(value);
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`"${value}" is not a number of photos.`);
    return limit;
  });

const NO_CLIP_MODEL =
  'No CLIP model is installed. Import a CLIP folder (such as Xenova/clip-vit-base-patch32, with ' +
  'onnx/vision_model.onnx and onnx/text_model.onnx) with "altlens models import DIR", or give one with --clip-model DIR.';

interface ClipModel {
  readonly dir: string;
  readonly name: string;
  /** The key its embeddings are kept under (model-key.ts). */
  readonly key: string;
}

/** The CLIP model to use: the one given (a folder or imported/<name>), else the first one imported. */
async function clipModel(dataDir: string, given: string | undefined): Promise<ClipModel> {
  const store = new ModelStore(join(dataDir, 'models'));
  let dir: string;
  if (given !== undefined) dir = await store.pathOf(given);
  else {
    const imported = (await store.list()).flatMap((model) => (model.kind === 'imported' ? [model.dir] : []));
    const found = imported.find((candidate) => {
      try {
        readEmbeddingFamily(candidate);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) throw new Error(NO_CLIP_MODEL);
    dir = found;
  }
  let family: string;
  try {
    family = readEmbeddingFamily(dir).name;
  } catch (error) {
    if (error instanceof UnsupportedModelError) throw error;
    throw new Error(`${dir} is not a model folder: its config.json is not a model's settings.`);
  }
  return { dir, name: await store.nameOf(given ?? dir), key: await embeddingModelKey(dir, family) };
}

/**
 * Runs `work` with the library and the CLIP model, then closes them; the embedder loads the model in an engine
 * process when first asked for an embedding (a command with nothing to embed or search never starts one).
 */
async function withEngine<T>(
  io: CliIo,
  options: MeaningOptions,
  work: (library: Library, model: ClipModel, embedder: Embedder) => Promise<T>,
): Promise<T> {
  const dataDir = resolveDataDir(options.dataDir);
  const model = await clipModel(dataDir, options.clipModel);
  const defaults = Settings.parse({});
  // Camera raw and HEIC files are embedded from their previews, cached as the app caches them.
  const metadata = new MetadataRepository();
  const library = Library.open(dataDir);
  const engine = new CaptionEngine({
    modelDir: model.dir,
    modelId: model.name,
    device: options.device ?? defaults.device,
    dtype: null,
    threads: options.threads ?? defaults.threads,
    images: RenditionCache.inDataDir(dataDir, metadata),
    purpose: 'embed',
  });
  let loaded: Promise<CaptionEngine> | null = null;
  const load = async () => {
    const status = await engine.ready();
    io.err(`Using ${model.name} on ${status.device}.\n`);
    for (const { device, reason } of status.skipped) io.err(`  ${device} not used: ${reason}\n`);
    return engine;
  };
  try {
    const embedder: Embedder = {
      embedImages: async (paths) => (await (loaded ??= load())).embedImages(paths),
      embedTexts: async (texts) => (await (loaded ??= load())).embedTexts(texts),
    };
    return await work(library, model, embedder);
  } finally {
    engine.close();
    library.close();
    await metadata.close();
  }
}

/** Prints photos found by meaning: a JSON array of {id, path, score, altText}, or one line each. */
function printHits(io: CliIo, hits: readonly MeaningHit[], json: boolean): void {
  if (json) io.out(`${JSON.stringify(hits, null, 2)}\n`);
  else
    for (const hit of hits) io.out(`${hit.score.toFixed(3)}\t${hit.id}\t${hit.path}\t${hit.altText ?? ''}\n`);
}

/** `altlens search QUERY --meaning`: the photos closest in meaning to the query, best first. */
export async function searchByMeaningCommand(
  io: CliIo,
  query: string,
  options: MeaningOptions,
): Promise<void> {
  const hits = await withEngine(io, options, (library, model, embedder) =>
    searchByMeaning(library, embedder, model.key, query, options.limit ?? 20),
  );
  printHits(io, hits, options.json ?? false);
}

export function addMeaningCommands(program: Command, io: CliIo): void {
  program
    .command('embed')
    .description('compute the embeddings search by meaning needs, for photos that have none or changed since')
    .addOption(clipModelOption())
    .option('--folder <folder>', 'only the photos under this folder')
    .addOption(deviceOption())
    .addOption(threadsOption())
    .addOption(dataDirOption())
    .action(async (options: MeaningOptions & { folder?: string }) => {
      await withEngine(io, options, async (library, model, embedder) => {
        const folder = options.folder === undefined ? undefined : resolve(options.folder);
        if (folder !== undefined && !library.folders().some((f) => isWithin(folder, f.path))) {
          throw new Error(`${options.folder} is not in the library: add ${addHint(folder)}.`);
        }
        const targets = library.embeddings.needing(model.key, folder);
        if (targets.length === 0) {
          io.out('Every photo already has an embedding.\n');
          return;
        }
        io.err(`Embedding ${targets.length} photo(s).\n`);
        const { embedded, failed } = await embedPhotos(library, embedder, model.key, targets, (done, total) =>
          io.err(progressLine(done, total, io.errIsTerminal ?? false, 'Embedded')),
        );
        io.out(
          `Embedded ${embedded} of ${targets.length} photo(s); ${failed.length} could not be embedded.\n`,
        );
        for (const { path, error } of failed) io.out(`  ${path}: ${error}\n`);
        if (embedded === 0) throw new Error(`None of the ${targets.length} photo(s) could be embedded.`);
      });
    });

  program
    .command('similar')
    .description('find the photos that look most like a photo in the library (the photo itself left out)')
    .argument('<photo>', 'a photo in the library')
    .addOption(clipModelOption())
    .addOption(limitOption())
    .option('--json', 'print a JSON array of {id, path, score, altText}')
    .addOption(dataDirOption())
    .action(async (photo: string, options: MeaningOptions) => {
      const dataDir = resolveDataDir(options.dataDir);
      const model = await clipModel(dataDir, options.clipModel);
      const library = Library.open(dataDir);
      try {
        const image = library.findImageByPath(resolve(photo));
        if (!image) throw notInLibrary(photo);
        printHits(
          io,
          similarPhotos(library, model.key, image.id, options.limit ?? 20),
          options.json ?? false,
        );
      } finally {
        library.close();
      }
    });
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
