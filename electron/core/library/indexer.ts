import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { RenditionCache } from '../media/renditions.js';
import { formatOf } from './formats.js';
import { hashFile } from './hash.js';
import { describeImageError, readDimensions } from './probe.js';
import type { ImageFacts, LibraryStore } from './store.js';

export type IndexKind = 'added' | 'updated' | 'moved' | 'unchanged';

export interface IndexOutcome {
  readonly id: number;
  readonly kind: IndexKind;
  readonly error: string | null;
}

/**
 * Brings one file's row up to date. A file the library has never seen under this path, but whose size
 * and content hash match a row whose file is gone, is that image renamed or moved: the row (and so its
 * id and description) follows the file. A file that cannot be read gets a row with the reason.
 */
export class Indexer {
  constructor(
    private readonly store: LibraryStore,
    private readonly renditions: RenditionCache,
  ) {}

  async indexFile(folderId: number, path: string): Promise<IndexOutcome> {
    const existing = this.store.imageByPath(path);
    const info = await stat(path).catch((error: unknown) => ({ error }));
    if ('error' in info) {
      const facts = this.fileFacts(folderId, path, 0, 0, '', describeImageError(info.error));
      return this.save(existing?.id, facts);
    }
    const mtimeMs = Math.round(info.mtimeMs);
    if (existing && existing.error === null && existing.size === info.size && existing.mtime_ms === mtimeMs) {
      return { id: existing.id, kind: 'unchanged', error: null };
    }
    return this.save(existing?.id, await this.readFacts(folderId, path, info.size, mtimeMs));
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
    if (size === 0) return this.fileFacts(folderId, path, size, mtimeMs, '', 'The file is empty (0 bytes).');
    let contentHash: string;
    try {
      contentHash = await hashFile(path);
    } catch (error) {
      return this.fileFacts(folderId, path, size, mtimeMs, '', describeImageError(error));
    }
    const facts = this.fileFacts(folderId, path, size, mtimeMs, contentHash, null);
    if (formatOf(path)?.raw) return facts; // previews of camera raw files come with their embedded JPEG later
    try {
      const { width, height } = await readDimensions(path);
      await this.renditions.ensure('thumbnail', path, contentHash);
      return { ...facts, width, height, hasThumbnail: true };
    } catch (error) {
      return { ...facts, error: describeImageError(error) };
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
