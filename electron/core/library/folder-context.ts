import type { FolderContext } from '../../../contract/style.js';
import { notFound } from '../api/errors.js';
import type { Db } from '../db/open.js';

interface Row {
  folder_id: number;
  note: string;
  allow_identity: number;
}

/** What a folder's photos' prompts carry from the folder itself: its note and the identity permission. */
export class FolderContexts {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      folder: db.prepare<[number], { id: number }>('SELECT id FROM folders WHERE id = ?'),
      of: db.prepare<[number], Row>(
        'SELECT folder_id, note, allow_identity FROM folder_context WHERE folder_id = ?',
      ),
      ofImage: db.prepare<[number], Row>(
        `SELECT i.folder_id, COALESCE(c.note, '') AS note, COALESCE(c.allow_identity, 0) AS allow_identity
         FROM images i LEFT JOIN folder_context c ON c.folder_id = i.folder_id WHERE i.id = ?`,
      ),
      upsert: db.prepare<[{ folderId: number; note: string; allowIdentity: number; now: number }]>(
        `INSERT INTO folder_context (folder_id, note, allow_identity, updated_at)
         VALUES (@folderId, @note, @allowIdentity, @now)
         ON CONFLICT (folder_id) DO UPDATE SET note = excluded.note, allow_identity = excluded.allow_identity,
           updated_at = excluded.updated_at`,
      ),
    };
  }

  /** A folder's context (no note, identity words not allowed, until the person sets them). */
  of(folderId: number): FolderContext {
    if (!this.statements.folder.get(folderId)) throw notFound(`Folder ${folderId}`);
    const row = this.statements.of.get(folderId);
    return { folderId, note: row?.note ?? '', allowIdentity: row?.allow_identity === 1 };
  }

  /** The context of the folder a photo belongs to; undefined for a photo not in the library. */
  ofImage(imageId: number): FolderContext | undefined {
    const row = this.statements.ofImage.get(imageId);
    return row && { folderId: row.folder_id, note: row.note, allowIdentity: row.allow_identity === 1 };
  }

  /** Changes a folder's note or identity permission (what is not given is kept); the note is stored trimmed. */
  update(folderId: number, changes: { note?: string | undefined; allowIdentity?: boolean | undefined }) {
    const current = this.of(folderId);
    const note = changes.note === undefined ? current.note : changes.note.trim();
    const allowIdentity = changes.allowIdentity ?? current.allowIdentity;
    this.statements.upsert.run({ folderId, note, allowIdentity: allowIdentity ? 1 : 0, now: Date.now() });
    return this.of(folderId);
  }
}
