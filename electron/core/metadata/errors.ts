import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Why a write (or an undo) did not happen. The message is one readable sentence or two. */
export type MetadataWriteFailure =
  | 'invalid-values'
  | 'not-found'
  | 'changed-since-read'
  | 'unsupported-target'
  | 'unverifiable'
  | 'exiftool-error'
  | 'exiftool-warning'
  | 'verification-failed'
  | 'undo-conflict'
  | 'restore-failed'
  | FileProblem;

/** What the file system refused, found by looking at the file and its folder (see {@link writeFailure}). */
export type FileProblem =
  | 'read-only-file'
  | 'read-only-folder'
  | 'read-only-disk'
  | 'disk-full'
  | 'temporary-file-in-the-way'
  | 'unusable-name'
  | 'not-a-file';

/**
 * A write or an undo that did not happen. Unless `reason` is `restore-failed`, every file it touched has its
 * original bytes and modification time back (and a sidecar it created is gone).
 */
export class MetadataWriteError extends Error {
  override readonly name = 'MetadataWriteError';

  constructor(
    readonly reason: MetadataWriteFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TO_A_SIDECAR =
  'write its alt text to a sidecar file instead (the folder\'s "Where to write" setting, or --target sidecar)';

/**
 * What went wrong with a file, in plain words: what happened, to which file, and what to do. The one place
 * these sentences are written, so that the scanner, a write, the command line and the app all say the same.
 */
export const plainWords = {
  readOnlyFile: (path: string) =>
    `The file is read-only: ${path}. Allow changes to it (its permissions, or its "locked" setting), then ` +
    'try again.',
  readOnlyFolder: (folder: string) =>
    `The folder is read-only: ${folder}. AltLens writes a file beside the photo (a temporary copy, or an XMP ` +
    'sidecar), so it must be able to create files there: allow changes to the folder, then try again.',
  readOnlyFileAndFolder: (path: string) =>
    `The file and its folder are read-only: ${path}. Allow changes to both, then try again.`,
  readOnlyDisk: (path: string) =>
    `The disk is read-only: ${path} is on a disk or network share that allows no changes. Make it writable ` +
    '(or copy the photos to one that is), then try again.',
  diskFull: (folder: string) =>
    `The disk is full: there is not enough free space in ${folder} to write the file. Free some space, then ` +
    'try again.',
  temporaryFileInTheWay: (temporary: string) =>
    `A temporary file from an earlier write is in the way: ${temporary}. If no program is writing this ` +
    'photo now, delete that file, then try again.',
  unusableName: (path: string) =>
    `The file name has a line break in it, which exiftool (the tool AltLens reads and writes metadata with) ` +
    `cannot be given: ${JSON.stringify(path)}. Rename the file without it, then try again.`,
  gone: (path: string) =>
    `The file is gone: ${path}. It was moved, renamed or deleted; scan its folder again to find it.`,
  notAFile: (path: string) => `This is a folder, not a file: ${path}. Give the path of a photo.`,
  notReadable: (path: string) =>
    `The file is not readable: ${path} (permission denied). Allow your user to read it, then try again.`,
  notPermitted: (path: string) =>
    `The system does not let AltLens read the file: ${path} (operation not permitted). On macOS, allow ` +
    'AltLens in System Settings › Privacy & Security (Files and Folders, or Full Disk Access), then try again.',
  diskError: (path: string) =>
    `The disk could not read or write ${path} (an input/output error): it may be failing or disconnected. ` +
    'Check the disk, then try again.',
  tooManyOpenFiles: (path: string) =>
    `Too many files are open at once to open ${path}. Close some programs, then try again.`,
  /** exiftool refused to write a file for a reason of its own (`said`: see {@link exiftoolSaid}). */
  exiftoolRefused: (path: string, said: string) =>
    `The metadata of ${path} could not be written: exiftool found a problem in the file (${JSON.stringify(said)}). ` +
    `The file may be damaged: check that it opens in another program, or ${TO_A_SIDECAR}.`,
  /** exiftool wrote, but warned: the write was undone, as every warning is a failure (DESIGN §4). */
  exiftoolWarned: (path: string, warning: string) =>
    `The metadata of ${path} was not written: exiftool warned about the file (${JSON.stringify(warning)}), ` +
    'and AltLens writes into a photo only when exiftool has no doubt about it. Check that it opens in another ' +
    `program, or ${TO_A_SIDECAR}.`,
  /** A control character in a text to be written: `label` is "alt text", "extended description"… */
  controlCharacter: (label: string, character: string) => {
    const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return character === '\r'
      ? `The ${label} contains a carriage return (${code}), which image metadata cannot hold as it is: use a ` +
          'plain line break instead, then try again.'
      : `The ${label} contains a control character (${code}), which image metadata cannot hold: remove it, ` +
          'then try again.';
  },
} as const;

/**
 * exiftool's message as a person may read it: without `Error: `/`Warning: ` and `[minor] ` before it, the file
 * name it appends (` - /path/photo.jpg`), and with its character references (`&#39;`, from `-E`) decoded.
 */
export function exiftoolSaid(text: string): string {
  return text
    .trim()
    .replace(/^(?:error|warning):\s*/i, '')
    .replace(/^\[minor\]\s*/i, '')
    .replace(/ - (?:\/|[A-Za-z]:\\).*$/, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(
      /&(amp|lt|gt|quot);/g,
      (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name] ?? '',
    )
    .trim();
}

/** What exiftool-vendored cannot pass to exiftool inside a file name (its arguments are one a line). */
// eslint-disable-next-line no-control-regex
const UNUSABLE_IN_NAME = /[\r\n\u0000]/;

/** Refuses, before exiftool is asked, a path it cannot be given. */
export function refuseUnusableName(path: string): void {
  if (UNUSABLE_IN_NAME.test(path))
    throw new MetadataWriteError('unusable-name', plainWords.unusableName(path));
}

/** Refuses a write or an undo of a photo that is not there, or is a folder (or another thing than a file). */
export function refuseUnlessFile(state: {
  readonly path: string;
  readonly existed: boolean;
  readonly identity: string | null;
}): void {
  if (!state.existed) throw new MetadataWriteError('not-found', plainWords.gone(state.path));
  if (state.identity === null) throw new MetadataWriteError('not-a-file', plainWords.notAFile(state.path));
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * A file system error (Node's `code`: ENOENT, EACCES…) met while reading (`read`) or writing (`write`) a
 * file, in plain words; null for an error that is not one of these.
 */
export function describeFileError(error: unknown, path: string, operation: 'read' | 'write'): string | null {
  switch (codeOf(error)) {
    case 'ENOENT':
      return plainWords.gone(path);
    case 'EACCES':
      return operation === 'read' ? plainWords.notReadable(path) : plainWords.readOnlyFile(path);
    case 'EPERM':
      return operation === 'read' ? plainWords.notPermitted(path) : plainWords.readOnlyFile(path);
    case 'EROFS':
      return plainWords.readOnlyDisk(path);
    case 'ENOSPC':
    case 'EDQUOT':
      return plainWords.diskFull(dirname(path));
    case 'EISDIR':
      return plainWords.notAFile(path);
    case 'EIO':
      return plainWords.diskError(path);
    case 'EMFILE':
    case 'ENFILE':
      return plainWords.tooManyOpenFiles(path);
    default:
      return null;
  }
}

/** Free space a write needs beyond the file's own size: exiftool writes a whole new copy beside it. */
const SPARE_BYTES = 1024 * 1024;

/**
 * Why exiftool could not write `path` (an image or a sidecar), found by looking at the file and its folder
 * once it failed: the temporary file it makes beside the file was already there, the file, its folder or its
 * disk allow no changes, or the disk is full. exiftool's own words (e.g. "Error creating file: …_exiftool_tmp",
 * which any of these give) are kept only when none of these is the cause.
 */
export async function writeFailure(path: string, cause: unknown): Promise<MetadataWriteError> {
  const said = cause instanceof Error ? cause.message : String(cause);
  const failure = (reason: FileProblem, message: string) =>
    new MetadataWriteError(reason, message, { cause });
  if (UNUSABLE_IN_NAME.test(path)) return failure('unusable-name', plainWords.unusableName(path));
  const temporary = `${path}_exiftool_tmp`;
  if (/Temporary file already exists/i.test(said))
    return failure('temporary-file-in-the-way', plainWords.temporaryFileInTheWay(temporary));
  const folder = dirname(path);
  const folderRefuses = await refusesWrites(folder);
  const fileRefuses = (await exists(path)) ? await refusesWrites(path) : null;
  if (folderRefuses === 'EROFS' || fileRefuses === 'EROFS')
    return failure('read-only-disk', plainWords.readOnlyDisk(path));
  if (fileRefuses && folderRefuses) return failure('read-only-file', plainWords.readOnlyFileAndFolder(path));
  if (fileRefuses) return failure('read-only-file', plainWords.readOnlyFile(path));
  if (folderRefuses) return failure('read-only-folder', plainWords.readOnlyFolder(folder));
  if (await lacksSpace(path)) return failure('disk-full', plainWords.diskFull(folder));
  const known = describeFileError(cause, path, 'write');
  if (known) return new MetadataWriteError('exiftool-error', known, { cause });
  return new MetadataWriteError('exiftool-error', plainWords.exiftoolRefused(path, exiftoolSaid(said)), {
    cause,
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Why this file or folder may not be changed (EACCES, EPERM, EROFS…), or null when it may. */
async function refusesWrites(path: string): Promise<string | null> {
  return access(path, constants.W_OK).then(
    () => null,
    (error: unknown) => {
      const code = codeOf(error);
      return code === 'ENOENT' ? null : typeof code === 'string' ? code : 'EACCES';
    },
  );
}

/** Whether the disk holding `path` has less free space than a write of it needs. */
async function lacksSpace(path: string): Promise<boolean> {
  try {
    const [disk, file] = await Promise.all([statfs(dirname(path)), stat(path).catch(() => null)]);
    return disk.bavail * disk.bsize < (file?.size ?? 0) + SPARE_BYTES;
  } catch {
    return false;
  }
}
