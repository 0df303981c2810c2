import type {
  Folder,
  FolderNode,
  FolderWatch,
  FolderWriteSettings,
  ImageDetail,
  MediaKind,
  ScanResult,
  Skipped,
} from '../../../contract/api.js';
import { openDatabase, type Db } from '../db/open.js';
import { EmbeddingStore } from '../embeddings/embedding-store.js';
import { EventHub } from '../events.js';
import type { EmbeddedImageReader } from '../media/embedded-preview.js';
import { RenditionCache, type DecodableImage } from '../media/renditions.js';
import { JobQueue } from '../jobs/job-queue.js';
import { SettingsStore } from '../settings.js';
import { Indexer, type IndexOutcome } from './indexer.js';
import { LibraryCaptions } from './library-captions.js';
import { LibraryDescriptions } from './library-descriptions.js';
import { LibraryFolders } from './library-folders.js';
import {
  LibraryListing,
  type ImageListFilter,
  type ImageListRequest,
  type ImagePage,
} from './library-listing.js';
import { LibraryScans, type MetadataReader } from './library-scans.js';
import { LibraryWrites, type WriteRequest } from './library-writes.js';
import { FolderContexts } from './folder-context.js';
import { LibraryStore, type DescriptionExtras, type ModelCaption } from './store.js';
import { QuestionHistory } from './question-history.js';
import { WriteIntents } from './write-intents.js';
import { WriteLog } from './write-log.js';

export type { MetadataReader } from './library-scans.js';
export type { WriteRequest } from './library-writes.js';
export {
  toListFilter,
  toMatchExpression,
  type ImageListFilter,
  type ImageListRequest,
  type ImagePage,
} from './library-listing.js';

export interface LibraryOptions {
  /** Without one, scans do not look at the files' metadata. */
  readonly metadata?: MetadataReader;
  /** Reads camera raw and HEIC previews (the metadata repository does); without one, raw files are only hashed. */
  readonly previews?: EmbeddedImageReader;
}

/**
 * The photo library: folders, images, descriptions. Electron-free; every host uses this same object. A
 * facade: each method hands over to the part that does that job (scans, folders, listing, descriptions,
 * captions, writes), where its documentation is.
 */
export class Library {
  readonly events = new EventHub();
  readonly queue: JobQueue;
  readonly settings: SettingsStore;
  readonly writeLog: WriteLog;
  readonly writeIntents: WriteIntents;
  /** The questions asked about each photo (Ask) and their answers. */
  readonly questions: QuestionHistory;
  /** Each folder's context for prompts: its note and whether identity words are allowed. */
  readonly folderContexts: FolderContexts;
  /** Each photo's image–text embedding per model, for search by meaning and similar photos. */
  readonly embeddings: EmbeddingStore;
  private readonly scans: LibraryScans;
  private readonly folderParts: LibraryFolders;
  private readonly listing: LibraryListing;
  private readonly descriptions: LibraryDescriptions;
  private readonly captions: LibraryCaptions;
  private readonly writes: LibraryWrites;

