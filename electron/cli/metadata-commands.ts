import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { unreadableReason } from '../core/library/probe.js';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import {
  parseWriteRecord,
  type SidecarNaming,
  type WriteRecord,
  type WriteTarget,
} from '../core/metadata/types.js';
import type { WritePolicyOverride } from '../core/writing/write-service.js';
import { openExistingLibrary } from './library-access.js';
import { dataDirOption, type CliIo } from './options.js';
import { withWrites } from './write-commands.js';

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
      const inLibrary = openExistingLibrary(options.dataDir);
      const image = inLibrary?.findImageByPath(path);
      inLibrary?.close();
      const chosen = (name: string) => command.getOptionValueSource(name) !== 'default';
      const record = await (
        image ? writeLibraryPhoto(image.id, options, chosen) : writeFile(path, options)
      ).catch((error: unknown) => {
        throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (options.json) io.out(`${JSON.stringify(record)}\n`);
      else {
        io.out(`Wrote alt text to ${record.writtenTo.join(' and ')} (verified).\n`);
        if (image)
          io.out(`Recorded in the library: "altlens undo ${given}" puts the previous values back.\n`);
        for (const warning of record.warnings) io.err(`  Note: ${warning}\n`);
      }
    });
}

/** A photo outside the library: written with the options given, recorded nowhere. */
async function writeFile(path: string, options: WriteOptions): Promise<WriteRecord> {
  const repository = new MetadataRepository();
  try {
    return await repository.write(
      path,
      { altText: options.alt, extDescription: options.extDesc ?? null },
      {
        target: options.target,
        sidecarNaming: options.sidecarName,
        descriptionFields: options.descriptionFields ?? false,
        language: options.lang ?? null,
      },
    );
  } finally {
    await repository.close();
  }
}

/**
 * A photo of the library: the person's text saved and approved in the transaction that takes its write
 * job, then written by the write service as any approved text is (its intent recorded before exiftool
 * runs), where its folder's settings say unless an option chosen here says otherwise. A process cut short
 * meanwhile is settled the next time the library is opened; a write that fails leaves the text approved.
 */
async function writeLibraryPhoto(
  imageId: number,
  options: WriteOptions,
  chosen: (name: string) => boolean,
): Promise<WriteRecord> {
  const policy: WritePolicyOverride = {
    ...(chosen('target') && { target: options.target }),
    ...(chosen('sidecarName') && { sidecarNaming: options.sidecarName }),
    ...(options.descriptionFields !== undefined && { descriptionFields: options.descriptionFields }),
    language: options.lang ?? null,
  };
  return withWrites(options.dataDir, async (library, writes) => {
    // The file as it is now: a change made since its folder was scanned is no reason to refuse this write.
    await library.refreshFile(imageId);
    const job = await writes.writeNow(imageId, {
      policy,
      prepare: () => {
        library.saveDescription(imageId, options.alt, { extDescription: options.extDesc });
        library.approve(imageId);
      },
    });
    const logged = job.state === 'done' ? library.writeLog.last(imageId) : undefined;
    if (!logged)
      throw new Error(
        `${job.error ?? 'The write did not finish.'} Your alt text is kept in the library, ` +
          'approved: "altlens write-approved" writes it, or run this command again.',
      );
    return parseWriteRecord(logged.record);
  });
}

function show(value: string | null): string {
  return value === null ? '(none)' : JSON.stringify(value);
}
