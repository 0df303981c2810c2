import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import type { ImageDetail } from '../../contract/api.js';
import type { Library } from '../core/library/library.js';
import { addHint, notInLibrary, openExistingLibrary } from './library-access.js';
import { dataDirOption, type CliIo } from './options.js';

interface DescribeOptions {
  alt: string;
  extDesc?: string;
  approve?: boolean;
  dataDir?: string;
  json?: boolean;
}

interface ApproveOptions {
  folder?: string;
  dataDir?: string;
  json?: boolean;
}

/** Runs `work` on the data dir's library; `missing` is the error where the data dir has none yet. */
function withLibrary<T>(dataDir: string | undefined, missing: () => Error, work: (library: Library) => T): T {
  const library = openExistingLibrary(dataDir);
  if (!library) throw missing();
  try {
    return work(library);
  } finally {
    library.close();
  }
}

/** Runs `work`; an error it throws (in the library's words, which name no file) begins with the file. */
function about<T>(given: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new Error(`${given}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `altlens describe <path> --alt TEXT` and `altlens approve <paths...> | --folder F`: what a person does in
 * the review view, through the same library calls (the description saved as the person's, approval with
 * the same checks and the same reasons for skipping). Writing into the files stays `altlens write-approved`.
 */
export function addDescribeCommands(program: Command, io: CliIo): void {
  program
    .command('describe')
    .description("set a photo's alt text in the library as written by you (like an edit in the review view)")
    .argument('<path>', 'a photo of the library')
    .requiredOption('--alt <text>', 'the alt text (at most 250 characters to be approved; "" clears it)')
    .option('--ext-desc <text>', 'an extended description ("" clears it)')
    .option('--approve', 'approve it too (then "altlens write-approved" writes it into the file)')
    .addOption(dataDirOption())
    .option('--json', 'print the photo as JSON: {id, path, status, altText, extDescription}')
    .action((given: string, options: DescribeOptions) =>
      withLibrary(
        options.dataDir,
        () => notInLibrary(given),
        (library) => {
          const image = library.findImageByPath(resolve(given));
          if (!image) throw notInLibrary(given);
          // Saved and approved together or not at all: a text that cannot be approved is not saved either.
          const saved = about(given, () =>
            library.transaction((): ImageDetail => {
              const edited = library.saveDescription(image.id, options.alt, {
                extDescription: options.extDesc,
              });
              return options.approve ? library.approve(image.id) : edited;
            }),
          );
          const { id, path, status, altText, extDescription } = saved;
          if (options.json) io.out(`${JSON.stringify({ id, path, status, altText, extDescription })}\n`);
          else io.out(`${path}: ${status}, ${altText === null ? 'no alt text' : JSON.stringify(altText)}\n`);
        },
      ),
    );

  program
    .command('approve')
    .description(
      'approve the alt text of these photos, or of a folder, for writing (those without text are skipped)',
    )
    .argument('[paths...]', 'photos of the library')
    .option('--folder <folder>', 'every photo of the library in this folder and its subfolders')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON: {approved, skipped: [{path, reason}]}')
    .action((paths: string[], options: ApproveOptions) => {
      const { folder } = options;
      if (paths.length === 0 && folder === undefined)
        throw new Error('Name the photos to approve, or a folder with --folder.');
      const first = paths[0] ?? folder ?? '';
      withLibrary(
        options.dataDir,
        () => notInLibrary(first, folder === undefined ? dirname(resolve(first)) : resolve(folder)),
        (library) => {
          const { approved, skipped, refused } = approvePhotos(library, paths, folder);
          if (options.json) io.out(`${JSON.stringify({ approved, skipped })}\n`);
          else
            io.out(
              `Approved ${approved} ${approved === 1 ? 'photo' : 'photos'}, skipped ${skipped.length}.\n`,
            );
          for (const { path, reason } of skipped) io.err(`  ${path}: ${reason}\n`);
          if (refused > 0)
            throw new Error(`${refused} of the ${paths.length} photo(s) named could not be approved.`);
        },
      );
    });
}

/**
 * Approves the photos at these paths and those of the library in this folder (and its subfolders), as the
 * review view's "approve all" does. `refused`: how many of the photos named one by one were not approved
 * (not in the library, no alt text…) although not approved before either; a folder's photos never count.
 */
function approvePhotos(
  library: Library,
  paths: readonly string[],
  folder: string | undefined,
): { approved: number; skipped: { path: string; reason: string }[]; refused: number } {
  const skipped: { path: string; reason: string }[] = [];
  const named = new Set<number>();
  for (const given of paths) {
    const path = resolve(given);
    const image = library.findImageByPath(path);
    if (image) named.add(image.id);
    else skipped.push({ path, reason: `not in the library (add ${addHint(dirname(path))})` });
  }
  let refused = skipped.length;
  const ids = [...named];
  if (folder !== undefined) {
    const inFolder = library.imageIds({ folderPath: resolve(folder) });
    if (inFolder.length === 0) throw notInLibrary(folder, resolve(folder));
    ids.push(...inFolder);
  }
  const result = library.approveMany(library.selectionIds({ imageIds: ids }));
  for (const { imageId, reason } of result.skipped) {
    const image = library.findImage(imageId);
    skipped.push({ path: image?.path ?? `photo ${imageId}`, reason });
    // Skipped as approved already is no failure.
    if (named.has(imageId) && image?.status !== 'approved' && image?.status !== 'written') refused += 1;
  }
  return { approved: result.approvedIds.length, skipped, refused };
}
