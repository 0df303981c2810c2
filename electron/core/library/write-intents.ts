import type { Db } from '../db/open.js';
import { processIdentity, type ProcessIdentity } from '../process-identity.js';

/** A write (or undo) of alt text into a file that has begun and whose end is not recorded yet. */
export interface PendingWrite {
  readonly id: number;
  readonly imageId: number;
  /** The write job (null for an undo, which runs without one). */
  readonly jobId: number | null;
  /** For an undo: the logged write it undoes. */
  readonly writeId: number | null;
  /** What it was about to do: the metadata repository's WriteIntent, as JSON (validated where it is used). */
  readonly intent: unknown;
  /** The process doing it. */
  readonly owner: ProcessIdentity;
  /** Its outcome is in the library already: only the file's facts are left to read again. */
  readonly recorded: boolean;
}

interface Row {
  id: number;
  image_id: number;
  job_id: number | null;
  write_id: number | null;
  intent: string;
  owner_pid: number;
  owner_start: string | null;
  recorded_at: number | null;
}

/**
 * Writes under way, each recorded before exiftool runs and removed once its outcome is in the library: one
 * left by a process that died is settled from the files when the library is opened again
 * (electron/core/writing/write-settlement.ts).
 */
export class WriteIntents {
  private readonly statements;
  /** This process, as its writes are recorded. */
  private readonly owner = processIdentity();

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[number, number | null, number | null, string, number, string | null, number]>(
        `INSERT INTO write_intents (image_id, job_id, write_id, intent, owner_pid, owner_start, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      recorded: db.prepare<[number, number]>('UPDATE write_intents SET recorded_at = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM write_intents WHERE id = ?'),
      all: db.prepare<[], Row>('SELECT * FROM write_intents ORDER BY id'),
      ofImage: db.prepare<[number], Row>('SELECT * FROM write_intents WHERE image_id = ? ORDER BY id'),
    };
  }

  /** Records a write this process is about to make; returns its id. */
  begin(write: { imageId: number; jobId: number | null; writeId: number | null; intent: unknown }): number {
    const { pid, start } = this.owner;
    const result = this.statements.insert.run(
      write.imageId,
      write.jobId,
      write.writeId,
      JSON.stringify(write.intent),
      pid,
      start,
      Date.now(),
    );
    return Number(result.lastInsertRowid);
  }

  /** Its outcome is recorded (call it in the same transaction as that). */
  recorded(id: number): void {
    this.statements.recorded.run(Date.now(), id);
  }

  /** Its outcome is recorded and the file's facts read again: nothing is left to settle. */
  remove(id: number): void {
    this.statements.remove.run(id);
  }

  /** Every write not ended yet, oldest first (of one image with `imageId`). */
  pending(imageId?: number): PendingWrite[] {
    const rows = imageId === undefined ? this.statements.all.all() : this.statements.ofImage.all(imageId);
    return rows.map((row) => ({
      id: row.id,
      imageId: row.image_id,
      jobId: row.job_id,
      writeId: row.write_id,
      intent: JSON.parse(row.intent) as unknown,
      owner: { pid: row.owner_pid, start: row.owner_start },
      recorded: row.recorded_at !== null,
    }));
  }
}
