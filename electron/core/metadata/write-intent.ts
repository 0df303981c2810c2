import type { ExifTool } from 'exiftool-vendored';
import { rm, rmdir } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { z } from 'zod';
import { isRunning, type ProcessIdentity } from '../process-identity.js';
import { fileState, restoreTimes, sameMtime, type FileBackup } from './file-backup.js';
import { readContainerImage } from './image-container.js';
import { imageHash, jpegPartsHash, readJpeg } from './image-hash.js';
import { plannedTag, type PlannedTag } from './tag-plan.js';
import {
  problemAfter,
  readSnapshot,
  valueAt,
  type ContainerChange,
  type TagSnapshot,
} from './tag-snapshot.js';
import type { WriteRecord } from './types.js';

const IntentTag = z.object({
  /** The exiftool tag name written (`XMP-iptcCore:AltTextAccessibility-x-default`). */
  name: z.string(),
  /** Its value before, and the one the write (or undo) puts there; null: absent. */
  before: z.string().nullable(),
  after: z.string().nullable(),
});

const IntentFile = z.object({
  path: z.string(),
  kind: z.enum(['image', 'sidecar']),
  /** Whether it existed before (a write may create a sidecar), and its size and times then (ns, as text). */
  existed: z.boolean(),
  size: z.number(),
  atimeNs: z.string(),
  mtimeNs: z.string(),
  tags: z.array(IntentTag),
  /** The undo of a sidecar the write created: the file is removed. */
  remove: z.boolean(),
  /** Where a copy of its original bytes is kept until the write is verified (null: it did not exist). */
  backup: z.string().nullable(),
  /** exiftool leftovers (`…_exiftool_tmp`) that were not beside it before: any found there later are ours. */
  ownLeftovers: z.array(z.string()),
});

/**
 * What a write (or an undo) is about to do, recorded before exiftool runs: enough to tell afterwards, from the
 * files alone, whether it happened, and to undo it. Stored by the library as JSON (and parsed back with this).
 */
export const WriteIntent = z.object({
  operation: z.enum(['write', 'undo']),
  imagePath: z.string(),
  /** The image data hash before (image-hash.ts); null when the image itself is not written. */
  imageData: z.string().nullable(),
  files: z.array(IntentFile),
  /** The exiftool processes running when it began: one of them does the work. */
  exiftool: z.array(z.object({ pid: z.number(), start: z.string().nullable() })),
});
export type WriteIntent = z.infer<typeof WriteIntent>;

/** A change a write or undo makes to one file (the repository's plan). */
export interface PlannedChange {
  readonly path: string;
  readonly kind: 'image' | 'sidecar';
  readonly before: TagSnapshot | null;
  readonly tags: readonly PlannedTag[];
  readonly remove?: boolean;
}

export function intentOf(
  operation: WriteIntent['operation'],
  imagePath: string,
  imageData: string | null,
  changes: readonly PlannedChange[],
  backup: FileBackup,
  exiftool: readonly ProcessIdentity[],
): WriteIntent {
  const files = changes.map((change) => {
    const entry = backup.files.get(change.path);
    if (!entry) throw new Error(`${change.path} has no backup.`);
    const { state } = entry;
    return {
      path: change.path,
      kind: change.kind,
      existed: state.existed,
      size: state.size,
      atimeNs: String(state.atimeNs),
      mtimeNs: String(state.mtimeNs),
      tags: change.tags.map((tag) => ({
        name: tag.name,
        before: change.before ? valueAt(change.before, tag.readKey) : null,
        after: tag.value,
      })),
      remove: change.remove ?? false,
      backup: entry.copy,
      ownLeftovers: [...entry.newLeftovers],
    };
  });
  return { operation, imagePath, imageData, files, exiftool: [...exiftool] };
}

/** The record of a write (its undo data): what each tag was before, and what was written. */
export function recordOf(intent: WriteIntent, at: number, warnings: string[]): WriteRecord {
  const previous: WriteRecord['previous'] = {};
  const written: Record<string, string> = {};
  for (const file of intent.files) {
    const values: Record<string, string | null> = {};
    for (const tag of file.tags) {
      values[tag.name] = tag.before;
      if (tag.after !== null) written[tag.name] = tag.after;
    }
    previous[file.path] = { existed: file.existed, values };
  }
  return {
    imagePath: intent.imagePath,
    writtenTo: intent.files.map((file) => file.path),
    previous,
    written,
    at,
    warnings,
  };
}

export interface Settlement {
  /** done: the files hold what was intended, the image data unchanged; not-done: they are as they were. */
  readonly outcome: 'done' | 'not-done' | 'problem';
  /** For a problem: what is wrong, with which file, and what to do. */
  readonly reason: string | null;
}

/** How long the exiftool of a process that died may take to finish the command it had (see GUARD). */
const EXIFTOOL_GRACE_MS = 10_000;

