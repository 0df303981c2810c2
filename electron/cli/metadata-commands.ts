import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { unreadableReason } from '../core/library/probe.js';
import { recordWrittenByHand } from '../core/library/unqueued-results.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import type { SidecarNaming, WritePolicy, WriteTarget } from '../core/metadata/types.js';
import { openExistingLibrary } from './library-access.js';
import { dataDirOption, type CliIo } from './options.js';

interface ReadOptions {
  dataDir?: string;
  json?: boolean;
}

interface WriteOptions {
  alt: string;
  extDesc?: string;
  target: WriteTarget;
  sidecarName: SidecarNaming;
  descriptionFields?: boolean;
  lang?: string;
  dataDir?: string;
  json?: boolean;
}

/**
 * `altlens read <paths...>` and `altlens write <path> --alt TEXT`: the image metadata itself. A library
 * is not needed; where the data dir has one that holds the photo, `read` says how the library has it and
 * `write` is recorded there (undoable with `altlens undo`). A failure is one readable line (an Error that
 * main prints before exiting with 1).
 */
export function addMetadataCommands(program: Command, io: CliIo): void {
  program
    .command('read')
    .description("show the alt text and descriptions in images' metadata (and their XMP sidecars)")
    .argument('<paths...>', 'image files')
    .addOption(dataDirOption())
    .option(
      '--json',
      'print one JSON object a line: {path, altText, extDescription, description, sources, library}',
    )
    .action(async (paths: string[], options: ReadOptions) => {
      const repository = new MetadataRepository();
      const library = openExistingLibrary(options.dataDir);
      try {
        for (const given of paths) {
          const path = resolve(given);
          const read = await repository.read(path).catch((error: unknown) => {
            throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
          });
          const image = library?.findImageByPath(path);
          const line = {
            path,
            altText: read.altText,
            extDescription: read.extDescription,
            description: read.description,
            sources: read.found,
            library: image ? { id: image.id, status: image.status, altText: image.altText } : null,
          };
          if (options.json) io.out(`${JSON.stringify(line)}\n`);
          else {
            io.out(`${path}\n`);
            io.out(`  alt text:             ${show(read.altText)}\n`);
            io.out(`  extended description: ${show(read.extDescription)}\n`);
            io.out(`  description:          ${show(read.description)}\n`);
            for (const found of read.found)
              io.out(`    ${found.field} [${found.lang}] in ${found.source}: ${show(found.value)}\n`);
            if (line.library)
              io.out(`  in the library:       ${line.library.status}, ${show(line.library.altText)}\n`);
          }
        }
      } finally {
        library?.close();
        await repository.close();
      }
    });

  program
    .command('write')
    .description('write alt text into an image (or its XMP sidecar), verified and restored on any problem')
    .argument('<path>', 'the image file')
    .requiredOption('--alt <text>', 'the alt text (at most 250 characters)')
    .option('--ext-desc <text>', 'an extended description')
    .addOption(
      new Option('--target <where>', 'where to write: auto = in the file, or a sidecar for camera raw')
        .choices(['auto', 'file', 'sidecar', 'both'])
        .default('auto'),
    )
    .addOption(
      new Option('--sidecar-name <naming>', "a new sidecar's name: basename = photo.xmp, ext = photo.cr2.xmp")
        .choices(['basename', 'ext'])
        .default('basename'),
    )
    .option(
      '--description-fields',
      'also write XMP-dc:Description, EXIF:ImageDescription and IPTC:Caption-Abstract',
    )
    .option('--lang <code>', 'the language of the text (e.g. en), written besides x-default')
    .addOption(dataDirOption())
    .option('--json', 'print the write record as JSON')
    .action(async (given: string, options: WriteOptions, command: Command) => {
      const path = resolve(given);
      // A file a scan could not read is not written (exiftool would make a sidecar for a text file).
      const unreadable = await unreadableReason(path);
      if (unreadable) throw new Error(`${given}: ${unreadable} Nothing was written.`);
      const repository = new MetadataRepository();
      const library = openExistingLibrary(options.dataDir);
      try {
        const image = library?.findImageByPath(path);
        // A photo of the library is written where its folder's settings say, unless told otherwise here.
        const folderSettings = image && library?.writeRequest(image.id).settings;
        const chosen = (name: string) => command.getOptionValueSource(name) !== 'default';
        const policy: WritePolicy = {
          target: chosen('target') || !folderSettings ? options.target : folderSettings.target,
          sidecarNaming:
            chosen('sidecarName') || !folderSettings ? options.sidecarName : folderSettings.sidecarNaming,
          descriptionFields: options.descriptionFields ?? folderSettings?.descriptionFields ?? false,
          language: options.lang ?? null,
        };
        const record = await repository
          .write(path, { altText: options.alt, extDescription: options.extDesc ?? null }, policy)
          .catch((error: unknown) => {
            throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
          });
        if (image && library) {
          recordWrittenByHand(
            library,
            image.id,
            { altText: options.alt, extDescription: options.extDesc },
            record,
          );
          await library.refreshFile(image.id);
        }
        if (options.json) io.out(`${JSON.stringify(record)}\n`);
        else {
          io.out(`Wrote alt text to ${record.writtenTo.join(' and ')} (verified).\n`);
          if (image)
            io.out(`Recorded in the library: "altlens undo ${given}" puts the previous values back.\n`);
          for (const warning of record.warnings) io.err(`  Note: ${warning}\n`);
        }
      } finally {
        library?.close();
        await repository.close();
      }
    });
}

function show(value: string | null): string {
  return value === null ? '(none)' : JSON.stringify(value);
}
