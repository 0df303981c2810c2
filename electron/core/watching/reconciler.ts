import { stat } from 'node:fs/promises';
import type { ScanResult } from '../../../contract/api.js';
import type { Library } from '../library/library.js';

/** How often every folder is scanned again for what the watchers missed. */
export const RECONCILE_INTERVAL_MS = 10 * 60_000;

/** What the reconciler asks of the watchers. */
export interface WatchControl {
  /** Watches the folder if it is not watched yet; resolves once it is. */
  watch(root: string): Promise<void>;
  /** Stops watching a folder that cannot be read, saying why. */
  unwatch(root: string, reason: string): Promise<void>;
}

/**
 * Reconciliation: on start and then on a schedule, every folder of the library is watched (again, if it
 * had become unreadable) and scanned quietly, which finds files added, changed, moved or deleted while the
 * app was closed or a watcher missed them. One run at a time; a run asked for during one follows it.
 */
export class Reconciler {
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly library: Library,
    private readonly watchers: WatchControl,
    private readonly options: {
      readonly intervalMs: number;
      readonly onReconciled: (root: string, result: ScanResult) => void;
    },
  ) {}

  /** Runs now, then every `intervalMs`; resolves when the first run is over. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.runSoon(), this.options.intervalMs);
    this.timer.unref();
    return this.runSoon();
  }

  /** A run over every folder as soon as the one in progress (if any) is over; resolves when it is done. */
  runSoon(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    if (this.running) this.again = true;
    else this.running = this.loop();
    return this.running;
  }

  /** Stops the schedule and the scan in progress (between two files). */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Watches one folder and scans it once watched, so nothing added in between is missed. */
  async reconcile(root: string): Promise<void> {
    const signal = this.abort.signal;
    const problem = await unreadable(root);
    if (problem) {
      await this.watchers.unwatch(root, problem);
      return;
    }
    try {
      await this.watchers.watch(root);
      if (signal.aborted) return;
      this.options.onReconciled(root, await this.library.rescanFolder(root, signal));
    } catch (error) {
      if (!signal.aborted) console.error(`AltLens: could not scan ${root} again:`, error);
    }
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        for (const folder of this.library.folders()) {
          if (this.abort.signal.aborted) return;
          await this.reconcile(folder.path);
        }
      } while (this.again && !this.abort.signal.aborted);
    } finally {
      this.running = null;
    }
  }
}

/** Why a folder cannot be watched or scanned now (gone, not a folder, not readable), or null. */
async function unreadable(root: string): Promise<string | null> {
  const info = await stat(root).catch(
    (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'unreadable',
  );
  if (typeof info === 'string') return `the folder cannot be read (${info}); it is looked at again later`;
  return info.isDirectory() ? null : 'it is not a folder';
}
