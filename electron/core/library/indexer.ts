import { existsSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { needsEmbeddedPreview } from '../media/embedded-preview.js';
import type { RenditionCache } from '../media/renditions.js';
import { formatOf } from './formats.js';
import { hashBytes, hashFile } from './hash.js';
import { describeImageError, EMPTY_FILE_REASON, readDimensions } from './probe.js';
import type { ImageFacts, ImageRow, LibraryStore } from './store.js';

export type IndexKind = 'added' | 'updated' | 'moved' | 'unchanged';

export interface IndexOutcome {
  readonly id: number;
  readonly kind: IndexKind;
  readonly error: string | null;
}

/** A file that changes while it is read is read again, at most this many times in all. */
const MAX_READS = 3;
/**
 * An image up to this size is read once into memory: its hash, dimensions and thumbnail all come from the
 * same bytes. A larger one (and every camera raw file, which is only hashed) is streamed.
 */
const READ_WHOLE_BYTES = 32 * 1024 * 1024;

/**
 * Brings one file's row up to date. A file the library has never seen under this path, but whose size
 * and content hash match a row whose file is gone, is that image renamed or moved: the row (and so its
 * id and description) follows the file. A file that cannot be read gets a row with the reason. A file
 * that was missing and is back is present again.
 *
 * Calls for the same path run one after the other (a scan and the watcher may both see a file), so a
 * file never gets two rows and the second call finds it unchanged.
 */
export class Indexer {
  private readonly running = new Map<string, Promise<IndexOutcome>>();

  constructor(
    private readonly store: LibraryStore,
    private readonly renditions: RenditionCache,
  ) {}

  indexFile(folderId: number, path: string): Promise<IndexOutcome> {
    const before = this.running.get(path);
    const next = before
      ? before.then(
          () => this.indexNow(folderId, path),
          () => this.indexNow(folderId, path),
        )
      : this.indexNow(folderId, path);
    this.running.set(path, next);
    const forget = () => {
      if (this.running.get(path) === next) this.running.delete(path);
    };
    next.then(forget, forget);
    return next;
  }

  private async indexNow(folderId: number, path: string): Promise<IndexOutcome> {
    const existing = this.store.imageByPath(path);
    let info = await stat(path).catch((error: unknown) => ({ error }));
    for (let reads = 1; ; reads += 1) {
      if ('error' in info) {
        const facts = this.fileFacts(folderId, path, 0, 0, '', describeImageError(info.error, path));
        return this.save(existing?.id, facts);
      }
      if (existing && isUnchanged(existing, info) && !this.awaitsPreview(existing))
        return this.unchanged(existing);
      const facts = await this.readFacts(folderId, path, info.size, Math.round(info.mtimeMs));
      // A file still being written is read again once it stops changing, never stored half-written.
      const after = await stat(path).catch((error: unknown) => ({ error }));
      if (reads >= MAX_READS || ('size' in after && sameFile(info, after)))
        return this.save(existing?.id, facts);
      info = after;
    }
  }

  /**
   * A camera raw (or undecodable HEIC) file indexed where no preview could be read (an older AltLens, or a
   * library opened without exiftool): read again, now that its preview can be.
   */
  awaitsPreview(row: Pick<ImageRow, 'path' | 'has_thumbnail'>): boolean {
    return row.has_thumbnail === 0 && this.renditions.readsPreviews && needsEmbeddedPreview(row.path);
  }

  /** Unchanged since it was last read; a file that was missing and is back is marked present. */
  private unchanged(existing: ImageRow): IndexOutcome {
    if (existing.missing_since === null) return { id: existing.id, kind: 'unchanged', error: null };
    this.store.clearMissing(existing.id);
    return { id: existing.id, kind: 'updated', error: null };
  }

  private save(existingId: number | undefined, facts: ImageFacts): IndexOutcome {
    if (existingId !== undefined) {
      this.store.updateImage(existingId, facts);
      return { id: existingId, kind: 'updated', error: facts.error };
    }
    const moved =
      facts.size > 0 && facts.contentHash !== ''
        ? this.store
            .imagesWithIdentity(facts.size, facts.contentHash)
            .find((row) => row.path !== facts.path && !existsSync(row.path))
        : undefined;
    if (moved) {
      this.store.updateImage(moved.id, facts);
      return { id: moved.id, kind: 'moved', error: facts.error };
    }
    return { id: this.store.insertImage(facts), kind: 'added', error: facts.error };
  }

  private async readFacts(
    folderId: number,
    path: string,
    size: number,
    mtimeMs: number,
  ): Promise<ImageFacts> {
    if (size === 0) return this.fileFacts(folderId, path, size, mtimeMs, '', EMPTY_FILE_REASON);
    // A camera raw file (or a HEIC this machine cannot decode) is shown through its embedded preview,
    // extracted into the cache; where none can be read here, a raw file is only hashed.
    const viaPreview = needsEmbeddedPreview(path) && this.renditions.readsPreviews;
    const raw = formatOf(path)?.raw === true;
    let source: string | Buffer = path;
    let contentHash: string;
    try {
      if (!raw && !viaPreview && size <= READ_WHOLE_BYTES) source = await readFile(path);
      contentHash = typeof source === 'string' ? await hashFile(path) : hashBytes(source);
    } catch (error) {
      return this.fileFacts(folderId, path, size, mtimeMs, '', describeImageError(error, path));
    }
    const facts = this.fileFacts(folderId, path, size, mtimeMs, contentHash, null);
    if (raw && !viaPreview) return facts;
    try {
      if (viaPreview) source = (await this.renditions.decodable(path, contentHash)).path;
      const { width, height } = await readDimensions(source);
      await this.renditions.ensure('thumbnail', source, contentHash);
      return { ...facts, width, height, hasThumbnail: true };
    } catch (error) {
      return { ...facts, error: describeImageError(error, path) };
    }
  }

  /** The facts of a file before (or instead of) decoding it. */
  private fileFacts(
    folderId: number,
    path: string,
    size: number,
    mtimeMs: number,
    contentHash: string,
    error: string | null,
  ): ImageFacts {
    const format = formatOf(path)?.format ?? 'unknown';
    return {
      folderId,
      path,
      size,
      mtimeMs,
      contentHash,
      format,
      error,
      width: null,
      height: null,
      hasThumbnail: false,
    };
  }
}

/** Read without error when it had this size and modification time: a file that still has them is unchanged. */
export function isUnchanged(
  row: Pick<ImageRow, 'size' | 'mtime_ms' | 'error'>,
  info: Pick<Stats, 'size' | 'mtimeMs'>,
): boolean {
  return row.error === null && row.size === info.size && row.mtime_ms === Math.round(info.mtimeMs);
}

function sameFile(before: Stats, after: Stats): boolean {
  return before.size === after.size && before.mtimeMs === after.mtimeMs;
}
