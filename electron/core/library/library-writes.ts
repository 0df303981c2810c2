import type { FolderWriteSettings } from '../../../contract/api.js';
import { notFound } from '../api/errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Indexer } from './indexer.js';
import type { LibraryFolders } from './library-folders.js';
import type { LibraryStore } from './store.js';
import type { WriteLog } from './write-log.js';

export interface WriteRequest {
  readonly path: string;
  readonly status: string | null;
  /** Size and mtime when the file was last read: a file changed since is refused. */
  readonly expected: { size: number; mtimeMs: number };
  readonly values: { altText: string; extDescription: string | null };
  readonly decorative: boolean;
  readonly settings: FolderWriteSettings;
}

/** Writes into files, as the library records them: what a write needs, a write done, a write undone. */
export class LibraryWrites {
  constructor(
    private readonly store: LibraryStore,
    private readonly queue: JobQueue,
    private readonly writeLog: WriteLog,
    private readonly indexer: Indexer,
    private readonly folders: LibraryFolders,
    private readonly transaction: <T>(work: () => T) => T,
  ) {}

  /** What writing an image's approved alt text needs: the file as it was read, and its folder's settings. */
  writeRequest(imageId: number): WriteRequest {
    const row = this.store.image(imageId);
    if (!row) throw notFound(`Image ${imageId}`);
    const folder = this.folders.folders().find((candidate) => candidate.id === row.folder_id);
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
}
