// Every check of one file after a write or an undo (DESIGN §4), for the metadata repository: no exiftool
// leftovers, the file there (or gone, for a removed sidecar), every tag as it should be, the image data and
// the modification time unchanged, and the tests' extra check.
import type { ExifTool } from 'exiftool-vendored';
import { basename } from 'node:path';
import { MetadataWriteError } from './errors.js';
import { fileState, leftoverNames, sameMtime, type FileBackup } from './file-backup.js';
import {
  problemAfter,
  readSnapshot,
  xmpPart,
  type ContainerChange,
  type TagSnapshot,
} from './tag-snapshot.js';
import type { PlannedChange } from './write-intent.js';

/** What an extra verification (tests only) sees of one file after a write or an undo. */
export interface VerificationContext {
  readonly operation: 'write' | 'undo';
  readonly path: string;
  readonly before: TagSnapshot | null;
  /** The read that verified the file: a full one, or its XMP alone (see `verifyChange`). */
  readonly after: TagSnapshot | null;
}

/** A check after a write's own verification (tests of the restore path): a string fails the write. */
export type ExtraVerification = (context: VerificationContext) => string | null | Promise<string | null>;

/** What the task that wrote a file read of it right after (write-and-read.ts). */
export interface ReadBack {
  readonly after: TagSnapshot;
  /** The XMP alone, not a full read. */
  readonly xmpOnly: boolean;
}

export interface VerifyOptions {
  readonly readBack: ReadBack | undefined;
  readonly exiftoolHash: boolean;
  readonly onlyXmpChanged: boolean;
  /** A JPEG XL or WebP before and after: the tags a change of its container explains may change. */
  readonly container: ContainerChange | null;
}

/**
 * Every check of one file after a write. Throws a MetadataWriteError on the first problem; returns the read
 * that verified the file (null for a removed one).
 * A JPEG whose XMP alone was read back (`readBack.xmpOnly`) passes on that read only with `onlyXmpChanged`
 * (no byte outside its XMP segments changed, image-hash.ts: every other tag is unchanged, byte for byte)
 * and its XMP as it should be; anything else is judged on a full read, as any other file is.
 */
export async function verifyChange(
  exiftool: ExifTool,
  extraVerification: ExtraVerification | undefined,
  operation: 'write' | 'undo',
  change: PlannedChange,
  backup: FileBackup,
  options: VerifyOptions,
): Promise<TagSnapshot | null> {
  const name = basename(change.path);
  const fail = (message: string) => new MetadataWriteError('verification-failed', message);
  for (const leftover of leftoverNames(change.path))
    if (!backup.hadLeftover(leftover) && (await fileState(leftover)).existed)
      throw fail(`exiftool left ${basename(leftover)} behind.`);
  const state = await fileState(change.path);
  let after: TagSnapshot | null = null;
  if (change.remove) {
    if (state.existed) throw fail(`${name} is still there after it was removed.`);
  } else {
    if (!state.existed) throw fail(`${name} does not exist after the write.`);
    const { before } = change;
    const { readBack } = options;
    if (
      readBack?.xmpOnly &&
      options.onlyXmpChanged &&
      before &&
      problemAfter(change, xmpPart(before), xmpPart(readBack.after), null) === null
    )
      after = readBack.after;
    else {
      after =
        readBack && !readBack.xmpOnly
          ? readBack.after
          : await readSnapshot(exiftool, change.path, {
              imageHash: change.kind === 'image' && options.exiftoolHash,
            });
      const problem = problemAfter(change, before, after, options.container);
      if (problem) throw fail(problem);
    }
    const original = backup.state(change.path);
    if (change.kind === 'image' && !sameMtime(state, original))
      throw fail(`The modification time of ${name} was not kept.`);
  }
  const extra = await extraVerification?.({ operation, path: change.path, before: change.before, after });
  if (extra) throw fail(`${name} failed verification: ${extra.replace(/\.?$/, '.')}`);
  return after;
}
