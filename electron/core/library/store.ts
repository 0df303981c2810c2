import { sep } from 'node:path';
import type { DescriptionSource, ImageSort, ImageStatus } from '../../../contract/api.js';
import type { CaptionProvenance } from '../../../contract/style.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { JobState } from '../jobs/job-queue.js';
import { captionJobKey, writeJobKey } from '../jobs/job-keys.js';
import {
  comesSql,
  orderBySql,
  PATH_ORDER,
  readsDescriptions,
  reversed,
  sortKeySql,
  type ListOrder,
} from './list-order.js';

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
  /** When the file was found gone; null while it is there. */
  missing_since: number | null;
}

/** What a scan needs of a stored file to tell, from a stat alone, whether it changed. */
export type KnownFile = Pick<
  ImageRow,
  'id' | 'path' | 'size' | 'mtime_ms' | 'error' | 'missing_since' | 'has_thumbnail'
>;

export interface ImageWithDescription extends ImageRow {
  text: string | null;
  source: DescriptionSource | null;
  status: Exclude<ImageStatus, 'pending' | 'failed'> | null;
  description_updated_at: number | null;
  model: string | null;
  device: string | null;
  duration_ms: number | null;
  ocr_text: string | null;
  /** What made a generated description (contract CaptionProvenance), as JSON; null before it was kept. */
  provenance: string | null;
  job_state: JobState | null;
  job_error: string | null;
  write_state: JobState | null;
  write_error: string | null;
  ext_description: string | null;
  decorative: number | null;
  found_metadata: string | null;
  last_write_record: string | null;
  last_write_at: number | null;
}

export interface FolderRow {
  id: number;
  path: string;
  image_count: number;
  missing_count: number;
  write_target: 'auto' | 'file' | 'sidecar' | 'both';
  sidecar_naming: 'basename' | 'ext';
  description_fields: number;
}

/** What a person can store with a description besides its text. */
export interface DescriptionExtras {
  readonly extDescription?: string | null | undefined;
  readonly decorative?: boolean | undefined;
}

