import type { FolderContext } from '../../../contract/style.js';
import { notFound } from '../api/errors.js';
import type { Db } from '../db/open.js';

interface Row {
  folder_id: number;
  note: string;
  allow_identity: number;
  caption_provider: string | null;
}

/** The changes a person may make to a folder's context (what is not given is kept). */
export interface FolderContextUpdate {
  readonly note?: string | undefined;
  readonly allowIdentity?: boolean | undefined;
  readonly provider?: string | null | undefined;
}

function fromRow(row: Row): FolderContext {
  return {
    folderId: row.folder_id,
    note: row.note,
    allowIdentity: row.allow_identity === 1,
    provider: row.caption_provider,
  };
}

/** What a folder's photos' prompts carry from the folder itself: its note and the identity permission. */
export class FolderContexts {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      folder: db.prepare<[number], { id: number }>('SELECT id FROM folders WHERE id = ?'),
      of: db.prepare<[number], Row>(
        'SELECT folder_id, note, allow_identity, caption_provider FROM folder_context WHERE folder_id = ?',
      ),
      ofImage: db.prepare<[number], Row>(
        `SELECT i.folder_id, COALESCE(c.note, '') AS note, COALESCE(c.allow_identity, 0) AS allow_identity,
           c.caption_provider
         FROM images i LEFT JOIN folder_context c ON c.folder_id = i.folder_id WHERE i.id = ?`,
      ),
      upsert: db.prepare<
        [{ folderId: number; note: string; allowIdentity: number; provider: string | null; now: number }]
      >(
        `INSERT INTO folder_context (folder_id, note, allow_identity, caption_provider, updated_at)
         VALUES (@folderId, @note, @allowIdentity, @provider, @now)
         ON CONFLICT (folder_id) DO UPDATE SET note = excluded.note, allow_identity = excluded.allow_identity,
           caption_provider = excluded.caption_provider, updated_at = excluded.updated_at`,
      ),
      forgetProvider: db.prepare<[string]>(
        'UPDATE folder_context SET caption_provider = NULL WHERE caption_provider = ?',
      ),
    };
  }

  /** A folder's context (no note, identity words not allowed, as the library describes, until set). */
  of(folderId: number): FolderContext {
    if (!this.statements.folder.get(folderId)) throw notFound(`Folder ${folderId}`);
    const row = this.statements.of.get(folderId);
    return row ? fromRow(row) : { folderId, note: '', allowIdentity: false, provider: null };
  }

  /** The context of the folder a photo belongs to; undefined for a photo not in the library. */
  ofImage(imageId: number): FolderContext | undefined {
    const row = this.statements.ofImage.get(imageId);
    return row && fromRow(row);
  }

  /**
   * Changes a folder's note, identity permission or what describes it (what is not given is kept); the note
   * is stored trimmed. The provider is the caller's to check (see folders.updateContext).
   */
  update(folderId: number, changes: FolderContextUpdate): FolderContext {
    const current = this.of(folderId);
    const note = changes.note === undefined ? current.note : changes.note.trim();
    const allowIdentity = (changes.allowIdentity ?? current.allowIdentity) ? 1 : 0;
    const provider = changes.provider === undefined ? current.provider : changes.provider;
    this.statements.upsert.run({ folderId, note, allowIdentity, provider, now: Date.now() });
    return this.of(folderId);
  }

  /** A saved provider was removed: the folders it described go back to the library's choice. */
  forgetProvider(name: string): void {
    this.statements.forgetProvider.run(name);
  }
}
