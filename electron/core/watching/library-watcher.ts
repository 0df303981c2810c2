import { resolve } from 'node:path';
import type { FolderWatch, ScanResult } from '../../../contract/api.js';
import type { IndexOutcome } from '../library/indexer.js';
import type { Library } from '../library/library.js';
import { forEachConcurrently } from '../concurrency.js';
import { ChangeQueue, type QueuedChange } from './change-queue.js';
import { FolderWatcher, type WatcherFactory } from './folder-watcher.js';
import { RECONCILE_INTERVAL_MS, Reconciler } from './reconciler.js';

/** Files indexed at once from the watchers' changes (hashing, decoding and metadata overlap). */
const WATCH_CONCURRENCY = 4;
/** How often, at most, the UI hears about files the watchers indexed during a burst. */
const ANNOUNCE_INTERVAL_MS = 100;

/** What the watchers did, for tests and benchmarks (the UI hears through the library's events). */
export type WatchEvent =
  | { readonly type: 'indexed'; readonly path: string; readonly outcome: IndexOutcome }
  | { readonly type: 'gone'; readonly imageIds: readonly number[] }
  | { readonly type: 'reconciled'; readonly folderPath: string; readonly result: ScanResult }
  | { readonly type: 'mode'; readonly folderPath: string; readonly watch: FolderWatch };

export interface LibraryWatcherOptions {
  readonly createWatcher?: WatcherFactory | undefined;
  readonly writeFinishMs?: number | undefined;
  readonly pollIntervalMs?: number | undefined;
  readonly reconcileIntervalMs?: number | undefined;
  readonly concurrency?: number | undefined;
}

/**
 * Keeps the library in step with its folders while the app runs: every folder is watched (chokidar, or
 * polling where the OS watch limit is reached), new and changed files are indexed and queued for captions,
 * deleted ones marked missing, and a reconciliation scan on start and on a schedule finds what was missed.
 */
export class LibraryWatcher {
  private readonly watchers = new Map<string, Promise<FolderWatcher | null>>();
  private readonly queue: ChangeQueue;
  private readonly reconciler: Reconciler;
  private readonly listeners = new Set<(event: WatchEvent) => void>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly stopListening: () => void;
  private stopped = false;

  constructor(
    private readonly library: Library,
    private readonly options: LibraryWatcherOptions = {},
  ) {
    this.queue = new ChangeQueue((batch) => this.handle(batch));
    this.reconciler = new Reconciler(
      library,
      { watch: (root) => this.watch(root), unwatch: (root, reason) => this.unwatch(root, reason) },
      {
        intervalMs: options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS,
        onReconciled: (folderPath, result) => this.emit({ type: 'reconciled', folderPath, result }),
      },
    );
    // A folder added through the API is watched from then on (and scanned once watched: no gap).
    this.stopListening = library.events.subscribe((event) => {
      if (event.type === 'scan.finished' && !this.watchers.has(event.folderPath))
        this.track(this.reconciler.reconcile(event.folderPath));
    });
  }

  /** Watches and reconciles every folder now and on a schedule; resolves after the first reconciliation. */
  start(): Promise<void> {
    return this.track(this.reconciler.start());
  }

  /** Starts watching a folder; resolves once it is watched (add it to the library with `add`). */
  watchFolder(folderPath: string): Promise<void> {
    return this.watch(resolve(folderPath));
  }

  /** Adds a folder to the library (a full scan; captions queued as the settings say) and watches it. */
  async add(folderPath: string): Promise<ScanResult> {
    const root = resolve(folderPath);
    await this.watch(root);
    try {
      return await this.track(this.library.addFolder(root));
    } catch (error) {
      await this.closeWatcher(root);
      throw error;
    }
  }

  subscribe(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every change seen so far has been handled. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops the schedule, the scans and the watchers; what was in hand is finished, the rest dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening();
    await this.reconciler.stop();
    await this.queue.stop();
    await Promise.allSettled([...this.tasks]);
    await Promise.all([...this.watchers.keys()].map((root) => this.closeWatcher(root)));
  }

  private watch(root: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    let watching = this.watchers.get(root);
    if (!watching) {
      watching = FolderWatcher.start(root, {
        createWatcher: this.options.createWatcher,
        writeFinishMs: this.options.writeFinishMs,
        pollIntervalMs: this.options.pollIntervalMs,
        onChange: (change) => this.queue.push({ ...change, root }),
        onMode: (watch) => this.onMode(root, watch),
      }).catch((error: unknown) => {
        console.error(`AltLens: could not watch ${root}:`, error);
        this.watchers.delete(root);
        this.library.setWatchState(root, { mode: 'not-watched', reason: String(error) });
        return null;
      });
      this.watchers.set(root, watching);
    }
    return watching.then(() => undefined);
  }

  private onMode(root: string, watch: FolderWatch): void {
    if (this.stopped) return;
    this.library.setWatchState(root, watch);
    this.emit({ type: 'mode', folderPath: root, watch });
    // Changes made while the watcher was being replaced are found by scanning the folder.
    if (watch.mode === 'polling') this.track(this.reconciler.reconcile(root));
  }

  private async unwatch(root: string, reason: string): Promise<void> {
    await this.closeWatcher(root);
    if (!this.stopped) this.library.setWatchState(root, { mode: 'not-watched', reason });
  }

  private async closeWatcher(root: string): Promise<void> {
    const watching = this.watchers.get(root);
    this.watchers.delete(root);
    await (await watching)?.close();
  }

  private async handle(batch: readonly QueuedChange[]): Promise<void> {
    const files = batch.filter((change) => change.kind === 'gone').map((change) => change.path);
    const folders = batch.filter((change) => change.kind === 'gone-folder').map((change) => change.path);
    if (files.length + folders.length > 0) {
      const imageIds = this.library.markGone({ files, folders });
      if (imageIds.length > 0) this.emit({ type: 'gone', imageIds });
    }
    let indexed: { path: string; outcome: IndexOutcome }[] = [];
    let announcedAt = Date.now();
    const announce = () => {
      this.library.announceIndexed(indexed.map(({ outcome }) => outcome));
      for (const { path, outcome } of indexed) this.emit({ type: 'indexed', path, outcome });
      indexed = [];
      announcedAt = Date.now();
    };
    await forEachConcurrently(
      batch.filter((change) => change.kind === 'present'),
      this.options.concurrency ?? WATCH_CONCURRENCY,
      async ({ root, path }) => {
        try {
          const outcome = await this.library.indexFile(this.library.folderIdOf(root), path);
          indexed.push({ path, outcome });
        } catch (error) {
          if (!this.stopped) console.error(`AltLens: could not index ${path}:`, error);
        }
        if (!this.stopped && Date.now() - announcedAt >= ANNOUNCE_INTERVAL_MS) announce();
      },
      () => this.stopped,
    );
    if (!this.stopped) announce();
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private track<T>(task: Promise<T>): Promise<T> {
    this.tasks.add(task);
    const forget = () => this.tasks.delete(task);
    task.then(forget, forget);
    return task;
  }
}