export interface ModelCaption {
  readonly text: string;
  /** The model's name for people (modelDisplayName), as the review panel shows it. */
  readonly model: string;
  readonly device: string;
  readonly durationMs: number;
  readonly ocrText: string;
  /** The prompt settings and context that made it (contract CaptionProvenance). */
  readonly provenance?: CaptionProvenance | undefined;
  /** A longer description made with it (a batch job's results); absent keeps the one stored. */
  readonly extDescription?: string | undefined;
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

const describedColumns = `
  i.*, d.text, d.source, d.status, d.updated_at AS description_updated_at,
  d.model, d.device, d.duration_ms, d.ocr_text, d.provenance, d.ext_description, d.decorative,
  j.state AS job_state, j.error AS job_error, w.state AS write_state, w.error AS write_error,
  lw.record AS last_write_record, lw.written_at AS last_write_at`;
const describedJoins = `
  LEFT JOIN descriptions d ON d.image_id = i.id
  LEFT JOIN jobs j ON j.dedupe_key = ${captionJobKey.sql('i.id')}
  LEFT JOIN jobs w ON w.dedupe_key = ${writeJobKey.sql('i.id')}
  LEFT JOIN metadata_writes lw ON lw.id = (
    SELECT id FROM metadata_writes WHERE image_id = i.id AND undone_at IS NULL ORDER BY id DESC LIMIT 1)`;
const selectWithDescription = `SELECT ${describedColumns} FROM images i ${describedJoins}`;

/** Which images a listing holds, and in which order (list-order.ts; by path when not said). */
export interface ImageFilter {
  /** An FTS5 match expression (see `toMatchExpression`); null or absent for no text condition. */
  readonly match?: string | null | undefined;
  readonly status?: string | undefined;
  readonly folderId?: number | undefined;
  /** A folder's absolute path: the images in it and below it. */
  readonly folderPath?: string | undefined;
  readonly format?: string | undefined;
  readonly sort?: ImageSort | undefined;
  readonly descending?: boolean | undefined;
}

/**
 * One page of a listing in its order, from `offset`; or (keyset, for a listing in path order only) after the
 * path `afterPath`.
 */
export interface ImagePageRequest extends ImageFilter {
  readonly offset: number;
  readonly limit: number;
  readonly afterPath?: string | undefined;
}

/** A listing's order (by path unless it says otherwise). */
function orderOf(filter: ImageFilter): ListOrder {
  return { sort: filter.sort ?? PATH_ORDER.sort, descending: filter.descending ?? PATH_ORDER.descending };
}

/** An image's status as the contract names it (images `i` with descriptions `d`). */
const statusOf = `CASE WHEN i.missing_since IS NOT NULL THEN 'missing'
  WHEN i.error IS NOT NULL THEN 'failed' ELSE COALESCE(d.status, 'pending') END`;

/**
 * A text match that holds at least this share of the library is found by walking the order's index (the
 * page ends after its last row); a narrower one is read from the search index first and its hits sorted.
 */
const BROAD_MATCH_SHARE = 0.1;

/**
 * The conditions of the filters a listing has, and none for those it has not: the search index drives a
 * text match unless `byOrder` (the order's index is walked instead), and an unfiltered listing reads no rows
 * to count. Descriptions are joined where the status filter or the status order reads them.
 */
function filterSql(filter: ImageFilter, byOrder: boolean): { from: string; where: string } {
  const conditions: string[] = [];
  if (filter.match != null) {
    // The unary + keeps SQLite from starting at the search hits (it walks the order's index instead).
    const id = byOrder ? '+i.id' : 'i.id';
    conditions.push(`${id} IN (SELECT rowid FROM image_search WHERE image_search MATCH @match)`);
  }
  if (filter.status != null) conditions.push(`${statusOf} = @status`);
  if (filter.folderId != null) conditions.push('i.folder_id = @folderId');
  // A range of the path index (never LIKE, whose wildcards a folder's name could hold).
  if (filter.folderPath != null) conditions.push('i.path >= @pathFrom AND i.path < @pathTo');
  if (filter.format != null) conditions.push('i.format = @format');
  const joined = filter.status != null || readsDescriptions(orderOf(filter));
  const join = joined ? ' LEFT JOIN descriptions d ON d.image_id = i.id' : '';
  return { from: `images i${join}`, where: conditions.length > 0 ? conditions.join(' AND ') : '1' };
}

function countSql(filter: ImageFilter): string {
  const others =
    filter.status != null || filter.folderId != null || filter.folderPath != null || filter.format != null;
  if (!others && filter.match == null) return 'SELECT COUNT(*) AS total FROM images';
  // Every image has one row in the search index (triggers keep them in step).
  if (!others) return 'SELECT COUNT(*) AS total FROM image_search WHERE image_search MATCH @match';
  const { from, where } = filterSql(filter, false);
  return `SELECT COUNT(*) AS total FROM ${from} WHERE ${where}`;
}

// The page's ids are found first (with the filters); only those rows get the joins.
function pageSql(request: ImagePageRequest, byOrder: boolean): string {
  const { from, where } = filterSql(request, byOrder);
  const after = request.afterPath !== undefined ? ' AND i.path > @afterPath' : '';
  const orderBy = orderBySql(orderOf(request));
  return `
    WITH page AS (
      SELECT i.id FROM ${from} WHERE ${where}${after} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset)
    SELECT ${describedColumns} FROM page CROSS JOIN images i ON i.id = page.id ${describedJoins}
    ORDER BY ${orderBy}`;
}

/**
 * The paths under a folder, as a range: from the folder's path and a separator to the same path and the
 * character after the separator ('/' is followed by '0', '\\' by ']').
 */
export function pathRange(folderPath: string): { pathFrom: string; pathTo: string } {
  let folder = folderPath;
  while (folder.endsWith(sep)) folder = folder.slice(0, -1);
  return { pathFrom: folder + sep, pathTo: folder + String.fromCharCode(sep.charCodeAt(0) + 1) };
}

/** How many photos a directory holds itself (not counting its subdirectories), with its library folder. */
export interface DirectoryCount {
  folder_id: number;
  /** The directory's path, ending with the separator. */
  dir: string;
  count: number;
}

/** A photo whose caption or write job failed, with the job's reason. */
export interface FailedJobRow {
  id: number;
  path: string;
  error: string | null;
}

/** All SQL for the library lives here: one repository, prepared statements, no SQL elsewhere. */
export class LibraryStore {
  private readonly statements;
  /** Listing statements by their SQL: one per shape of filter (at most a few dozen). */
  private readonly shapes = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    // A path's directory, with its separator (a third of the time SQLite's own rtrim trick takes).
    db.function('parent_directory', { deterministic: true }, (path: unknown) =>
      String(path).slice(0, String(path).lastIndexOf(sep) + 1),
    );
    this.statements = {
      folderByPath: db.prepare<[string], { id: number }>('SELECT id FROM folders WHERE path = ?'),
      insertFolder: db.prepare<[string, number]>('INSERT INTO folders (path, added_at) VALUES (?, ?)'),
      folders: db.prepare<[], FolderRow>(
        `SELECT f.id, f.path, COUNT(i.id) AS image_count, COUNT(i.missing_since) AS missing_count,
           f.write_target, f.sidecar_naming, f.description_fields
         FROM folders f LEFT JOIN images i ON i.folder_id = f.id GROUP BY f.id ORDER BY f.path`,
      ),
      directoryCounts: db.prepare<[], DirectoryCount>(
        `SELECT folder_id, parent_directory(path) AS dir, COUNT(*) AS count FROM images GROUP BY folder_id, dir`,
      ),
      updateWriteSettings: db.prepare(
        `UPDATE folders SET write_target = COALESCE(@target, write_target),
           sidecar_naming = COALESCE(@sidecarNaming, sidecar_naming),
           description_fields = COALESCE(@descriptionFields, description_fields)
         WHERE id = @folderId`,
      ),
      setFound: db.prepare<[string | null, number]>('UPDATE images SET found_metadata = ? WHERE id = ?'),
      setTakenAt: db.prepare<[number | null, number]>('UPDATE images SET taken_at = ? WHERE id = ?'),
      importDescription: db.prepare(
        `INSERT INTO descriptions (image_id, text, ext_description, source, status, updated_at)
         VALUES (@imageId, @text, @extDescription, 'imported', 'edited', @now)
         ON CONFLICT (image_id) DO NOTHING`,
      ),
      approve: db.prepare<[number, number]>(
        `UPDATE descriptions SET status = 'approved', updated_at = ? WHERE image_id = ?`,
      ),
      markWritten: db.prepare<[number, number]>(
        `UPDATE descriptions SET status = 'written', updated_at = ? WHERE image_id = ?`,
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
           has_thumbnail = @hasThumbnail, missing_since = NULL, updated_at = @now
         WHERE id = @id`,
      ),
      image: db.prepare<[number], ImageWithDescription>(`${selectWithDescription} WHERE i.id = ?`),
      upsertDescription: db.prepare(
        `INSERT INTO descriptions (image_id, text, source, status, updated_at, ext_description, decorative)
         VALUES (@imageId, @text, @source, @status, @now, @extDescription, @decorative)
         ON CONFLICT (image_id) DO UPDATE SET
           text = excluded.text, source = excluded.source, status = excluded.status,
           updated_at = excluded.updated_at,
           ext_description = CASE WHEN @keepExt = 1 THEN ext_description ELSE excluded.ext_description END,
           decorative = CASE WHEN @keepDecorative = 1 THEN decorative ELSE excluded.decorative END`,
      ),
      saveModelCaption: db.prepare(
        `INSERT INTO descriptions (image_id, text, source, status, updated_at, model, device, duration_ms, ocr_text,
           provenance, ext_description)
         VALUES (@imageId, @text, 'model', 'needs-review', @now, @model, @device, @durationMs, @ocrText,
           @provenance, @extDescription)
         ON CONFLICT (image_id) DO UPDATE SET
           text = excluded.text, source = 'model', status = 'needs-review', updated_at = excluded.updated_at,
           model = excluded.model, device = excluded.device, duration_ms = excluded.duration_ms,
           ocr_text = excluded.ocr_text, provenance = excluded.provenance,
           ext_description = COALESCE(excluded.ext_description, descriptions.ext_description)
         WHERE @force = 1 OR (descriptions.source = 'model' AND descriptions.status = 'needs-review')`,
      ),
      deleteDescription: db.prepare<[number]>('DELETE FROM descriptions WHERE image_id = ?'),
      knownBetween: db.prepare<[{ from: string; to: string }], KnownFile>(
        'SELECT id, path, size, mtime_ms, error, missing_since, has_thumbnail FROM images WHERE path >= @from AND path < @to',
      ),
      awaitsCaption: db.prepare<[number], { id: number }>(
        `SELECT i.id FROM images i LEFT JOIN descriptions d ON d.image_id = i.id
         WHERE i.id = ? AND i.has_thumbnail = 1 AND d.text IS NULL
           AND NOT EXISTS (SELECT 1 FROM jobs WHERE dedupe_key = ${captionJobKey.sql('i.id')})`,
      ),
      presentUnder: db.prepare<[{ prefix: string }], { id: number; path: string }>(
        'SELECT id, path FROM images WHERE substr(path, 1, length(@prefix)) = @prefix AND missing_since IS NULL',
      ),
      markMissing: db.prepare<[number, number, string]>(
        'UPDATE images SET missing_since = ? WHERE id = ? AND path = ? AND missing_since IS NULL',
      ),
      clearMissing: db.prepare<[number]>('UPDATE images SET missing_since = NULL WHERE id = ?'),
      missingCount: db.prepare<[number], { count: number }>(
        'SELECT COUNT(*) AS count FROM images WHERE folder_id = ? AND missing_since IS NOT NULL',
      ),
      missingInFolder: db.prepare<[number], { id: number }>(
        'SELECT id FROM images WHERE folder_id = ? AND missing_since IS NOT NULL',
      ),
      missingImage: db.prepare<[number], { id: number }>(
        'SELECT id FROM images WHERE id = ? AND missing_since IS NOT NULL',
      ),
      deleteImage: db.prepare<[number]>('DELETE FROM images WHERE id = ?'),
      deleteJob: db.prepare<[string]>('DELETE FROM jobs WHERE dedupe_key = ?'),
      failedJobs: db.prepare<[{ kind: string; limit: number }], FailedJobRow>(
        `SELECT i.id, i.path, j.error FROM jobs j
           JOIN images i ON i.id = json_extract(j.payload, '$.imageId')
         WHERE j.state = 'failed' AND j.kind = @kind ORDER BY j.updated_at DESC, j.id DESC LIMIT @limit`,
      ),
      failedJobCount: db.prepare<[{ kind: string }], { count: number }>(
        `SELECT COUNT(*) AS count FROM jobs j JOIN images i ON i.id = json_extract(j.payload, '$.imageId')
         WHERE j.state = 'failed' AND j.kind = @kind`,
      ),
    };
  }

  folderId(path: string): number {
    const existing = this.statements.folderByPath.get(path);
    if (existing) return existing.id;
    return Number(this.statements.insertFolder.run(path, Date.now()).lastInsertRowid);
  }

  folders(): FolderRow[] {
    return this.statements.folders.all();
  }

  /** How many photos each directory holds itself: one grouped query (a row a directory). */
  directoryCounts(): DirectoryCount[] {
    return this.statements.directoryCounts.all();
  }

  updateWriteSettings(
    folderId: number,
    changes: {
      target?: string | undefined;
      sidecarNaming?: string | undefined;
      descriptionFields?: boolean | undefined;
    },
  ): void {
    this.statements.updateWriteSettings.run({
      folderId,
      target: changes.target ?? null,
      sidecarNaming: changes.sidecarNaming ?? null,
      descriptionFields: changes.descriptionFields === undefined ? null : changes.descriptionFields ? 1 : 0,
    });
  }

  /** What the file's metadata held when it was read, and its alt text as a description if there is none. */
  recordFoundMetadata(
    imageId: number,
    found: readonly unknown[],
    imported: { altText: string | null; extDescription: string | null },
  ): void {
    this.statements.setFound.run(found.length > 0 ? JSON.stringify(found) : null, imageId);
    if (imported.altText !== null && imported.altText.trim() !== '') {
      this.statements.importDescription.run({
        imageId,
        text: imported.altText,
        extDescription: imported.extDescription,
        now: Date.now(),
      });
    }
  }

  /** When the photo was taken (epoch ms; null: not known, the listing uses the file's date). */
  recordTakenAt(imageId: number, takenAt: number | null): void {
    this.statements.setTakenAt.run(takenAt, imageId);
  }

  approve(imageId: number): void {
    this.statements.approve.run(Date.now(), imageId);
  }

  markWritten(imageId: number): void {
    this.statements.markWritten.run(Date.now(), imageId);
  }

  imageByPath(path: string): ImageRow | undefined {
    return this.statements.imageByPath.get(path);
  }

  imagesWithIdentity(size: number, contentHash: string): ImageRow[] {
    return this.statements.imagesByIdentity.all(size, contentHash);
  }

  /**
   * The files the library has under a folder (at any depth, whichever library folder they belong to) whose
   * paths are from `from` up to (not including) `to`; a bound left null is the folder's first or last path.
   * One stretch of the path index.
   */
  knownFilesUnder(root: string, range: { from: string | null; to: string | null }): KnownFile[] {
    const prefix = root.endsWith(sep) ? root : root + sep;
    // The paths that start with `prefix` are those from it up to (not including) the prefix with its last
    // character, the separator, replaced by the next character.
    const end = prefix.slice(0, -1) + String.fromCharCode(sep.charCodeAt(0) + 1);
    return this.statements.knownBetween.all({ from: range.from ?? prefix, to: range.to ?? end });
  }

  /** Those of these images that can be captioned (they decode), have no description and no caption job. */
  uncaptionedImageIds(ids: readonly number[]): number[] {
    return ids.filter((id) => this.statements.awaitsCaption.get(id) !== undefined);
  }

  /** The images under a path prefix (a folder and a separator) whose files were there when last seen. */
  presentImagesUnder(prefix: string): { id: number; path: string }[] {
    return this.statements.presentUnder.all({ prefix });
  }

  /**
   * Marks these images' files as gone, each only while the image is still at that path (one moved since
   * is left alone); returns the ids that were not already marked.
   */
  markMissing(rows: readonly { id: number; path: string }[]): number[] {
    const now = Date.now();
    return this.db.transaction(() =>
      rows.flatMap(({ id, path }) =>
        this.statements.markMissing.run(now, id, path).changes > 0 ? [id] : [],
      ),
    )();
  }

  /** The file is back where it was. */
  clearMissing(id: number): void {
    this.statements.clearMissing.run(id);
  }

  missingCount(folderId: number): number {
    return this.statements.missingCount.get(folderId)?.count ?? 0;
  }

  /** The missing images of a folder, or those of `ids` that are missing. */
  missingImageIds(target: { folderId: number } | { imageIds: readonly number[] }): number[] {
    if ('folderId' in target)
      return this.statements.missingInFolder.all(target.folderId).map((row) => row.id);
    return target.imageIds.filter((id) => this.statements.missingImage.get(id) !== undefined);
  }

  /** Deletes images with their descriptions, write log and jobs (so a reused id starts clean). */
  deleteImages(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) {
        this.statements.deleteJob.run(captionJobKey.of(id));
        this.statements.deleteJob.run(writeJobKey.of(id));
        this.statements.deleteImage.run(id);
      }
    })();
  }

  insertImage(facts: ImageFacts): number {
    return Number(this.statements.insertImage.run(toParams(facts)).lastInsertRowid);
  }

  updateImage(id: number, facts: ImageFacts): void {
    this.statements.updateImage.run({ ...toParams(facts), id });
  }

  /** How many images match a filter. */
  imageCount(filter: ImageFilter): number {
    return (this.shaped(countSql(filter)).get(filterParams(filter)) as { total: number }).total;
  }

  /** One page of the images matching a filter (in its order), and how many match in all. */
  imagePage(request: ImagePageRequest): { total: number; rows: ImageWithDescription[] } {
    const total = this.imageCount(request);
    return { total, rows: this.pageRows(request, total) };
  }

  /** One page of the images matching a filter, in its order. */
  images(request: ImagePageRequest): ImageWithDescription[] {
    return this.pageRows(request, request.match != null ? this.imageCount({ match: request.match }) : 0);
  }

  /** A page of a listing of which `matching` images match (how the match is best found depends on it). */
  private pageRows(request: ImagePageRequest, matching: number): ImageWithDescription[] {
    const byOrder = matching >= BROAD_MATCH_SHARE * this.imageCount({});
    return this.shaped(pageSql(request, byOrder)).all({
      ...filterParams(request),
      offset: request.offset,
      limit: request.limit,
      afterPath: request.afterPath ?? null,
    }) as ImageWithDescription[];
  }

  /** A statement for one shape of listing (which filters it has), prepared once. */
  private shaped(sql: string): Statement {
    let statement = this.shapes.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.shapes.set(sql, statement);
    }
    return statement;
  }

  /** The ids of every image matching a filter, in its order (the order of `imagePage`'s pages). */
  imageIds(filter: ImageFilter): number[] {
    const { from, where } = filterSql(filter, false);
    const orderBy = orderBySql(orderOf(filter));
    const statement = this.shaped(`SELECT i.id FROM ${from} WHERE ${where} ORDER BY ${orderBy}`).pluck();
    return statement.all(filterParams(filter)) as number[];
  }

  /**
   * Where image `id` stands in a filtered list (in its order): the images just before and after it in that
   * order, how many come before it, and whether the image itself is in the list. Each an indexed look-up
   * from the image's place (its key in the order, then its id), whether or not the filters hold it.
   */
  placeInList(filter: ImageFilter, id: number) {
    const order = orderOf(filter);
    const { from, where } = filterSql(filter, false);
    const joined = `FROM ${from} WHERE ${where}`;
    const key = this.shaped(
      `SELECT ${sortKeySql(order)} FROM images i LEFT JOIN descriptions d ON d.image_id = i.id WHERE i.id = @id`,
    ).get({ id }) as { sort_key: unknown } | undefined;
    const params = { ...filterParams(filter), id, sortKey: key?.sort_key ?? null };
    const nearest = (side: 'before' | 'after') => {
      const nearestFirst = side === 'before' ? reversed(order) : order;
      const sql = `SELECT i.id ${joined} AND ${comesSql(order, side)} ORDER BY ${orderBySql(nearestFirst)} LIMIT 1`;
      return (this.shaped(sql).pluck().get(params) as number | undefined) ?? null;
    };
    const before = this.shaped(`SELECT COUNT(*) ${joined} AND ${comesSql(order, 'before')}`).pluck();
    return {
      previousId: nearest('before'),
      nextId: nearest('after'),
      before: before.get(params) as number,
      included: this.shaped(`SELECT i.id ${joined} AND i.id = @id`).get(params) !== undefined,
    };
  }

  /** The newest failed jobs of a kind with their images, and how many there are. */
  failedJobs(kind: string, limit: number): { total: number; rows: FailedJobRow[] } {
    return {
      total: this.statements.failedJobCount.get({ kind })?.count ?? 0,
      rows: this.statements.failedJobs.all({ kind, limit }),
    };
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
      provenance: caption.provenance ? JSON.stringify(caption.provenance) : null,
      extDescription: caption.extDescription ?? null,
      force: force ? 1 : 0,
      now: Date.now(),
    });
    return result.changes > 0;
  }

  /**
   * Stores a description; extras left undefined keep their stored values. An empty text that is not
   * decorative and has no extended description removes the description.
   */
  saveDescription(
    imageId: number,
    text: string,
    source: DescriptionSource,
    status: string,
    extras: DescriptionExtras = {},
  ): void {
    const current = this.statements.image.get(imageId);
    const decorative = extras.decorative ?? current?.decorative === 1;
    const extDescription =
      extras.extDescription === undefined ? (current?.ext_description ?? null) : extras.extDescription;
    if (text.trim() === '' && !decorative && !extDescription) {
      this.statements.deleteDescription.run(imageId);
      return;
    }
    this.statements.upsertDescription.run({
      imageId,
      text,
      source,
      status,
      now: Date.now(),
      extDescription,
      decorative: decorative ? 1 : 0,
      keepExt: extras.extDescription === undefined ? 1 : 0,
      keepDecorative: extras.decorative === undefined ? 1 : 0,
    });
  }
}

function filterParams(filter: ImageFilter) {
  return {
    match: filter.match ?? null,
    status: filter.status ?? null,
    folderId: filter.folderId ?? null,
    ...(filter.folderPath != null ? pathRange(filter.folderPath) : { pathFrom: null, pathTo: null }),
    format: filter.format ?? null,
  };
}

function toParams(facts: ImageFacts) {
  return { ...facts, hasThumbnail: facts.hasThumbnail ? 1 : 0, now: Date.now() };
}
