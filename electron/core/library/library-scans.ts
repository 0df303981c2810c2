import { existsSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import type { FoundMetadata, ScanResult } from '../../../contract/api.js';
import { forEachConcurrently } from '../concurrency.js';
import type { EventHub } from '../events.js';
import { checkFolderToAdd } from './folder-rules.js';
import { isUnchanged, type Indexer, type IndexOutcome } from './indexer.js';
import type { LibraryCaptions } from './library-captions.js';
import type { KnownFile, LibraryStore } from './store.js';
import { walkFolder } from './walk.js';

/** How often, at most, scan progress is pushed to the UI. */
const PROGRESS_INTERVAL_MS = 100;
/** Files a scan reads at once (hash, decode, thumbnail, metadata): one's waits overlap another's work. */
const SCAN_CONCURRENCY = 4;
/** Files a scan stats between two turns of the event loop (a few milliseconds). */
const STAT_CHUNK = 1000;

interface ScanOptions {
  /**
   * A scan a person asked for: its progress, end and failure are pushed as `scan.*` events. Reconciliation
   * scans run quietly: the UI hears only what changed.
   */
  readonly announce: boolean;
  /** Queue captions for every readable image without one, not only for new and changed files. */
  readonly captionAll: boolean;
  /** Stops the scan between files (the app is shutting down). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Reads the alt text and descriptions already in a file or its sidecar, and when the photo was taken (epoch
 * ms, null when it says none): the metadata repository does.
 */
export interface MetadataReader {
  read(path: string): Promise<{
    altText: string | null;
    extDescription: string | null;
    found: readonly FoundMetadata[];
    takenAt: number | null;
  }>;
}

/** Scans of folders, the files indexed one by one, and the images whose files are gone. */
export class LibraryScans {
  /** The scans in hand, and what stops them all (stopScans). */
  private readonly scans = new Set<Promise<ScanResult>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: LibraryStore,
    private readonly indexer: Indexer,
    private readonly events: EventHub,
    private readonly captions: LibraryCaptions,
    private readonly metadata: MetadataReader | undefined,
  ) {}

  /** Scans a folder recursively and indexes every image in it; one bad file never stops the scan. */
  async addFolder(folderPath: string): Promise<ScanResult> {
    const root = await checkFolderToAdd(folderPath);
    return this.scan(root, { announce: true, captionAll: true });
  }

  /**
   * Reconciliation: scans a folder of the library again, quietly, for whatever the watcher missed (files
   * added, changed, moved or deleted while the app was closed). Stops between files once `signal` aborts.
   */
  rescanFolder(root: string, signal?: AbortSignal): Promise<ScanResult> {
    return this.scan(root, { announce: false, captionAll: false, signal });
  }

  /** Stops the scans in hand between files (as a shutdown does) and resolves once they have returned. */
  async stopScans(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.scans]);
  }

  private scan(root: string, options: ScanOptions): Promise<ScanResult> {
    const scanning = this.runScan(root, options);
    this.scans.add(scanning);
    const done = () => this.scans.delete(scanning);
    scanning.then(done, done);
    return scanning;
  }

  private async runScan(root: string, options: ScanOptions): Promise<ScanResult> {
    try {
      const { files, skipped } = await walkFolder(root);
      const result: ScanResult = {
        folderId: this.store.folderId(root),
        found: files.length,
        added: 0,
        updated: 0,
        moved: 0,
        failed: 0,
        missing: 0,
        skipped,
      };
      const progress = this.progressReporter(root, files.length, options.announce);
      const toCaption: number[] = [];
      const stopped = () => options.signal?.aborted === true || this.stopping.signal.aborted;
      const { toIndex, unseen } = await this.sortFiles(root, files, stopped, (known) => {
        if (options.captionAll) toCaption.push(known.id);
        progress.finished(null);
      });
      await forEachConcurrently(
        toIndex,
        SCAN_CONCURRENCY,
        async (path) => {
          progress.working(path);
          const outcome = await this.indexFile(result.folderId, path);
          if (outcome.kind !== 'unchanged') result[outcome.kind] += 1;
          if (outcome.error) result.failed += 1;
          else if (options.captionAll || outcome.kind !== 'unchanged') toCaption.push(outcome.id);
          progress.finished(outcome.kind === 'unchanged' ? null : outcome.id);
        },
        stopped,
      );
      if (stopped()) return result;
      progress.flush();
      this.markGoneRows(unseen);
      result.missing = this.store.missingCount(result.folderId);
      this.captions.queueNewCaptions(toCaption);
      if (options.announce) this.events.emit({ type: 'scan.finished', folderPath: root, result });
      else if (result.added + result.moved > 0) this.events.emit({ type: 'folders.changed' });
      return result;
    } catch (error) {
      if (options.announce)
        this.events.emit({ type: 'scan.failed', folderPath: root, message: String(error) });
      throw error;
    }
  }

  /**
   * Sorts a scan's files (in path order) into those that need reading (`toIndex`: new to the library,
   * changed in size or modification time, read with an error before, or found missing before) and those
   * unchanged, handed to `onUnchanged`; `unseen` are the files stored under the folder, present when last
   * seen, that the scan did not find. A chunk of files at a time, with the event loop free between chunks:
   * the stored files of the chunk's stretch of paths in one query, and one stat per file, synchronous (ten
   * times faster than awaiting each).
   */
  private async sortFiles(
    root: string,
    files: readonly string[],
    stopped: () => boolean,
    onUnchanged: (file: KnownFile) => void,
  ): Promise<{ toIndex: string[]; unseen: KnownFile[] }> {
    const toIndex: string[] = [];
    const unseen: KnownFile[] = [];
    const chunks = Math.max(1, Math.ceil(files.length / STAT_CHUNK));
    for (let chunk = 0; chunk < chunks && !stopped(); chunk += 1) {
      const paths = files.slice(chunk * STAT_CHUNK, (chunk + 1) * STAT_CHUNK);
      // Stretches end to end, the first from the folder's first path and the last to its last, so every
      // stored file under the folder is in one.
      const range = {
        from: chunk === 0 ? null : (paths[0] ?? null),
        to: files[(chunk + 1) * STAT_CHUNK] ?? null,
      };
      const known = new Map(this.store.knownFilesUnder(root, range).map((row) => [row.path, row]));
      for (const path of paths) {
        const row = known.get(path);
        known.delete(path);
        const info = row?.missing_since === null ? statOrNull(path) : null;
        if (row && info && isUnchanged(row, info) && !this.indexer.awaitsPreview(row)) onUnchanged(row);
        else toIndex.push(path);
      }
      for (const row of known.values()) if (row.missing_since === null) unseen.push(row);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { toIndex, unseen };
  }

  /** Brings one file's row up to date and imports the alt text in a new or changed file. */
  async indexFile(folderId: number, path: string): Promise<IndexOutcome> {
    const outcome = await this.indexer.indexFile(folderId, path);
    if (outcome.kind !== 'unchanged' && !outcome.error) await this.importMetadata(outcome.id, path);
    return outcome;
  }

  /** After the watcher indexed a batch of files: captions queued for new ones, the UI told what changed. */
  announceIndexed(outcomes: readonly IndexOutcome[]): void {
    const changed = outcomes.filter((outcome) => outcome.kind !== 'unchanged');
    this.captions.queueNewCaptions(changed.filter((outcome) => !outcome.error).map((outcome) => outcome.id));
    if (changed.length === 0) return;
    this.events.emit({ type: 'library.changed', imageIds: changed.map((outcome) => outcome.id) });
    this.events.emit({ type: 'folders.changed' });
  }

  /** The watcher saw these files (or everything under these folders) go: their images are marked missing. */
  markGone(paths: { files?: readonly string[]; folders?: readonly string[] }): number[] {
    const rows = (paths.files ?? []).flatMap((path): { id: number; path: string }[] => {
      const row = this.store.imageByPath(path);
      return row && row.missing_since === null ? [row] : [];
    });
    for (const folder of paths.folders ?? []) rows.push(...this.store.presentImagesUnder(folder + sep));
    return this.markGoneRows(rows);
  }

  /**
   * Marks missing those of these images whose files are really gone (and that are still at those paths);
   * returns the ids newly marked.
   */
  private markGoneRows(rows: readonly { id: number; path: string }[]): number[] {
    const gone = this.store.markMissing(rows.filter((row) => !existsSync(row.path)));
    if (gone.length > 0) {
      this.events.emit({ type: 'library.changed', imageIds: gone });
      this.events.emit({ type: 'folders.changed' });
    }
    return gone;
  }

  /**
   * Removes missing images (of a folder, or these ones) with their descriptions, once a person confirms.
   * An image whose file is back is kept (the next scan or the watcher marks it present).
   */
  removeMissing(target: { folderId: number } | { imageIds: readonly number[] }): { removed: number } {
    const ids = this.store.missingImageIds(target).filter((id) => {
      const row = this.store.image(id);
      return row !== undefined && !existsSync(row.path);
    });
    this.store.deleteImages(ids);
    if (ids.length > 0) {
      this.events.emit({ type: 'library.changed', imageIds: ids });
      this.events.emit({ type: 'folders.changed' });
    }
    return { removed: ids.length };
  }

  /**
   * Alt text already in the file (or its sidecar) is kept as written by a person; never over the library's.
   * The date taken comes from the same read (none where it cannot be read: the file's date is used).
   */
  private async importMetadata(imageId: number, path: string): Promise<void> {
    if (!this.metadata) return;
    try {
      const read = await this.metadata.read(path);
      this.store.recordFoundMetadata(imageId, read.found, read);
      this.store.recordTakenAt(imageId, read.takenAt);
    } catch (error) {
      this.store.recordTakenAt(imageId, null);
      // Unreadable metadata does not make the image unusable: it is captioned and can be written later. The
      // reason is in plain words (metadata/errors.ts), without a stack trace.
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`AltLens: alt text already in ${JSON.stringify(path)} was not imported: ${reason}`);
    }
  }

  /** Scan progress (and the images changed so far), pushed at most every PROGRESS_INTERVAL_MS; starts at 0. */
  private progressReporter(folderPath: string, total: number, pushProgress: boolean) {
    let done = 0;
    let lastEmit = 0;
    let currentPath: string | null = null;
    let changed: number[] = [];
    const flush = () => {
      lastEmit = Date.now();
      if (pushProgress) this.events.emit({ type: 'scan.progress', folderPath, done, total, currentPath });
      if (changed.length > 0) this.events.emit({ type: 'library.changed', imageIds: changed });
      changed = [];
    };
    flush();
    return {
      working: (path: string) => {
        currentPath = path;
      },
      finished: (changedId: number | null) => {
        done += 1;
        if (changedId !== null) changed.push(changedId);
        if (Date.now() - lastEmit >= PROGRESS_INTERVAL_MS) flush();
      },
      flush: () => {
        currentPath = null;
        flush();
      },
    };
  }
}

/** A file's size and modification time, or null when it cannot be looked at (gone, not readable). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
