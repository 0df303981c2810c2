import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImageStatus, type ApiEvent, type ImageSummary } from '../../contract/api.js';
import { openCore } from '../core/app-core.js';
import type { DeviceChoice } from '../core/captioning/devices.js';
import { Library } from '../core/library/library.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { resolveDataDir } from '../core/paths.js';
import type { LibraryWatcher } from '../core/watching/library-watcher.js';
import { startServer } from '../server/http-server.js';
import { addCaptionCommand } from './caption-command.js';
import { addDescribeCommands } from './describe-commands.js';
import { addDoctorCommand } from './doctor-command.js';
import { addMetadataCommands } from './metadata-commands.js';
import { addModelsCommand } from './models-command.js';
import { addWriteCommands } from './write-commands.js';
import { dataDirOption, deviceOption, modelOption, threadsOption, type CliIo } from './options.js';

const defaultRendererDir = fileURLToPath(new URL('../../../renderer/', import.meta.url));

function openLibrary(dataDir: string | undefined): Library {
  return Library.open(resolveDataDir(dataDir));
}

export function buildProgram(io: CliIo, rendererDir = defaultRendererDir): Command {
  const program = new Command('altlens')
    .description('AltLens: alt text for your photos, made on your own machine and written into the files.')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('serve')
    .description('run AltLens in your browser: serves the app on 127.0.0.1 with a one-time token')
    .addOption(dataDirOption())
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 0)
    .addOption(modelOption())
    .addOption(deviceOption())
    .addOption(threadsOption())
    .option('--no-ocr', 'do not look for text in images')
    .option(
      '--watch <dir>',
      'add this folder to the library and watch it (repeatable)',
      (dir: string, dirs: string[]) => [...dirs, resolve(dir)],
      [],
    )
    .action(
      async (options: {
        threads?: number;
        dataDir?: string;
        port: number;
        model?: string;
        device?: DeviceChoice;
        ocr: boolean;
        watch: string[];
      }) => {
        for (const dir of options.watch) {
          const info = await stat(dir).catch(() => null);
          if (!info?.isDirectory()) throw new Error(`--watch ${dir}: not a folder that can be read.`);
        }
        const core = openCore({
          dataDir: resolveDataDir(options.dataDir),
          overrides: {
            ...(options.model ? { model: options.model } : {}),
            ...(options.device ? { device: options.device } : {}),
            ...(options.threads ? { threads: options.threads } : {}),
            ...(options.ocr ? {} : { ocr: false }),
          },
        });
        const server = await startServer({
          library: core.library,
          handlers: core.handlers,
          rendererDir,
          port: options.port,
        });
        // Watched before the link is printed, so a file copied in from then on is seen; scanned after.
        for (const dir of options.watch) await core.watcher.watchFolder(dir);
        io.out(`AltLens is running at ${server.url}\n`);
        let stopping = false;
        void addWatchedFolders(io, core.watcher, options.watch, () => stopping);
        await new Promise<void>((resolve) => {
          const stop = () => {
            stopping = true;
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            io.err('AltLens: shutting down.\n');
            void server
              .close()
              .then(() => core.close())
              .then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      },
    );

  program
    .command('add')
    .description('scan a folder (recursively) and add its photos to the library')
    .argument('<folder>', 'the folder to add')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (folder: string, options: { dataDir?: string; json?: boolean }) => {
      // Alt text already in the files is imported as written by a person.
      const metadata = new MetadataRepository();
      const library = Library.open(resolveDataDir(options.dataDir), { metadata });
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
    .option('--json', 'print a JSON array of {id, path, status, altText}')
    .action((words: string[], options: { dataDir?: string; status?: string; json?: boolean }) => {
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
  addDoctorCommand(program, io);
  addModelsCommand(program, io);
  addMetadataCommands(program, io);
  addWriteCommands(program, io);
  addDescribeCommands(program, io);
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

/** `serve --watch`: each folder is scanned into the library, one after the other, and reported on stderr. */
async function addWatchedFolders(
  io: CliIo,
  watcher: LibraryWatcher,
  dirs: readonly string[],
  stopping: () => boolean,
): Promise<void> {
  for (const dir of dirs) {
    if (stopping()) return;
    try {
      const result = await watcher.add(dir);
      const photos = `${result.found} ${result.found === 1 ? 'photo' : 'photos'}`;
      io.err(`AltLens: watching ${dir} (${photos}, ${result.added} new).\n`);
    } catch (error) {
      if (!stopping())
        io.err(`AltLens: could not add ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function reportProgress(io: CliIo, event: ApiEvent): void {
  if (event.type === 'scan.progress' && event.total > 0) {
    io.err(`Scanning ${event.done}/${event.total}${event.currentPath ? ` ${event.currentPath}` : ''}\n`);
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`"${value}" is not a port number.`);
  return port;
}
