import type { FolderChange } from './folder-watcher.js';

/** A change seen under one of the library's folders. */
export interface QueuedChange extends FolderChange {
  /** The watched folder the change was seen in. */
  readonly root: string;
}

/** Changes that arrive within this long of the first one are handled together. */
const COALESCE_MS = 20;

/**
 * Collects the watchers' changes and hands them on in batches, one batch at a time. A path has at most one
 * pending change (the latest: a file written then deleted is just gone), so a burst of events for the same
 * file is handled once; changes that arrive while a batch runs make the next batch.
 */
export class ChangeQueue {
  private pending = new Map<string, QueuedChange>();
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly handle: (batch: readonly QueuedChange[]) => Promise<void>) {}

  push(change: QueuedChange): void {
    if (this.stopped) return;
    this.pending.set(change.path, change);
    this.draining ??= this.drain();
  }

  /** Resolves once every change pushed so far has been handled. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Drops what is pending and waits for the batch in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      while (this.pending.size > 0 && !this.stopped) {
        const batch = [...this.pending.values()];
        this.pending = new Map();
        await this.handle(batch).catch((error: unknown) => {
          console.error('AltLens: handling changes in watched folders failed:', error);
        });
      }
    } finally {
      this.draining = null;
    }
  }
}
