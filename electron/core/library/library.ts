import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type {
  Folder,
  ImageDetail,
  ImageStatus,
  ImageSummary,
  MediaKind,
  ScanResult,
} from '../../../contract/api.js';
import { badRequest, notFound } from '../api/errors.js';
import { openDatabase, type Db } from '../db/open.js';
import { EventHub } from '../events.js';
import { RenditionCache } from '../media/renditions.js';
import { captionJobKey } from '../jobs/job-keys.js';
import { JobQueue } from '../jobs/job-queue.js';
import { SettingsStore } from '../settings.js';
import { Indexer } from './indexer.js';
import { LibraryStore, type ImageWithDescription, type ModelCaption } from './store.js';
import { findImageFiles } from './walk.js';

/** How often, at most, scan progress is pushed to the UI. */
const PROGRESS_INTERVAL_MS = 100;

/** The photo library: folders, images, descriptions. Electron-free; every host uses this same object. */
export class Library {
  readonly events = new EventHub();
  readonly queue: JobQueue;
  readonly settings: SettingsStore;
  private readonly store: LibraryStore;
  private readonly renditions: RenditionCache;
  private readonly indexer: Indexer;

  private constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.store = new LibraryStore(db);
    this.queue = new JobQueue(db);
    this.settings = new SettingsStore(db);
    this.renditions = new RenditionCache(join(dataDir, 'cache'));
    this.indexer = new Indexer(this.store, this.renditions);
  }

  static open(dataDir: string): Library {
    return new Library(openDatabase(dataDir), dataDir);
  }

  close(): void {
    this.db.close();
  }

  /** Scans a folder recursively and indexes every image in it; one bad file never stops the scan. */
  async addFolder(folderPath: string): Promise<ScanResult> {
    const root = resolve(folderPath);
    const info = await stat(root).catch(() => null);
    if (!info) throw badRequest(`The folder ${root} does not exist or cannot be read.`);
    if (!info.isDirectory()) throw badRequest(`${root} is a file, not a folder.`);
    try {
      const files = await findImageFiles(root);
      const result: ScanResult = {
        folderId: this.store.folderId(root),
        found: files.length,
        added: 0,
        updated: 0,
        moved: 0,
        failed: 0,
      };
      const progress = this.progressReporter(root, files.length);
      const indexed: number[] = [];
      for (const path of files) {
        progress.starting(path);
        const outcome = await this.indexer.indexFile(result.folderId, path);
        if (outcome.kind !== 'unchanged') result[outcome.kind] += 1;
        if (outcome.error) result.failed += 1;
        else indexed.push(outcome.id);
        progress.finished(outcome.kind === 'unchanged' ? null : outcome.id);
      }
      progress.flush();
      if (this.settings.read().captionOnAdd)
        this.queueCaptions(indexed.filter((id) => this.needsCaption(id)));
      this.events.emit({ type: 'scan.finished', folderPath: root, result });
      return result;
    } catch (error) {
      this.events.emit({ type: 'scan.failed', folderPath: root, message: String(error) });
      throw error;
    }
  }

  folders(): Folder[] {
    return this.store.folders();
  }

  listImages(filter: { status?: ImageStatus | undefined } = {}): ImageSummary[] {
    const all = this.store.images().map(toSummary);
    return filter.status ? all.filter((image) => image.status === filter.status) : all;
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
  saveDescription(imageId: number, text: string): ImageDetail {
    this.getImage(imageId);
    this.store.saveDescription(imageId, text.trim(), 'human', 'edited');
    this.events.emit({ type: 'library.changed', imageIds: [imageId] });
    return this.getImage(imageId);
  }

  /** Queues a caption job per image (deduped). `force` re-queues finished ones and may replace human text. */
  queueCaptions(imageIds: readonly number[], options: { force?: boolean; priority?: number } = {}): void {
    for (const imageId of imageIds) {
      this.getImage(imageId);
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

  /** An image that can be decoded and has no description yet. */
  private needsCaption(imageId: number): boolean {
    const row = this.store.image(imageId);
    return row !== undefined && row.has_thumbnail === 1 && row.text === null;
  }

  /** The path of a rendition of an image, made on demand; found by id only. */
  async mediaPath(kind: MediaKind, imageId: number): Promise<string> {
    const row = this.store.image(imageId);
    if (!row) throw notFound(`Image ${imageId}`);
    if (row.error !== null || (kind === 'thumbnail' && row.has_thumbnail === 0)) {
      throw notFound(`A ${kind} of image ${imageId}`);
    }
    return this.renditions.ensure(kind, row.path, row.content_hash);
  }

  private progressReporter(folderPath: string, total: number) {
    let done = 0;
    let lastEmit = 0;
    let currentPath: string | null = null;
    let changed: number[] = [];
    const flush = () => {
      lastEmit = Date.now();
      this.events.emit({ type: 'scan.progress', folderPath, done, total, currentPath });
      if (changed.length > 0) this.events.emit({ type: 'library.changed', imageIds: changed });
      changed = [];
    };
    return {
      starting: (path: string) => {
        currentPath = path;
        if (done === 0) flush();
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

function toSummary(row: ImageWithDescription): ImageSummary {
  return {
    id: row.id,
    path: row.path,
    fileName: basename(row.path),
    format: row.format,
    width: row.width,
    height: row.height,
    status: row.error !== null ? 'failed' : (row.status ?? 'pending'),
    altText: row.text,
    error: row.error,
    hasThumbnail: row.has_thumbnail === 1,
    captionJob: row.job_state ? { state: row.job_state, error: row.job_error } : null,
  };
}

function toDetail(row: ImageWithDescription): ImageDetail {
  return {
    ...toSummary(row),
    size: row.size,
    descriptionSource: row.source,
    descriptionUpdatedAt: row.description_updated_at,
    generatedBy:
      row.source === 'model' && row.model && row.device
        ? {
            model: row.model,
            device: row.device,
            durationMs: row.duration_ms ?? 0,
            ocrText: row.ocr_text ?? '',
          }
        : null,
  };
}
