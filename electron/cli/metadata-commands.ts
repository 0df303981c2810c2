import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { MetadataRepository } from '../core/metadata/metadata-repository.js';
import type { SidecarNaming, WriteTarget } from '../core/metadata/types.js';
import type { CliIo } from './options.js';

interface ReadOptions {
  json?: boolean;
}

interface WriteOptions {
  alt: string;
  extDesc?: string;
  target: WriteTarget;
  sidecarName: SidecarNaming;
  descriptionFields?: boolean;
  lang?: string;
  json?: boolean;
}

/**
 * `altlens read <paths...>` and `altlens write <path> --alt TEXT`: the image metadata itself, without a
 * library. A failure is one readable line (an Error that main prints before exiting with 1).
 */
export function addMetadataCommands(program: Command, io: CliIo): void {
  program
    .command('read')
    .description("show the alt text and descriptions in images' metadata (and their XMP sidecars)")
    .argument('<paths...>', 'image files')
    .option('--json', 'print one JSON object a line: {path, altText, extDescription, description, sources}')
    .action(async (paths: string[], options: ReadOptions) => {
      const repository = new MetadataRepository();
      try {
        for (const given of paths) {
          const path = resolve(given);
          const read = await repository.read(path).catch((error: unknown) => {
            throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
          });
          const line = {
            path,
            altText: read.altText,
            extDescription: read.extDescription,
            description: read.description,
            sources: read.found,
          };
          if (options.json) io.out(`${JSON.stringify(line)}\n`);
          else {
            io.out(`${path}\n`);
            io.out(`  alt text:             ${show(read.altText)}\n`);
            io.out(`  extended description: ${show(read.extDescription)}\n`);
            io.out(`  description:          ${show(read.description)}\n`);
            for (const found of read.found)
              io.out(`    ${found.field} [${found.lang}] in ${found.source}: ${show(found.value)}\n`);
          }
        }
      } finally {
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
    .option('--json', 'print the write record as JSON')
    .action(async (given: string, options: WriteOptions) => {
      const repository = new MetadataRepository();
      try {
        const record = await repository
          .write(
            resolve(given),
            { altText: options.alt, extDescription: options.extDesc ?? null },
            {
              target: options.target,
              sidecarNaming: options.sidecarName,
              descriptionFields: options.descriptionFields ?? false,
              language: options.lang ?? null,
            },
          )
          .catch((error: unknown) => {
            throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
          });
        if (options.json) io.out(`${JSON.stringify(record)}\n`);
        else {
          io.out(`Wrote alt text to ${record.writtenTo.join(' and ')} (verified).\n`);
          for (const warning of record.warnings) io.err(`  exiftool noted: ${warning}\n`);
        }
      } finally {
        await repository.close();
      }
    });
}

function show(value: string | null): string {
  return value === null ? '(none)' : JSON.stringify(value);
}
