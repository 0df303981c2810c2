// Batch work on a cluster (issue 13 §6): `altlens export --format jsonl --for-batch` writes the manifest a
// batch job (Ray Data, docs/ray-batch-example.py) describes the photos from, and `altlens import-results`
// takes its results back as generated descriptions to review; the review and the verified writes stay here.
import type { Command } from 'commander';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { writeBatchManifest } from '../core/batch/batch-manifest.js';
import { importBatchResults, type ImportOutcome } from '../core/batch/batch-results.js';
import { DATABASE_FILE } from '../core/db/open.js';
import { Library } from '../core/library/library.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import { resolveDataDir } from '../core/paths.js';
import { dataDirOption, type CliIo } from './options.js';
import { progressLine } from './progress.js';

/** The library of the data dir; a command on a library that is not there yet says how to make one. */
function existingLibrary(dataDir: string | undefined, options: Parameters<typeof Library.open>[1] = {}) {
  const dir = resolveDataDir(dataDir);
  if (!existsSync(join(dir, DATABASE_FILE)))
    throw new Error(`There is no library in ${dir}: add a folder first with "altlens add FOLDER".`);
  return Library.open(dir, options);
}

export interface BatchExportOptions {
  readonly out?: string;
  readonly folder?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
}

/** `altlens export --format jsonl --for-batch`: the manifest and its JPEGs. */
export async function exportForBatch(io: CliIo, options: BatchExportOptions): Promise<void> {
  if (!options.out)
    throw new Error(
      '--for-batch writes the photos as JPEG files beside the manifest: give the manifest file with --out FILE.',
    );
  const out = options.out;
  // Camera raw and HEIC files are sent as their embedded previews, as the app captions them.
  const metadata = new MetadataRepository();
  try {
    const library = existingLibrary(options.dataDir, { metadata, previews: metadata });
    try {
      const folder = options.folder === undefined ? undefined : resolve(options.folder);
      if (
        folder &&
        !library.folders().some((added) => folder === added.path || folder.startsWith(added.path + sep))
      )
        throw new Error(
          `${options.folder} is not in the library: add it first with "altlens add ${folder}".`,
        );
      const result = await writeBatchManifest(library, {
        out,
        folderPath: folder,
        onProgress: (done, total) => io.err(progressLine(done, total, io.errIsTerminal ?? false, 'Prepared')),
      });
      if (options.json) io.out(`${JSON.stringify(result)}\n`);
      else {
        io.out(
          `Wrote the manifest of ${result.written} photo(s) without a description to ${result.manifest}, ` +
            `and each photo as a JPEG of at most 1,536 px with no metadata to ${result.imagesDir}.\n` +
            "The manifest holds the photos' paths and the context your settings allow in prompts. " +
            'Run the batch job on it, then bring its results back with "altlens import-results RESULTS.jsonl".\n',
        );
        for (const { path, error } of result.failed) io.out(`  not in the manifest: ${path}: ${error}\n`);
      }
      if (result.failed.length > 0)
        throw new Error(`${result.failed.length} photo(s) could not be read and are not in the manifest.`);
    } finally {
      library.close();
    }
  } finally {
    await metadata.close();
  }
}

/** `altlens import-results FILE`. */
export function addBatchCommands(program: Command, io: CliIo): void {
  program
    .command('import-results')
    .description(
      "take a batch job's results (JSONL: {id or path, altText, extendedDescription?, model?}) into the " +
        'library as generated descriptions that need review',
    )
    .argument('<file>', 'the results file, one JSON object a line')
    .option('--model <name>', 'the model that made the results, for lines that do not name it')
    .addOption(dataDirOption())
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, options: { model?: string; dataDir?: string; json?: boolean }) => {
      const path = resolve(file);
      if (!existsSync(path)) throw new Error(`${file} does not exist.`);
      const library = existingLibrary(options.dataDir);
      try {
        const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
        const outcome = await importBatchResults(library, lines, { model: options.model });
        if (options.json) io.out(`${JSON.stringify(outcome)}\n`);
        else printOutcome(io, file, outcome);
        if (outcome.bad.length > 0)
          throw new Error(
            `${outcome.bad.length} line(s) of ${file} could not be read and were not imported; ` +
              'the others were. Fix those lines and import the file again.',
          );
      } finally {
        library.close();
      }
    });
}

function printOutcome(io: CliIo, file: string, outcome: ImportOutcome): void {
  const models = outcome.models.length > 0 ? ` (by ${outcome.models.join(', ')})` : '';
  io.out(
    `Imported ${outcome.stored} of ${outcome.lines} result(s) from ${file} as generated descriptions that ` +
      `need review${models}: none is approved, and nothing is written into the files until you review and ` +
      'approve it.\n',
  );
  if (outcome.kept.length > 0) {
    io.out(
      `Kept ${outcome.kept.length} description(s) a person wrote or approved; imported results never replace them:\n`,
    );
    for (const { line, path } of outcome.kept) io.out(`  line ${line}: ${path}\n`);
  }
  if (outcome.unknown.length > 0) {
    io.out(`${outcome.unknown.length} result(s) for photos not in this library, not imported:\n`);
    for (const { line, photo } of outcome.unknown) io.out(`  line ${line}: ${photo} is not in the library\n`);
  }
  for (const { line, message } of outcome.bad) io.err(`${file} line ${line}: ${message}\n`);
}
