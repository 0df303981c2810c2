import type { Command } from 'commander';
import { resolve } from 'node:path';
import { Library } from '../core/library/library.js';
import { exportRows, toCsv, toJson } from '../core/library/export.js';
import { resolveDataDir } from '../core/paths.js';
import { metadataWriter, writingRepository } from '../core/writing/metadata-writer.js';
import { WriteService } from '../core/writing/write-service.js';
import { exportForBatch, type BatchExportOptions } from './batch-commands.js';
import { dataDirOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';

/**
 * Opens the library with the metadata repository and the write service, for one command (`write-approved`,
 * `undo`, `write` of a library photo): writes that a process which died left under way are settled first.
 */
export async function withWrites<T>(
  dataDir: string | undefined,
  work: (library: Library, writes: WriteService) => Promise<T>,
): Promise<T> {
  const dir = resolveDataDir(dataDir);
  const metadata = writingRepository(dir);
  const library = Library.open(dir, { metadata, previews: metadata });
  const writes = new WriteService(library, metadataWriter(metadata));
  try {
    await writes.settleInterrupted();
    return await work(library, writes);
  } finally {
    await writes.stop();
    library.close();
    await metadata.close();
  }
}

/** Resolves when the library's write jobs are all done (pushed `writes.status` events). */
function writesSettled(library: Library): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = library.events.subscribe((event) => {
      if (event.type !== 'writes.status') return;
      const { counts, current } = event;
      if (current === null && counts.queued === 0 && counts.running === 0) {
        unsubscribe();
        resolve();
      }
    });
  });
}

/** `altlens write-approved`, `altlens undo`, `altlens export`: the library's alt text into files and out. */
export function addWriteCommands(program: Command, io: CliIo): void {
  program
    .command('write-approved')
    .description('write the approved alt text of the library (or of one folder) into the files, verified')
    .option('--folder <folder>', 'only the photos of this added folder')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .action(async (options: { folder?: string; dataDir?: string; json?: boolean }) => {
      await withWrites(options.dataDir, async (library, writes) => {
        const folders = library
          .folders()
          .filter((folder) => !options.folder || folder.path === resolve(options.folder));
        if (options.folder && folders.length === 0)
          throw new Error(`${options.folder} is not a folder in the library.`);
        const settled = writesSettled(library);
        const startedAt = Date.now();
        let queued = 0;
        for (const folder of folders) queued += writes.queue({ folderId: folder.id }).queued;
        let reported = 0;
        const unsubscribe = library.events.subscribe((event) => {
          if (event.type !== 'writes.status') return;
          const counts = library.queue.counts('write', startedAt);
          const finished = Math.min(counts.done + counts.failed, queued);
          if (finished <= reported) return;
          reported = finished;
          io.err(progressLine(finished, queued, io.errIsTerminal ?? false, 'Written'));
        });
        if (queued > 0) {
          writes.start();
          await settled;
        }
        unsubscribe();
        const outcome = folders
          .flatMap((folder) => [...library.eachImage({ folderId: folder.id })])
          .filter((image) => image.writeJob)
          .map((image) => ({
            path: image.path,
            state: image.writeJob?.state,
            error: image.writeJob?.error ?? null,
          }));
        const failed = outcome.filter((row) => row.state === 'failed');
        if (options.json) io.out(`${JSON.stringify({ queued, results: outcome })}\n`);
        else {
          io.out(`Written: ${queued - failed.length}, failed: ${failed.length}.\n`);
          for (const row of failed) io.out(`  ${row.path}: ${row.error ?? ''}\n`);
        }
        if (failed.length > 0) throw new Error(`${failed.length} of ${queued} write(s) failed.`);
      });
    });

  program
    .command('undo')
    .description('undo the last write of alt text into a file: the previous values go back')
    .argument('<path>', 'the image')
    .addOption(dataDirOption())
    .option('--json', 'print the image as JSON')
    .action(async (path: string, options: { dataDir?: string; json?: boolean }) => {
      await withWrites(options.dataDir, async (library, writes) => {
        const image = library.findImageByPath(resolve(path));
        if (!image) throw new Error(`${path} is not in the library.`);
        const detail = await writes.undo(image.id);
        if (options.json) io.out(`${JSON.stringify(detail)}\n`);
        else io.out(`Undone: ${detail.path} has its previous metadata back.\n`);
      });
    });

  program
    .command('export')
    .description(
      'export every photo with its alt text, as CSV or JSON; or, with --format jsonl --for-batch, the ' +
        'manifest of the photos without a description for a batch job',
    )
    .option('--format <format>', 'csv, json, or jsonl (with --for-batch)', 'csv')
    .option('--for-batch', "a batch job's manifest: prompts and resized metadata-free JPEGs beside it")
    .option('--folder <folder>', 'with --for-batch: only the photos of this folder')
    .option('--out <file>', 'with --for-batch: the manifest file to write')
    .addOption(dataDirOption())
    .action(async (options: { format: string; forBatch?: boolean } & BatchExportOptions) => {
      if (options.forBatch || options.format === 'jsonl') {
        if (!options.forBatch || options.format !== 'jsonl')
          throw new Error('A batch manifest is JSONL: use --format jsonl --for-batch together.');
        return exportForBatch(io, options);
      }
      if (options.format !== 'csv' && options.format !== 'json') throw new Error('--format is csv or json.');
      const library = Library.open(resolveDataDir(options.dataDir));
      try {
        const rows = exportRows(library);
        io.out(options.format === 'csv' ? toCsv(rows) : toJson(rows));
      } finally {
        library.close();
      }
    });
}
