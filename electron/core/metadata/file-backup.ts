import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';

/** A file's state before a write: whether it existed, and its size and times. */
export interface FileState {
  readonly path: string;
  readonly existed: boolean;
  readonly size: number;
  readonly atimeMs: number;
  readonly mtimeMs: number;
  /** The modification time in nanoseconds, for a check finer than `mtimeMs`. */
  readonly mtimeNs: bigint;
  readonly atimeNs: bigint;
  readonly ctimeNs: bigint;
  /**
   * Which file this is, and which version of it (device, inode, size, modification and change times): any
   * write to it changes the change time, which no program can set back. null: not a regular file.
   */
  readonly identity: string | null;
}

/** Files exiftool leaves behind when something goes wrong: a backup it was told not to keep, a temp file. */
export function leftoverNames(path: string): string[] {
  return [`${path}_original`, `${path}_exiftool_tmp`];
}

export async function fileState(path: string): Promise<FileState> {
  const info = await stat(path, { bigint: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (!info) {
    const none = { size: 0, atimeMs: 0, mtimeMs: 0, mtimeNs: 0n, atimeNs: 0n, ctimeNs: 0n, identity: null };
    return { path, existed: false, ...none };
  }
  return {
    path,
    existed: true,
    size: Number(info.size),
    atimeMs: Number(info.atimeNs) / 1e6,
    mtimeMs: Number(info.mtimeNs) / 1e6,
    mtimeNs: info.mtimeNs,
    atimeNs: info.atimeNs,
    ctimeNs: info.ctimeNs,
    identity: info.isFile() ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : null,
  };
}

/** Nanoseconds as seconds in a double, rounded once (about ±0.25 µs for today's dates). */
function seconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

/** Puts a file's access and modification times back (to the microsecond: see sameMtime). */
export async function restoreTimes(state: Pick<FileState, 'path' | 'atimeNs' | 'mtimeNs'>): Promise<void> {
  await utimes(state.path, seconds(state.atimeNs), seconds(state.mtimeNs));
}

/**
 * Whether the modification time is the one recorded, to what `utimes` can set: libuv truncates to whole
 * microseconds after a conversion through a double, so up to about 1.2 µs off.
 */
export function sameMtime(a: Pick<FileState, 'mtimeNs'>, b: Pick<FileState, 'mtimeNs'>): boolean {
  const difference = a.mtimeNs - b.mtimeNs;
  return difference < 2000n && difference > -2000n;
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const FOLDER_PREFIX = 'altlens-metadata-backup-';

/**
 * The folder the backups of one repository go to (a new one inside `parent`: by default the OS temp folder;
 * the library's data folder keeps them through a crash), made when first needed, and made anew if something
 * (a temp cleaner) removed it.
 */
export class BackupFolder {
  private dir: Promise<string> | null = null;
  private copies = 0;

  constructor(private readonly parent: string = tmpdir()) {}

  /** A path in the folder for a copy of the file at `path` (with its extension, so exiftool can read it). */
  async reserve(path: string): Promise<string> {
    this.dir ??= mkdir(this.parent, { recursive: true }).then(() =>
      mkdtemp(join(this.parent, FOLDER_PREFIX)),
    );
    const dir = await this.dir.catch((error: unknown) => {
      this.dir = null;
      throw error;
    });
    this.copies++;
    return join(dir, `${this.copies}${extname(path)}`);
  }

  /** Copies the file at `path` to `copy` (a path `reserve` gave). */
  async copy(path: string, copy: string): Promise<void> {
    try {
      await copyFile(path, copy);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The folder may have been removed since it was made: once more, into the folder made again.
      await mkdir(dirname(copy), { recursive: true });
      await copyFile(path, copy);
    }
  }

  /**
   * Removes the folder if it is empty (a copy that could not be put back stays, with its folder), and so the
   * empty ones of earlier runs beside it that a process which died left (one of a process still running is
   * made again when it next needs it, see `copy`).
   */
  async close(): Promise<void> {
    const dir = await this.dir?.catch(() => null);
    this.dir = null;
    if (!dir) return;
    const folders = await readdir(this.parent).catch(() => []);
    for (const name of folders)
      if (name.startsWith(FOLDER_PREFIX)) await rmdir(join(this.parent, name)).catch(() => undefined);
  }
}

/** One file a write will touch: its state before, where its original bytes go, and its leftovers. */
export interface BackupEntry {
  readonly state: FileState;
  /** null: the file did not exist (a new sidecar), so restoring removes it. */
  readonly copy: string | null;
  /** exiftool leftovers beside the file that were not there before the write: any found later are its own. */
  readonly newLeftovers: readonly string[];
}

/**
 * Exact copies of the original bytes of every file a write will touch, kept until the write is verified. A
 * file that did not exist (a new sidecar) is noted, so that restoring removes it; so are exiftool leftovers
 * that were not there before. Planned first (`prepare`: what is recorded of the write before anything is
 * copied, see write-intent.ts), then copied (`copy`).
 */
export class FileBackup {
  private constructor(
    private readonly entries: ReadonlyMap<string, BackupEntry>,
    private readonly folder: BackupFolder,
  ) {}

  static async prepare(paths: readonly string[], folder: BackupFolder): Promise<FileBackup> {
    const entries = new Map<string, BackupEntry>();
    for (const path of paths) {
      const state = await fileState(path);
      const newLeftovers: string[] = [];
      for (const leftover of leftoverNames(path))
        if (!(await fileState(leftover)).existed) newLeftovers.push(leftover);
      entries.set(path, { state, copy: state.existed ? await folder.reserve(path) : null, newLeftovers });
    }
    return new FileBackup(entries, folder);
  }

  /** Copies every file that exists; on a failure removes the copies made, and throws. */
  async copy(): Promise<void> {
    try {
      for (const [path, { copy }] of this.entries) if (copy) await this.folder.copy(path, copy);
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Every file, by path, as `prepare` found it. */
  get files(): ReadonlyMap<string, BackupEntry> {
    return this.entries;
  }

  state(path: string): FileState {
    const entry = this.entries.get(path);
    if (!entry) throw new Error(`${path} has no backup.`);
    return entry.state;
  }

  /** Whether an exiftool leftover beside `path` was already there before the write. */
  hadLeftover(leftover: string): boolean {
    return [...this.entries].some(
      ([path, entry]) => leftoverNames(path).includes(leftover) && !entry.newLeftovers.includes(leftover),
    );
  }

  /**
   * Puts every file back as it was: the original bytes (checked by sha256) and times; a file that did not
   * exist is removed, and so are leftovers this write made. Returns what could not be restored (empty when
   * all is well); the backup folder is then kept, so nothing is lost.
   */
  async restore(): Promise<string[]> {
    const problems: string[] = [];
    for (const [path, { state, copy, newLeftovers }] of this.entries) {
      try {
        for (const leftover of newLeftovers) await rm(leftover, { force: true });
        if (!copy) {
          await rm(path, { force: true });
          continue;
        }
        // Only what changed is put back: a file exiftool could not open for writing is left alone.
        const original = await sha256(copy);
        const current = await fileState(path);
        if (!current.existed || (await sha256(path)) !== original) await copyFile(copy, path);
        if (!sameMtime(await fileState(path), state)) await restoreTimes(state);
        if ((await sha256(path)) !== original)
          problems.push(`${path} does not match its original bytes after restoring (kept at ${copy})`);
      } catch (error) {
        problems.push(
          `${path} could not be restored (${error instanceof Error ? error.message : String(error)}); ` +
            `its original is kept at ${copy ?? '(none: it did not exist)'}`,
        );
      }
    }
    if (problems.length === 0) await this.discard();
    return problems;
  }

  /** Removes the copies. */
  async discard(): Promise<void> {
    for (const { copy } of this.entries.values()) if (copy) await unlink(copy).catch(() => undefined);
  }
}
