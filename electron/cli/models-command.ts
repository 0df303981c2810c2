import type { Command } from 'commander';
import { join } from 'node:path';
import { catalog as defaultCatalog, findCatalogModel, type CatalogModel } from '../../models/catalog.js';
import { DEFAULT_MODEL_HOST, type DownloadProgress } from '../core/models/hub-download.js';
import { ModelStore, type StoredModel } from '../core/models/model-store.js';
import { resolveDataDir } from '../core/paths.js';

import { dataDirOption, type CliIo } from './options.js';

/** The model cache: `<dataDir>/models`. */
function openStore(dataDir: string | undefined, models: readonly CatalogModel[]): ModelStore {
  return new ModelStore(join(resolveDataDir(dataDir), 'models'), models);
}

/**
 * Adds `altlens models list | download | import | remove`. `models` replaces the catalog (tests point it at a
 * model served by a local hub).
 */
export function addModelsCommand(
  program: Command,
  io: CliIo,
  models: readonly CatalogModel[] = defaultCatalog,
): void {
  const command = program
    .command('models')
    .description('list, download, import and remove captioning models');

  command
    .command('list')
    .description('list the catalog models (installed or not) and imported model folders')
    .addOption(dataDirOption())
    .option('--json', 'print the list as JSON')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const listed = await openStore(options.dataDir, models).list();
      if (options.json) io.out(`${JSON.stringify(listed, null, 2)}\n`);
      else for (const model of listed) io.out(`${describe(model)}\n`);
    });

  command
    .command('download')
    .description('download a catalog model from the Hugging Face hub (or --host) into the model cache')
    .argument('<id>', 'the model id, e.g. Mozilla/distilvit')
    .addOption(dataDirOption())
    .option('--dtype <dtype>', "the weights' precision (default: the model's CPU default)")
    .option('--host <url>', 'the model host', DEFAULT_MODEL_HOST)
    .action(async (id: string, options: { dataDir?: string; dtype?: string; host: string }) => {
      const model = findCatalogModel(id, models);
      const dtype = options.dtype ?? model?.defaultDtype.cpu;
      const controller = new AbortController();
      const cancel = () => controller.abort();
      process.once('SIGINT', cancel);
      try {
        const result = await openStore(options.dataDir, models).download(id, {
          host: options.host,
          signal: controller.signal,
          onProgress: progressPrinter(io),
          ...(dtype === undefined ? {} : { dtype }),
        });
        io.out(
          result.alreadyInstalled
            ? `${result.modelId} (${result.dtype}) is already installed in ${result.dir}\n`
            : `Installed ${result.modelId} (${result.dtype}, ${megabytes(result.bytes)} MB) in ${result.dir}\n`,
        );
      } finally {
        process.off('SIGINT', cancel);
      }
    });

  command
    .command('import')
    .description('copy a model folder (config.json and onnx/*.onnx) into the model cache')
    .argument('<dir>', 'the model folder')
    .addOption(dataDirOption())
    .action(async (dir: string, options: { dataDir?: string }) => {
      const imported = await openStore(options.dataDir, models).importFolder(dir);
      io.out(`Imported ${imported.id} (${megabytes(imported.bytes)} MB) into ${imported.dir}\n`);
    });

  command
    .command('remove')
    .description('remove a downloaded or imported model from the model cache')
    .argument('<id>', 'a catalog id or imported/<name>')
    .addOption(dataDirOption())
    .action(async (id: string, options: { dataDir?: string }) => {
      await openStore(options.dataDir, models).remove(id);
      io.out(`Removed ${id}\n`);
    });
}

function describe(model: StoredModel): string {
  if (model.kind === 'imported') return `${model.id}\timported\t${megabytes(model.bytes)} MB\t${model.dir}`;
  const status = model.installed
    ? model.copies.map((copy) => `${copy.dtype} (${megabytes(copy.bytes)} MB)`).join(', ')
    : 'not installed';
  return `${model.id}${model.isDefault ? ' (default)' : ''}\t${status}\t${model.displayName}`;
}

/** Plain progress lines on stderr: one when each file starts, at most one a second in between, one at the end. */
function progressPrinter(io: CliIo): (event: DownloadProgress) => void {
  let lastFile = -1;
  let lastAt = 0;
  return (event) => {
    const now = Date.now();
    const finished =
      event.fileIndex === event.fileCount && event.fileTotal !== null && event.fileBytes === event.fileTotal;
    if (event.fileIndex === lastFile && now - lastAt < 1000 && !finished) return;
    lastFile = event.fileIndex;
    lastAt = now;
    io.err(
      `Downloading ${event.modelId}: ${megabytes(event.bytesDone)} of ${megabytes(event.bytesTotal)} MB ` +
        `(file ${event.fileIndex} of ${event.fileCount})\n`,
    );
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
