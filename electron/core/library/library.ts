import { existsSync, statSync, type Stats } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { z } from 'zod';
import {
  FoundMetadata,
  type Folder,
  type FolderNode,
  type FolderWatch,
  type FolderWriteSettings,
  type ImageDetail,
  type ImageStatus,
  type ImageSummary,
  type MediaKind,
  type ScanResult,
  type Skipped,
} from '../../../contract/api.js';
import { badRequest, notFound } from '../api/errors.js';
import { forEachConcurrently } from '../concurrency.js';
import { openDatabase, type Db } from '../db/open.js';
import { EventHub } from '../events.js';
import { RenditionCache } from '../media/renditions.js';
import { captionJobKey } from '../jobs/job-keys.js';
import { JobQueue } from '../jobs/job-queue.js';
import { modelDisplayName } from '../models/model-name.js';
import { SettingsStore } from '../settings.js';
import { folderTree } from './folder-tree.js';
import { checkFolderToAdd } from './folder-rules.js';
import { Indexer, isUnchanged, type IndexOutcome } from './indexer.js';
import {
  LibraryStore,
  type DescriptionExtras,
  type FolderRow,
  type ImageWithDescription,
  type KnownFile,
  type ModelCaption,
} from './store.js';
import { walkFolder } from './walk.js';
import { QuestionHistory } from './question-history.js';
import { WriteIntents } from './write-intents.js';
import { WriteLog } from './write-log.js';

/** How often, at most, scan progress is pushed to the UI. */
const PROGRESS_INTERVAL_MS = 100;
/** Files a scan reads at once (hash, decode, thumbnail, metadata): one's waits overlap another's work. */
const SCAN_CONCURRENCY = 4;
/** Files a scan stats between two turns of the event loop (a few milliseconds). */
const STAT_CHUNK = 1000;

/** How a folder is watched when nothing watches it (the CLI's one-shot commands). */
const NOT_WATCHED: FolderWatch = { mode: 'not-watched', reason: null };

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

/** Reads the alt text and descriptions already in a file or its sidecar (the metadata repository does). */
export interface MetadataReader {
  read(path: string): Promise<{
    altText: string | null;
    extDescription: string | null;
    found: readonly FoundMetadata[];
  }>;
}

export interface WriteRequest {
  readonly path: string;
  readonly status: string | null;
  /** Size and mtime when the file was last read: a file changed since is refused. */
  readonly expected: { size: number; mtimeMs: number };
  readonly values: { altText: string; extDescription: string | null };
  readonly decorative: boolean;
  readonly settings: FolderWriteSettings;
}

/** Which images a listing holds. */
export interface ImageListFilter {
  readonly status?: ImageStatus | undefined;
  readonly folderId?: number | undefined;
  /** A folder's absolute path: the photos in it and its subfolders. */
  readonly folderPath?: string | undefined;
  readonly format?: string | undefined;
  /** An FTS5 match expression (see `toMatchExpression`). */
  readonly match?: string | null | undefined;
}

export interface ImageListRequest extends ImageListFilter {
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
}

export interface ImagePage {
  readonly total: number;
  readonly images: ImageSummary[];
}

/** A page when the caller does not say (the API's default too). */
const DEFAULT_PAGE_SIZE = 100;
/** Rows read at a time by `eachImage`. */
const ITERATION_PAGE_SIZE = 500;

export interface LibraryOptions {
  /** Without one, scans do not look at the files' metadata. */
  readonly metadata?: MetadataReader;
}

/** The photo library: folders, images, descriptions. Electron-free; every host uses this same object. */
export class Library {
  readonly events = new EventHub();
  readonly queue: JobQueue;
  readonly settings: SettingsStore;
  readonly writeLog: WriteLog;
  readonly writeIntents: WriteIntents;
  /** The questions asked about each photo (Ask) and their answers. */
  readonly questions: QuestionHistory;
  private readonly store: LibraryStore;
  private readonly renditions: RenditionCache;
  private readonly indexer: Indexer;
  /** The scans in hand, and what stops them all (stopScans). */
  private readonly scans = new Set<Promise<ScanResult>>();
  private readonly stopping = new AbortController();
  /** How each folder is watched, by path: set by the watcher while the app runs. */
  private readonly watchStates = new Map<string, FolderWatch>();

