import type { Db } from '../db/open.js';

export interface LoggedWrite {
  readonly id: number;
  readonly imageId: number;
  /** The metadata repository's record of the write, as JSON: what it replaced, so it can be undone. */
  readonly record: unknown;
  readonly writtenAt: number;
}

/** Every write of alt text into a file or sidecar, kept so that the last one can be undone. */
export class WriteLog {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[number, string, number]>(
        'INSERT INTO metadata_writes (image_id, record, written_at) VALUES (?, ?, ?)',
      ),
      last: db.prepare<[number], { id: number; image_id: number; record: string; written_at: number }>(
        `SELECT id, image_id, record, written_at FROM metadata_writes
         WHERE image_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`,
      ),
      undone: db.prepare<[number, number]>('UPDATE metadata_writes SET undone_at = ? WHERE id = ?'),
    };
  }

  add(imageId: number, record: unknown, writtenAt: number): void {
    this.statements.insert.run(imageId, JSON.stringify(record), writtenAt);
  }

  last(imageId: number): LoggedWrite | undefined {
    const row = this.statements.last.get(imageId);
    return row
      ? {
          id: row.id,
          imageId: row.image_id,
          record: JSON.parse(row.record) as unknown,
          writtenAt: row.written_at,
        }
      : undefined;
  }

  markUndone(id: number): void {
    this.statements.undone.run(Date.now(), id);
  }
}