  private constructor(
    private readonly db: Db,
    dataDir: string,
    options: LibraryOptions,
  ) {
    const store = new LibraryStore(db);
    this.queue = new JobQueue(db);
    this.settings = new SettingsStore(db);
    this.writeLog = new WriteLog(db);
    this.writeIntents = new WriteIntents(db);
    this.questions = new QuestionHistory(db);
    this.folderContexts = new FolderContexts(db);
    this.embeddings = new EmbeddingStore(db);
    const renditions = RenditionCache.inDataDir(dataDir, options.previews);
    const indexer = new Indexer(store, renditions);
    const transaction = <T>(work: () => T): T => this.transaction(work);
    this.folderParts = new LibraryFolders(store, this.events);
    this.listing = new LibraryListing(store, renditions);
    this.descriptions = new LibraryDescriptions(store, this.events, this.listing, transaction);
    this.captions = new LibraryCaptions(
      db,
      store,
      this.queue,
      this.settings,
      this.events,
      this.listing,
      transaction,
    );
    this.writes = new LibraryWrites(store, this.queue, this.writeLog, indexer, this.folderParts, transaction);
    this.scans = new LibraryScans(store, indexer, this.events, this.captions, options.metadata);
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

  // Scans, files indexed, images whose files are gone (library-scans.ts).

  addFolder(folderPath: string): Promise<ScanResult> {
    return this.scans.addFolder(folderPath);
  }

  rescanFolder(root: string, signal?: AbortSignal): Promise<ScanResult> {
    return this.scans.rescanFolder(root, signal);
  }

  stopScans(): Promise<void> {
    return this.scans.stopScans();
  }

  indexFile(folderId: number, path: string): Promise<IndexOutcome> {
    return this.scans.indexFile(folderId, path);
  }

  announceIndexed(outcomes: readonly IndexOutcome[]): void {
    this.scans.announceIndexed(outcomes);
  }

  markGone(paths: { files?: readonly string[]; folders?: readonly string[] }): number[] {
    return this.scans.markGone(paths);
  }

  removeMissing(target: { folderId: number } | { imageIds: readonly number[] }): { removed: number } {
    return this.scans.removeMissing(target);
  }

  // Folders (library-folders.ts).

  folderIdOf(root: string): number {
    return this.folderParts.folderIdOf(root);
  }

  setWatchState(folderPath: string, watch: FolderWatch): void {
    this.folderParts.setWatchState(folderPath, watch);
  }

  folders(): Folder[] {
    return this.folderParts.folders();
  }

  folderTree(): FolderNode[] {
    return this.folderParts.folderTree();
  }

  updateWriteSettings(folderId: number, changes: Partial<FolderWriteSettings>): Folder {
    return this.folderParts.updateWriteSettings(folderId, changes);
  }

  // Listing and finding images (library-listing.ts).

  listImages(request: ImageListRequest = {}): ImagePage {
    return this.listing.listImages(request);
  }

  imageIds(filter: ImageListFilter = {}): number[] {
    return this.listing.imageIds(filter);
  }

  eachImage(filter: ImageListFilter = {}, pageSize?: number): Generator<ImageDetail> {
    return this.listing.eachImage(filter, pageSize);
  }

  search(params: ImageListRequest & { query: string }): ImagePage {
    return this.listing.search(params);
  }

  findImageByPath(path: string): ImageDetail | undefined {
    return this.listing.findImageByPath(path);
  }

  getImage(id: number): ImageDetail {
    return this.listing.getImage(id);
  }

  findImage(id: number): ImageDetail | undefined {
    return this.listing.findImage(id);
  }

  selectionIds(selection: { imageIds: readonly number[] } | { filter: ImageListFilter }): number[] {
    return this.listing.selectionIds(selection);
  }

  neighbours(id: number, filter: ImageListFilter) {
    return this.listing.neighbours(id, filter);
  }

  failures(job: 'caption' | 'write', limit: number) {
    return this.listing.failures(job, limit);
  }

  mediaPath(kind: MediaKind, imageId: number): Promise<string> {
    return this.listing.mediaPath(kind, imageId);
  }

  decodable(path: string): Promise<DecodableImage> {
    return this.listing.decodable(path);
  }

  // Descriptions (library-descriptions.ts).

  saveDescription(imageId: number, text: string, extras: DescriptionExtras = {}): ImageDetail {
    return this.descriptions.saveDescription(imageId, text, extras);
  }

  approve(imageId: number): ImageDetail {
    return this.descriptions.approve(imageId);
  }

  approveMany(imageIds: readonly number[]): { approvedIds: number[]; skipped: Skipped } {
    return this.descriptions.approveMany(imageIds);
  }

  // Captions (library-captions.ts).

  queueCaptions(imageIds: readonly number[], options: { force?: boolean; priority?: number } = {}): void {
    this.captions.queueCaptions(imageIds, options);
  }

  recordCaption(jobId: number, imageId: number, caption: ModelCaption, force: boolean): boolean {
    return this.captions.recordCaption(jobId, imageId, caption, force);
  }

  saveChosenCaption(imageId: number, caption: ModelCaption): ImageDetail {
    return this.captions.saveChosenCaption(imageId, caption);
  }

  // Writes into files (library-writes.ts).

  writeRequest(imageId: number): WriteRequest {
    return this.writes.writeRequest(imageId);
  }

  recordWrite(jobId: number, imageId: number, record: unknown): void {
    this.writes.recordWrite(jobId, imageId, record);
  }

  recordUndo(writeId: number, imageId: number): void {
    this.writes.recordUndo(writeId, imageId);
  }

  refreshFile(imageId: number): Promise<void> {
    return this.writes.refreshFile(imageId);
  }
}