  private constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly options: LibraryOptions,
  ) {
    this.store = new LibraryStore(db);
    this.queue = new JobQueue(db);
    this.settings = new SettingsStore(db);
    this.writeLog = new WriteLog(db);
    this.writeIntents = new WriteIntents(db);
    this.questions = new QuestionHistory(db);
    this.renditions = new RenditionCache(join(dataDir, 'cache'));
    this.indexer = new Indexer(this.store, this.renditions);
  }

  static open(dataDir: string, options: LibraryOptions = {}): Library {
    return new Library(openDatabase(dataDir), dataDir, options);
  }

  /** Runs `work` in one database transaction. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }

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
      this.queueNewCaptions(toCaption);
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
        if (row && info && isUnchanged(row, info)) onUnchanged(row);
        else toIndex.push(path);
      }
      for (const row of known.values()) if (row.missing_since === null) unseen.push(row);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return { toIndex, unseen };
  }

  /** The id of the library's folder at this path (added to the library if it is not there yet). */
  folderIdOf(root: string): number {
    return this.store.folderId(root);
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
    this.queueNewCaptions(changed.filter((outcome) => !outcome.error).map((outcome) => outcome.id));
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

  /** Records how a folder is watched (shown in the folder list). */
  setWatchState(folderPath: string, watch: FolderWatch): void {
    this.watchStates.set(folderPath, watch);
    this.events.emit({ type: 'folders.changed' });
  }

  folders(): Folder[] {
    return this.store.folders().map((row) => toFolder(row, this.watchStates.get(row.path) ?? NOT_WATCHED));
  }

  /** Each folder with its subfolders that hold photos, and how many photos each holds (with those below). */
  folderTree(): FolderNode[] {
    return folderTree(this.store.folders(), this.store.directoryCounts(), sep);
  }

  updateWriteSettings(folderId: number, changes: Partial<FolderWriteSettings>): Folder {
    this.store.updateWriteSettings(folderId, changes);
    const folder = this.folders().find((row) => row.id === folderId);
    if (!folder) throw notFound(`Folder ${folderId}`);
    return folder;
  }

  /** Alt text already in the file (or its sidecar) is kept as written by a person; never over the library's. */
  private async importMetadata(imageId: number, path: string): Promise<void> {
    if (!this.options.metadata) return;
    try {
      const read = await this.options.metadata.read(path);
      this.store.recordFoundMetadata(imageId, read.found, read);
    } catch (error) {
      // Unreadable metadata does not make the image unusable: it is captioned and can be written later. The
      // reason is in plain words (metadata/errors.ts), without a stack trace.
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`AltLens: alt text already in ${JSON.stringify(path)} was not imported: ${reason}`);
    }
  }

  /** One page of the images (in path order) with these filters, and how many there are in all. */
  listImages(request: ImageListRequest = {}): ImagePage {
    const page = { ...request, offset: request.offset ?? 0, limit: request.limit ?? DEFAULT_PAGE_SIZE };
    const { total, rows } = this.store.imagePage(page);
    return { total, images: rows.map(toSummary) };
  }

  /** The ids of every image with these filters, in the order of `listImages`'s pages. */
  imageIds(filter: ImageListFilter = {}): number[] {
    return this.store.imageIds(filter);
  }

  /** Every image with these filters, in path order, read a page at a time (for exports and scripts). */
  *eachImage(filter: ImageListFilter = {}, pageSize = ITERATION_PAGE_SIZE): Generator<ImageDetail> {
    let afterPath: string | undefined;
    for (;;) {
      const rows = this.store.images({ ...filter, afterPath, offset: 0, limit: pageSize });
      for (const row of rows) yield toDetail(row);
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      afterPath = last.path;
    }
  }

  /** Full-text search (every word, as a prefix) over alt text, descriptions, OCR text and paths, filtered. */
  search(params: ImageListRequest & { query: string }): ImagePage {
    return this.listImages({ ...params, match: toMatchExpression(params.query) });
  }

  /** The image whose file is at this (absolute) path, if the library has it. */
  findImageByPath(path: string): ImageDetail | undefined {
    const row = this.store.imageByPath(path);
    return row ? this.findImage(row.id) : undefined;
  }

  getImage(id: number): ImageDetail {
    const image = this.findImage(id);
    if (!image) throw notFound(`Image ${id}`);
    return image;
  }

  findImage(id: number): ImageDetail | undefined {
    const row = this.store.image(id);
    return row ? toDetail(row) : undefined;
  }

  /** Saves what a person typed. An empty text clears the description. */
  saveDescription(imageId: number, text: string, extras: DescriptionExtras = {}): ImageDetail {
    this.getImage(imageId);
    const extDescription =
      typeof extras.extDescription === 'string'
        ? extras.extDescription.trim() || null
        : extras.extDescription;
    this.store.saveDescription(imageId, text.trim(), 'human', 'edited', { ...extras, extDescription });
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.getImage(imageId);
  }

  /** Marks the description reviewed: it is then what gets written into the file. */
  approve(imageId: number): ImageDetail {
    const problem = approvalProblem(this.getImage(imageId));
    if (problem) throw badRequest(problem.message);
    this.store.approve(imageId);
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.getImage(imageId);
  }

  /**
   * Approves many descriptions in one transaction; each photo that cannot be approved (or already is) is
   * skipped with the reason. Returns the ids approved.
   */
  approveMany(imageIds: readonly number[]): { approvedIds: number[]; skipped: Skipped } {
    const approvedIds: number[] = [];
    const skipped: Skipped = [];
    this.transaction(() => {
      for (const imageId of imageIds) {
        const image = this.findImage(imageId);
        const reason = !image
          ? 'not in the library'
          : image.status === 'approved' || image.status === 'written'
            ? `already ${image.status}`
            : approvalProblem(image)?.reason;
        if (reason) skipped.push({ imageId, reason });
        else {
          this.store.approve(imageId);
          approvedIds.push(imageId);
        }
      }
    });
    if (approvedIds.length > 0) this.events.emit({ type: 'library.changed', imageIds: approvedIds });
    return { approvedIds, skipped };
  }

  /** The photos a batch action applies to: these ids (each once), or every photo the filter holds. */
  selectionIds(selection: { imageIds: readonly number[] } | { filter: ImageListFilter }): number[] {
    return 'imageIds' in selection ? [...new Set(selection.imageIds)] : this.imageIds(selection.filter);
  }

  /** Where a photo stands in a filtered list (path order), with the photos before and after it. */
  neighbours(id: number, filter: ImageListFilter) {
    const row = this.store.image(id);
    if (!row) throw notFound(`Image ${id}`);
    const place = this.store.placeInList(filter, id, row.path);
    return {
      previousId: place.previousId,
      nextId: place.nextId,
      position: place.included ? place.before + 1 : null,
      total: this.store.imageCount(filter),
    };
  }

  /** The newest photos whose caption or write failed, with the reasons, and how many there are. */
  failures(job: 'caption' | 'write', limit: number) {
    const { total, rows } = this.store.failedJobs(job, limit);
    const failures = rows.map((row) => ({
      imageId: row.id,
      fileName: basename(row.path),
      reason: row.error ?? 'No reason was given.',
    }));
    return { total, failures };
  }

  /** What writing an image's approved alt text needs: the file as it was read, and its folder's settings. */
  writeRequest(imageId: number): WriteRequest {
    const row = this.store.image(imageId);
    if (!row) throw notFound(`Image ${imageId}`);
    const folder = this.folders().find((candidate) => candidate.id === row.folder_id);
    if (!folder) throw notFound(`The folder of image ${imageId}`);
    return {
      path: row.path,
      status: row.status,
      expected: { size: row.size, mtimeMs: row.mtime_ms },
      values: { altText: row.text ?? '', extDescription: row.ext_description },
      decorative: row.decorative === 1,
      settings: folder.writeSettings,
    };
  }

  /** The alt text is now in the file: logged for undo, marked "written" and its job done, at once. */
  recordWrite(jobId: number, imageId: number, record: unknown): void {
    this.transaction(() => {
      this.writeLog.add(imageId, record, Date.now());
      this.store.markWritten(imageId);
      this.queue.complete(jobId);
    });
  }

  /** A write was undone: the description is approved again (and can be written again). */
  recordUndo(writeId: number, imageId: number): void {
    this.transaction(() => {
      this.writeLog.markUndone(writeId);
      this.store.approve(imageId);
    });
  }

  /** Re-reads a file's facts after AltLens changed it (its identity follows the new bytes). */
  async refreshFile(imageId: number): Promise<void> {
    const row = this.store.image(imageId);
    if (row) await this.indexer.indexFile(row.folder_id, row.path);
  }

  /** Queues a caption job per image (deduped). `force` re-queues finished ones and may replace human text. */
  queueCaptions(imageIds: readonly number[], options: { force?: boolean; priority?: number } = {}): void {
    for (const imageId of imageIds) this.getImage(imageId);
    this.enqueueCaptions(imageIds, options);
  }

  /** Queues a caption job per image (of the library), all in one transaction, and tells the UI. */
  private enqueueCaptions(
    imageIds: readonly number[],
    options: { force?: boolean; priority?: number } = {},
  ): void {
    this.transaction(() => {
      for (const imageId of imageIds) {
        this.queue.enqueue(
          'caption',
          captionJobKey.of(imageId),
          { imageId, force: options.force ?? false },
          {
            priority: options.priority ?? 0,
            requeue: options.force ?? false,
          },
        );
      }
    });
    if (imageIds.length > 0) this.events.emit({ type: 'library.changed', imageIds: [...imageIds] });
  }

  /**
   * Stores a finished caption and marks its job done in one transaction, so a caption is stored exactly
   * once even if the process dies right after. Returns false when the job was cancelled meanwhile or the
   * image has a description a person wrote (kept unless `force`).
   */
  recordCaption(jobId: number, imageId: number, caption: ModelCaption, force: boolean): boolean {
    const stored = this.db.transaction(() => {
      if (this.queue.isCancelled(jobId)) return false;
      const saved =
        this.store.image(imageId) !== undefined && this.store.saveModelCaption(imageId, caption, force);
      this.queue.complete(jobId);
      return saved;
    })();
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return stored;
  }

  /**
   * Queues captions (when the setting says so) for those of these images that can have one, have none and
   * are not queued yet (a rescan of a large folder looks at each image once, with one small query).
   */
  private queueNewCaptions(imageIds: readonly number[]): void {
    if (imageIds.length > 0 && this.settings.read().captionOnAdd)
      this.enqueueCaptions(this.store.uncaptionedImageIds(imageIds));
  }

  /** The path of a rendition of an image, made on demand; found by id only. */
  async mediaPath(kind: MediaKind, imageId: number): Promise<string> {
    const row = this.store.image(imageId);
    if (!row) throw notFound(`Image ${imageId}`);
    if (row.error !== null || (kind === 'thumbnail' && row.has_thumbnail === 0)) {
      throw notFound(`A ${kind} of image ${imageId}`);
    }
    // A missing file's renditions are shown while they are cached; none can be made.
    if (row.missing_since !== null && !existsSync(this.renditions.pathFor(kind, row.content_hash))) {
      throw notFound(`A ${kind} of image ${imageId} (its file is missing)`);
    }
    return this.renditions.ensure(kind, row.path, row.content_hash);
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

/**
 * A person's words as an FTS5 expression: each word a quoted prefix, all required. Quoting keeps FTS5's
 * own syntax (AND, NEAR, column filters, stray quotes) out of what people type. No words → null.
 */
export function toMatchExpression(query: string): string | null {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0 ? words.map((word) => `"${word}"*`).join(' ') : null;
}

/** A person's search words and filters as a listing filter. */
export function toListFilter(filter: {
  query?: string;
  status?: ImageStatus;
  folderId?: number;
  folderPath?: string;
}): ImageListFilter {
  const { status, folderId, folderPath } = filter;
  return { status, folderId, folderPath, match: toMatchExpression(filter.query ?? '') };
}

/** The longest alt text approved (longer text belongs in the extended description). */
const MAX_ALT_TEXT = 250;

/** Why a description cannot be approved, in a few words (batch results) and as a sentence; null if it can. */
function approvalProblem(image: ImageSummary): { reason: string; message: string } | null {
  if (!image.altText && !image.decorative) {
    return {
      reason: 'no alt text',
      message: 'Write alt text, or mark the photo as decorative, before approving it.',
    };
  }
  const length = image.altText?.length ?? 0;
  if (length <= MAX_ALT_TEXT) return null;
  return {
    reason: `alt text over ${MAX_ALT_TEXT} characters`,
    message: `Alt text may be at most ${MAX_ALT_TEXT} characters; this one has ${length}.`,
  };
}

/** A file's size and modification time, or null when it cannot be looked at (gone, not readable). */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function toFolder(row: FolderRow, watch: FolderWatch): Folder {
  return {
    id: row.id,
    path: row.path,
    imageCount: row.image_count,
    missingCount: row.missing_count,
    watch,
    writeSettings: {
      target: row.write_target,
      sidecarNaming: row.sidecar_naming,
      descriptionFields: row.description_fields === 1,
    },
  };
}

const WrittenTo = z.object({ writtenTo: z.array(z.string()) });

function toSummary(row: ImageWithDescription): ImageSummary {
  return {
    id: row.id,
    path: row.path,
    fileName: basename(row.path),
    format: row.format,
    width: row.width,
    height: row.height,
    status:
      row.missing_since !== null ? 'missing' : row.error !== null ? 'failed' : (row.status ?? 'pending'),
    altText: row.text,
    error: row.error,
    hasThumbnail: row.has_thumbnail === 1,
    captionJob: row.job_state ? { state: row.job_state, error: row.job_error } : null,
    writeJob: row.write_state ? { state: row.write_state, error: row.write_error } : null,
    decorative: row.decorative === 1,
  };
}

function toDetail(row: ImageWithDescription): ImageDetail {
  const generatedBy =
    row.source === 'model' && row.model && row.device
      ? {
          // Older rows hold the model's id or folder path: named the way newer ones are.
          model: modelDisplayName(row.model),
          device: row.device,
          durationMs: row.duration_ms ?? 0,
          ocrText: row.ocr_text ?? '',
        }
      : null;
  const lastWrite =
    row.last_write_record && row.last_write_at
      ? {
          at: row.last_write_at,
          writtenTo: WrittenTo.catch({ writtenTo: [] }).parse(JSON.parse(row.last_write_record)).writtenTo,
        }
      : null;
  return {
    ...toSummary(row),
    size: row.size,
    descriptionSource: row.source,
    descriptionUpdatedAt: row.description_updated_at,
    generatedBy,
    extDescription: row.ext_description,
    foundInFile: row.found_metadata
      ? z.array(FoundMetadata).catch([]).parse(JSON.parse(row.found_metadata))
      : [],
    lastWrite,
  };
}