/**
 * Settles a write or undo that was under way when the process running it died, from the files alone: done
 * (every file holds the intended values, every other tag and the image data as they were: the modification
 * time is then put back, as the write would have), not done (every file as it was), or a problem (anything
 * else: the copies of the originals are then kept, and the reason says where). Either way the exiftool
 * leftovers that this write made are removed (exiftool refuses to write a file while one is there), and only
 * those. First waits for the exiftool processes of the dead writer to finish (they end after the command
 * under way, see exiftool-process.ts), and ends any still running after a while.
 */
export async function settleIntent(exiftool: ExifTool, intent: WriteIntent): Promise<Settlement> {
  await endProcesses(intent.exiftool);
  const originals = new Map<string, TagSnapshot | null>();
  const original = async (file: WriteIntent['files'][number]) => {
    if (!originals.has(file.path)) {
      const copy = file.backup && (await fileState(file.backup)).existed ? file.backup : null;
      originals.set(file.path, copy ? await readSnapshot(exiftool, copy).catch(() => null) : null);
    }
    return originals.get(file.path) ?? null;
  };
  const problemWith = async (side: 'before' | 'after'): Promise<string | null> => {
    for (const file of intent.files) {
      const name = basename(file.path);
      const absent = side === 'after' ? file.remove : !file.existed;
      const state = await fileState(file.path);
      if (absent) {
        if (state.existed) return `${name} is there.`;
        continue;
      }
      if (!state.existed) return `${name} is gone.`;
      const now = await readSnapshot(exiftool, file.path).catch(() => null);
      if (!now) return `${name} can no longer be read.`;
      const tags = file.tags.map((tag) => plannedTag(tag.name, tag[side]));
      const container = file.kind === 'image' ? await containerChange(file) : null;
      const problem = problemAfter({ path: file.path, tags }, await original(file), now, container);
      if (problem) return problem;
      if (file.kind === 'image' && intent.imageData !== null) {
        const hash = await imageDataHash(exiftool, file.path, intent.imageData);
        if (hash !== intent.imageData) return `The image data of ${name} changed.`;
      }
    }
    return null;
  };

  const notAsIntended = await problemWith('after');
  const notAsBefore = notAsIntended === null ? null : await problemWith('before');
  for (const file of intent.files)
    for (const leftover of file.ownLeftovers) await rm(leftover, { force: true });
  if (notAsIntended !== null && notAsBefore !== null) {
    const kept: string[] = [];
    for (const { backup } of intent.files) if (backup && (await fileState(backup)).existed) kept.push(backup);
    const what = intent.operation === 'write' ? 'The write of alt text into' : 'The undo of the alt text in';
    return {
      outcome: 'problem',
      reason:
        `${what} ${basename(intent.imagePath)} was cut short (AltLens stopped during it), and the file is ` +
        `neither as it was nor as intended: ${notAsIntended}` +
        (kept.length > 0 ? ` Its original is kept at ${kept.join(', ')}.` : '') +
        ' Check the photo, then scan its folder again before writing it.',
    };
  }
  if (notAsIntended === null) {
    // As the write itself does after exiftool (which keeps the modification time to the second only).
    for (const file of intent.files)
      if (file.kind === 'image') {
        const recorded = { path: file.path, atimeNs: BigInt(file.atimeNs), mtimeNs: BigInt(file.mtimeNs) };
        if (!sameMtime(await fileState(file.path), recorded)) await restoreTimes(recorded);
      }
  }
  await discardBackups(intent);
  return { outcome: notAsIntended === null ? 'done' : 'not-done', reason: null };
}

/**
 * A JPEG XL or WebP image file as its kept original and as it is now, taken apart: the write may have put a
 * plain file into its container (image-container.ts), which changes tags that this explains.
 */
async function containerChange(file: WriteIntent['files'][number]): Promise<ContainerChange | null> {
  if (!file.backup) return null;
  const before = await readContainerImage(file.backup, extname(file.path).slice(1).toLowerCase());
  return before && { before, after: await readContainerImage(file.path, before.format) };
}

async function imageDataHash(exiftool: ExifTool, path: string, recorded: string): Promise<string | null> {
  if (recorded.startsWith('jpeg:')) {
    const parts = await readJpeg(path);
    return parts ? jpegPartsHash(parts) : null;
  }
  const snapshot = await readSnapshot(exiftool, path, { imageHash: true }).catch(() => null);
  return snapshot ? imageHash(path, snapshot) : null;
}

/** Removes the copies of the originals, and their folder once it is empty. */
async function discardBackups(intent: WriteIntent): Promise<void> {
  for (const file of intent.files) {
    if (!file.backup) continue;
    await rm(file.backup, { force: true });
    await rmdir(dirname(file.backup)).catch(() => undefined);
  }
}

/**
 * Waits for these processes to end (at most EXIFTOOL_GRACE_MS), then ends those still running, when they are
 * known for sure to be the same processes (a start time: Linux); a pid alone may be another program's by now.
 */
async function endProcesses(processes: readonly ProcessIdentity[]): Promise<void> {
  const deadline = Date.now() + EXIFTOOL_GRACE_MS;
  for (;;) {
    const running = processes.filter((identity) => isRunning(identity));
    if (running.length === 0) return;
    if (Date.now() >= deadline) {
      for (const { pid, start } of running) if (start !== null) process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
