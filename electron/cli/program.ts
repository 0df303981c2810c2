import { Command } from 'commander';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImageStatus, type ApiEvent, type ImageSummary } from '../../contract/api.js';
import { Library } from '../core/library/library.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { resolveDataDir } from '../core/paths.js';
import { addAskCommand } from './ask-command.js';
import { addBatchCommands } from './batch-commands.js';
import { addCaptionCommand } from './caption-command.js';
import { addDescribeCommands } from './describe-commands.js';
import { addDoctorCommand } from './doctor-command.js';
import { addMetadataCommands } from './metadata-commands.js';
import {
  addMeaningCommands,
  clipModelOption,
  limitOption,
  searchByMeaningCommand,
  type MeaningOptions,
} from './meaning-commands.js';
import { addModelsCommand } from './models-command.js';
import { addProvidersCommand } from './providers-command.js';
import { addWriteCommands } from './write-commands.js';
import { dataDirOption, type CliIo } from './options.js';
import { addServeCommand } from './serve-command.js';

const defaultRendererDir = fileURLToPath(new URL('../../../renderer/', import.meta.url));

function openLibrary(dataDir: string | undefined): Library {
  return Library.open(resolveDataDir(dataDir));
}

export function buildProgram(io: CliIo, rendererDir = defaultRendererDir): Command {
  const program = new Command('altlens')
    .description('AltLens: alt text for your photos, made on your own machine and written into the files.')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  addServeCommand(program, io, rendererDir);

  program
    .command('add')
    .description('scan a folder (recursively) and add its photos to the library')
    .argument('<folder>', 'the folder to add')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (folder: string, options: { dataDir?: string; json?: boolean }) => {
      // Alt text already in the files is imported as written by a person.
      const metadata = new MetadataRepository();
      const library = Library.open(resolveDataDir(options.dataDir), { metadata, previews: metadata });
      const unsubscribe = library.events.subscribe((event) => reportProgress(io, event));
      try {
        const result = await library.addFolder(folder);
        const failed = [...library.eachImage({ status: 'failed' })].filter((image) =>
          image.path.startsWith(resolve(folder) + sep),
        );
        if (options.json) io.out(`${JSON.stringify(result)}\n`);
        else {
          io.out(
            `Found ${result.found} files: ${result.added} added, ${result.updated} updated, ` +
              `${result.moved} moved, ${result.failed} could not be read.\n`,
          );
          for (const image of failed) io.out(`  ${image.path}: ${image.error ?? ''}\n`);
          if (result.skipped.length > 0) io.out(`Links not followed: ${result.skipped.length}.\n`);
          for (const { path, reason } of result.skipped) io.out(`  ${path}: ${reason}\n`);
        }
      } finally {
        unsubscribe();
        library.close();
        await metadata.close();
      }
    });

  program
    .command('list')
    .description('list the photos in the library and their alt text')
    .addOption(dataDirOption())
    .option('--json', 'print a JSON array of {id, path, status, altText}')
    .action((options: { dataDir?: string; json?: boolean }) => {
      const library = openLibrary(options.dataDir);
      try {
        printImages(io, library.eachImage(), options.json ?? false);
      } finally {
        library.close();
      }
    });

  program
    .command('search')
    .description('find photos by words of their alt text, OCR text or file name')
    .argument('<query...>', 'the words to find (all of them, as word beginnings)')
    .addOption(dataDirOption())
    .option('--status <status>', `only photos with this status (${ImageStatus.options.join(', ')})`)
    .option(
      '--json',
      'print a JSON array of {id, path, status, altText} ({id, path, score, altText} with --meaning)',
    )
    .option('--meaning', 'find photos by what they show, with a CLIP model (see "altlens embed")')
    .addOption(clipModelOption())
    .addOption(limitOption())
    .action(async (words: string[], options: MeaningOptions & { status?: string; meaning?: boolean }) => {
      if (options.meaning) {
        if (options.status !== undefined)
          throw new Error('--status works with word search only: leave out --meaning.');
        return searchByMeaningCommand(io, words.join(' '), options);
      }
      if (options.clipModel !== undefined || options.limit !== undefined) {
        throw new Error('--clip-model and --limit work with --meaning only.');
      }
      const status = ImageStatus.optional().safeParse(options.status);
      if (!status.success) throw new Error(`--status is one of: ${ImageStatus.options.join(', ')}.`);
      const library = openLibrary(options.dataDir);
      try {
        const query = words.join(' ');
        const { images } = library.search({ query, status: status.data, offset: 0, limit: 10_000 });
        printImages(io, images, options.json ?? false);
      } finally {
        library.close();
      }
    });

  addCaptionCommand(program, io);
  addAskCommand(program, io);
  addDoctorCommand(program, io);
  addModelsCommand(program, io);
  addProvidersCommand(program, io);
  addMetadataCommands(program, io);
  addWriteCommands(program, io);
  addDescribeCommands(program, io);
  addBatchCommands(program, io);
  addMeaningCommands(program, io);
  return program;
}

/**
 * Images as `list` and `search` print them, each as soon as it is read: a JSON array of
 * `{id, path, status, altText}` (as `JSON.stringify(rows, null, 2)` writes it), or one tab-separated line each.
 */
function printImages(io: CliIo, images: Iterable<ImageSummary>, json: boolean): void {
  if (!json) {
    for (const image of images)
      io.out(`${image.id}\t${image.status}\t${image.path}\t${image.altText ?? ''}\n`);
    return;
  }
  let count = 0;
  for (const { id, path, status, altText } of images) {
    const row = JSON.stringify({ id, path, status, altText }, null, 2).replace(/\n/g, '\n  ');
    io.out(`${count === 0 ? '[\n' : ',\n'}  ${row}`);
    count += 1;
  }
  io.out(count === 0 ? '[]\n' : '\n]\n');
}

function reportProgress(io: CliIo, event: ApiEvent): void {
  if (event.type === 'scan.progress' && event.total > 0) {
    io.err(`Scanning ${event.done}/${event.total}${event.currentPath ? ` ${event.currentPath}` : ''}\n`);
  }
}
