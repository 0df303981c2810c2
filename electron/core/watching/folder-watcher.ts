import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { basename, join } from 'node:path';
import type { FolderWatch } from '../../../contract/api.js';
import { formatOf } from '../library/formats.js';
import { isListed, isSkippedFolderName, judgeLink } from '../library/walk.js';
import { ArrivingFolders } from './arriving-folders.js';
import { WriteSettler } from './write-settler.js';

/** Makes the file-system watcher of one folder; tests inject one that fails the way an exhausted OS does. */
export type WatcherFactory = (root: string, options: ChokidarOptions) => FSWatcher;

export const chokidarWatcher: WatcherFactory = (root, options) => watch(root, options);

/** What the watcher saw: a file there (new or changed, and done being written), a file gone, a folder gone. */
export interface FolderChange {
  readonly kind: 'present' | 'gone' | 'gone-folder';
  readonly path: string;
}

export interface FolderWatcherOptions {
  readonly onChange: (change: FolderChange) => void;
  /** How the folder is watched now: `polling` after the OS refused to watch more. */
  readonly onMode: (watch: FolderWatch) => void;
  readonly createWatcher?: WatcherFactory | undefined;
  /** A new or changed file is reported once it has not changed for this long. */
  readonly writeFinishMs?: number | undefined;
  /** How often polling looks at folders and files (when it has to poll). */
  readonly pollIntervalMs?: number | undefined;
}

export const WRITE_FINISH_MS = 300;
export const POLL_INTERVAL_MS = 2_000;

/** Errors of fs.watch that mean the OS will not watch more: watch descriptors or open files used up. */
const LIMIT_REASONS: Record<string, string> = {
  ENOSPC: "the system's limit on watched folders was reached (ENOSPC)",
  EMFILE: 'too many files are open (EMFILE)',
};

interface OpenWatcher {
  readonly watcher: FSWatcher;
  /** Resolves on the watcher's `ready`, or when it is given up (replaced or closed before it got ready). */
  readonly ready: Promise<void>;
  readonly giveUp: () => void;
}

/**
 * Watches one folder (recursively) with chokidar and reports image files that appear, change or go, each
 * once it has stopped changing. Only folders are watched (one OS watch per folder, not per photo: a
 * library of 100,000 photos in 1,000 folders needs 1,000); what happens to the files in them comes from
 * those folders' events. A folder that appears is read again once chokidar watches it (`ArrivingFolders`),
 * so a photo copied into a folder made a moment before is not missed. When the OS watch limit is reached
 * anyway, chokidar polls the folder's files instead, which is said in the log and through `onMode`.
 */
export class FolderWatcher {
  private current: OpenWatcher;
  private polling = false;
  private closed = false;
  /** The switch to polling, while it runs. */
  private switching: Promise<void> | null = null;
  private readonly settler: WriteSettler;

  private constructor(
    readonly root: string,
    private readonly options: FolderWatcherOptions,
  ) {
    this.settler = new WriteSettler(options.writeFinishMs ?? WRITE_FINISH_MS, (path, exists) => {
      // A link the scans do not follow is not listed (its folder's events name it all the same).
      if (!exists || isListed(root, path)) options.onChange({ kind: exists ? 'present' : 'gone', path });
    });
    this.current = this.open();
  }

  /** Starts watching; resolves once the watcher (or its polling replacement) is ready. */
  static async start(root: string, options: FolderWatcherOptions): Promise<FolderWatcher> {
    const folder = new FolderWatcher(root, options);
    await folder.current.ready;
    while (folder.switching) await folder.switching;
    if (!folder.polling && !folder.closed) options.onMode({ mode: 'watching', reason: null });
    return folder;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current.giveUp();
    await this.switching;
    await Promise.all([this.current.watcher.close(), this.settler.close()]);
  }

  private open(): OpenWatcher {
    const polling = this.polling;
    const writeFinishMs = this.options.writeFinishMs ?? WRITE_FINISH_MS;
    const interval = this.options.pollIntervalMs ?? POLL_INTERVAL_MS;
    // chokidar asks about each entry of the folders it reads (new folders need to know which it saw).
    let asked: (path: string) => void = () => undefined;
    const watcher = (this.options.createWatcher ?? chokidarWatcher)(this.root, {
      ignoreInitial: true,
      // Links are followed as the scans follow them (never round a loop): chokidar is shown each link as it
      // reads a folder (its own stats, not its target's), and told to ignore those the scans skip.
      followSymlinks: true,
      // Watching, only folders are watched; polling, chokidar looks at each file (and waits for writes).
      ignored: (path: string, stats?: Stats) => {
        asked(path);
        if (path === this.root) return false;
        if (isSkippedFolderName(basename(path))) return true;
        if (stats?.isSymbolicLink()) return !judgeLink(this.root, path).follow;
        return !polling && stats?.isFile() === true;
      },
      usePolling: polling,
      interval,
      binaryInterval: interval,
      ...(polling
        ? { awaitWriteFinish: { stabilityThreshold: writeFinishMs, pollInterval: interval / 4 } }
        : {}),
    });
    let giveUp = () => {};
    const ready = new Promise<void>((resolve) => {
      giveUp = resolve;
      watcher.once('ready', resolve);
    });
    const opened: OpenWatcher = { watcher, ready, giveUp };
    const isCurrent = () => this.current === opened && !this.closed;
    if (polling) {
      const report = (kind: 'present' | 'gone') => (path: string) => {
        if (isCurrent() && formatOf(path)) this.options.onChange({ kind, path });
      };
      watcher.on('add', report('present'));
      watcher.on('change', report('present'));
      watcher.on('unlink', report('gone'));
    } else {
      // A folder's event names the file; the file is reported once it settles.
      watcher.on('raw', (_event, name, details) => {
        const dir = (details as { watchedPath?: unknown } | null)?.watchedPath;
        if (!isCurrent() || typeof dir !== 'string' || typeof name !== 'string') return;
        const path = join(dir, name);
        if (formatOf(path)) this.settler.touch(path);
      });
    }
    const arriving = new ArrivingFolders(watcher, this.root, {
      onImage: (path) => this.settler.touch(path),
      active: isCurrent,
    });
    asked = (path) => arriving.asked(path);
    watcher.on('unlinkDir', (path) => {
      if (isCurrent()) this.options.onChange({ kind: 'gone-folder', path });
    });
    watcher.on('error', (error) => {
      if (this.current === opened) this.onError(error);
    });
    return opened;
  }

  private onError(error: unknown): void {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const limit = code ? LIMIT_REASONS[code] : undefined;
    if (!limit || this.polling || this.closed) {
      console.error(`AltLens: watching ${this.root}:`, error);
      return;
    }
    this.polling = true;
    console.error(`AltLens: watching ${this.root} by polling: ${limit}.`);
    this.switching = this.switchToPolling(limit).finally(() => (this.switching = null));
  }

  private async switchToPolling(reason: string): Promise<void> {
    const native = this.current;
    native.giveUp();
    this.current = this.open();
    await native.watcher.close();
    await this.current.ready;
    if (!this.closed) this.options.onMode({ mode: 'polling', reason });
  }
}
