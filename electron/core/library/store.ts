import type { DescriptionSource, ImageStatus } from '../../../contract/api.js';
import type { Db } from '../db/open.js';
import type { JobState } from '../jobs/job-queue.js';
import { captionJobKey } from '../jobs/job-keys.js';

export interface ImageRow {
  id: number;
  folder_id: number;
  path: string;
  size: number;
  mtime_ms: number;
  content_hash: string;
  width: number | null;
  height: number | null;
  format: string;
  error: string | null;
  has_thumbnail: number;
}

export interface ImageWithDescription extends ImageRow {
  text: string | null;
  source: DescriptionSource | null;
  status: Exclude<ImageStatus, 'pending' | 'failed'> | null;
  description_updated_at: number | null;
  model: string | null;
  device: string | null;
  duration_ms: number | null;
  ocr_text: string | null;
  job_state: JobState | null;
  job_error: string | null;
}

export interface ModelCaption {
  readonly text: string;
  readonly model: string;
  readonly device: string;
  readonly durationMs: number;
  readonly ocrText: string;
}

export interface ImageFacts {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  width: number | null;
  height: number | null;
  format: string;
  error: string | null;
  hasThumbnail: boolean;
}

const selectWithDescription = `
  SELECT i.*, d.text, d.source, d.status, d.updated_at AS description_updated_at,
         d.model, d.device, d.duration_ms, d.ocr_text, j.state AS job_state, j.error AS job_error
  FROM images i
  LEFT JOIN descriptions d ON d.image_id = i.id
  LEFT JOIN jobs j ON j.dedupe_key = ${captionJobKey.sql('i.id')}`;

/** All SQL for the library lives here: one repository, prepared statements, no SQL elsewhere. */
export class LibraryStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      folderByPath: db.prepare<[string], { id: number }>('SELECT id FROM folders WHERE path = ?'),
      insertFolder: db.prepare<[string, number]>('INSERT INTO folders (path, added_at) VALUES (?, ?)'),
      folders: db.prepare<[], { id: number; path: string; image_count: number }>(
        `SELECT f.id, f.path, COUNT(i.id) AS image_count
         FROM folders f LEFT JOIN images i ON i.folder_id = f.id GROUP BY f.id ORDER BY f.path`,
      ),
      imageByPath: db.prepare<[string], ImageRow>('SELECT * FROM images WHERE path = ?'),
      imagesByIdentity: db.prepare<[number, string], ImageRow>(
        'SELECT * FROM images WHERE size = ? AND content_hash = ? ORDER BY id',
      ),
      insertImage: db.prepare(
        `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, width, height, format, error,
                             has_thumbnail, added_at, updated_at)
         VALUES (@folderId, @path, @size, @mtimeMs, @contentHash, @width, @height, @format, @error,
                 @hasThumbnail, @now, @now)`,
      ),
      updateImage: db.prepare(
        `UPDATE images SET folder_id = @folderId, path = @path, size = @size, mtime_ms = @mtimeMs,
           content_hash = @contentHash, width = @width, height = @height, format = @format, error = @error,
           has_thumbnail = @hasThumbnail, updated_at = @now
         WHERE id = @id`,
      ),
      images: db.prepare<[], ImageWithDescription>(`${selectWithDescription} ORDER BY i.path`),
      image: db.prepare<[number], ImageWithDescription>(`${selectWithDescription} WHERE i.id = ?`),
      upsertDescription: db.prepare(
        `INSERT INTO descriptions (image_id, text, source, status, updated_at)
         VALUES (@imageId, @text, @source, @status, @now)
         ON CONFLICT (image_id) DO UPDATE SET
           text = excluded.text, source = excluded.source, status = excluded.status,
           updated_at = excluded.updated_at`,
      ),
      saveModelCaption: db.prepare(
        `INSERT INTO descriptions (image_id, text, source, status, updated_at, model, device, duration_ms, ocr_text)
         VALUES (@imageId, @text, 'model', 'needs-review', @now, @model, @device, @durationMs, @ocrText)
         ON CONFLICT (image_id) DO UPDATE SET
           text = excluded.text, source = 'model', status = 'needs-review', updated_at = excluded.updated_at,
           model = excluded.model, device = excluded.device, duration_ms = excluded.duration_ms,
           ocr_text = excluded.ocr_text
         WHERE @force = 1 OR (descriptions.source = 'model' AND descriptions.status = 'needs-review')`,
      ),
      deleteDescription: db.prepare<[number]>('DELETE FROM descriptions WHERE image_id = ?'),
    };
  }

  folderId(path: string): number {
    const existing = this.statements.folderByPath.get(path);
    if (existing) return existing.id;
    return Number(this.statements.insertFolder.run(path, Date.now()).lastInsertRowid);
  }

  folders(): { id: number; path: string; imageCount: number }[] {
    return this.statements.folders.all().map((f) => ({ id: f.id, path: f.path, imageCount: f.image_count }));
  }

  imageByPath(path: string): ImageRow | undefined {
    return this.statements.imageByPath.get(path);
  }

  imagesWithIdentity(size: number, contentHash: string): ImageRow[] {
    return this.statements.imagesByIdentity.all(size, contentHash);
  }

  insertImage(facts: ImageFacts): number {
    return Number(this.statements.insertImage.run(toParams(facts)).lastInsertRowid);
  }

  updateImage(id: number, facts: ImageFacts): void {
    this.statements.updateImage.run({ ...toParams(facts), id });
  }

  images(): ImageWithDescription[] {
    return this.statements.images.all();
  }

  image(id: number): ImageWithDescription | undefined {
    return this.statements.image.get(id);
  }

  /**
   * Stores a model's caption, unless the image has a description a person wrote, imported, edited or
   * approved: that is replaced only with `force` (the person asked). Returns whether it was stored.
   */
  saveModelCaption(imageId: number, caption: ModelCaption, force: boolean): boolean {
    const result = this.statements.saveModelCaption.run({
      imageId,
      ...caption,
      force: force ? 1 : 0,
      now: Date.now(),
    });
    return result.changes > 0;
  }

  /** Stores a description; an empty text removes it. */
  saveDescription(imageId: number, text: string, source: DescriptionSource, status: string): void {
    if (text.trim() === '') {
      this.statements.deleteDescription.run(imageId);
      return;
    }
    this.statements.upsertDescription.run({ imageId, text, source, status, now: Date.now() });
  }
}

function toParams(facts: ImageFacts) {
  return { ...facts, hasThumbnail: facts.hasThumbnail ? 1 : 0, now: Date.now() };
}
