import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import type { FolderWatch } from '../../../contract/api.js';
import { formatOf } from '../library/formats.js';
import { isSkippedFolderName } from '../library/walk.js';

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
  /** A new or changed file is reported once its size has not changed for this long. */
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

/**
 * Watches one folder (recursively) with chokidar and reports image files that appear, change or go. A
 * file is reported only once it has stopped growing. When the OS watch limit is reached, the folder is
 * watched by polling instead, which is said in the log and through `onMode`.
 */
interface OpenWatcher {
  readonly watcher: FSWatcher;
  /** Resolves on the watcher's `ready`, or when it is given up (replaced or closed before it got ready). */
  readonly ready: Promise<void>;
  readonly giveUp: () => void;
}

export class FolderWatcher {
  private current: OpenWatcher;
  private polling = false;
  private closed = false;
  /** The switch to polling, while it runs. */
  private switching: Promise<void> | null = null;

  private constructor(
    readonly root: string,
    private readonly options: FolderWatcherOptions,
  ) {
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
    await this.current.watcher.close();
  }

  private open(): OpenWatcher {
    const writeFinishMs = this.options.writeFinishMs ?? WRITE_FINISH_MS;
    const interval = this.options.pollIntervalMs ?? POLL_INTERVAL_MS;
    const watcher = (this.options.createWatcher ?? chokidarWatcher)(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (path: string, stats?: Stats) =>
        path !== this.root && isSkippedFolderName(basename(path)) && (!stats || stats.isDirectory()),
      awaitWriteFinish: { stabilityThreshold: writeFinishMs, pollInterval: Math.ceil(writeFinishMs / 3) },
      usePolling: this.polling,
      interval,
      binaryInterval: interval,
    });
    let giveUp = () => {};
    const ready = new Promise<void>((resolve) => {
      giveUp = resolve;
      watcher.once('ready', resolve);
    });
    const opened: OpenWatcher = { watcher, ready, giveUp };
    const report = (kind: FolderChange['kind']) => (path: string) => {
      if (kind === 'gone-folder' || formatOf(path)) this.options.onChange({ kind, path });
    };
    watcher.on('add', report('present'));
    watcher.on('change', report('present'));
    watcher.on('unlink', report('gone'));
    watcher.on('unlinkDir', report('gone-folder'));
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
