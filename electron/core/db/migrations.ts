// Numbered migrations. Each runs once, in order, inside a transaction; PRAGMA user_version records the
// last one applied. Never edit a migration that has shipped: add the next number instead.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'folders and images',
    sql: `
      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        width INTEGER,
        height INTEGER,
        format TEXT NOT NULL,
        error TEXT,
        has_thumbnail INTEGER NOT NULL DEFAULT 0 CHECK (has_thumbnail IN (0, 1)),
        added_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX images_identity ON images (size, content_hash);
      CREATE INDEX images_folder ON images (folder_id);
    `,
  },
  {
    version: 2,
    name: 'descriptions',
    sql: `
      CREATE TABLE descriptions (
        image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('model', 'human', 'imported')),
        status TEXT NOT NULL CHECK (status IN ('needs-review', 'edited', 'approved', 'written')),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'jobs',
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
        priority INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX jobs_runnable ON jobs (state, priority DESC, id);
    `,
  },
  {
    version: 4,
    name: 'caption facts',
    sql: `
      ALTER TABLE descriptions ADD COLUMN model TEXT;
      ALTER TABLE descriptions ADD COLUMN device TEXT;
      ALTER TABLE descriptions ADD COLUMN duration_ms INTEGER;
      ALTER TABLE descriptions ADD COLUMN ocr_text TEXT;
    `,
  },
  {
    version: 5,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'metadata: extended descriptions, decorative, found values, folder write settings, writes',
    sql: `
      ALTER TABLE descriptions ADD COLUMN ext_description TEXT;
      ALTER TABLE descriptions ADD COLUMN decorative INTEGER NOT NULL DEFAULT 0 CHECK (decorative IN (0, 1));
      ALTER TABLE images ADD COLUMN found_metadata TEXT CHECK (found_metadata IS NULL OR json_valid(found_metadata));
      ALTER TABLE folders ADD COLUMN write_target TEXT NOT NULL DEFAULT 'auto'
        CHECK (write_target IN ('auto', 'file', 'sidecar', 'both'));
      ALTER TABLE folders ADD COLUMN sidecar_naming TEXT NOT NULL DEFAULT 'basename'
        CHECK (sidecar_naming IN ('basename', 'ext'));
      ALTER TABLE folders ADD COLUMN description_fields INTEGER NOT NULL DEFAULT 0
        CHECK (description_fields IN (0, 1));
      CREATE TABLE metadata_writes (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        record TEXT NOT NULL CHECK (json_valid(record)),
        written_at INTEGER NOT NULL,
        undone_at INTEGER
      ) STRICT;
      CREATE INDEX metadata_writes_image ON metadata_writes (image_id, id DESC);
    `,
  },
  {
    version: 7,
    name: 'full-text search',
    // FTS5 over the path (its words include the file name), the alt text, the extended description and the
    // OCR text; row id = image id. Triggers keep it in step with images and descriptions.
    sql: `
      CREATE VIRTUAL TABLE image_search USING fts5(
        path, alt_text, ext_description, ocr_text, tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO image_search (rowid, path, alt_text, ext_description, ocr_text)
        SELECT i.id, i.path, COALESCE(d.text, ''), COALESCE(d.ext_description, ''), COALESCE(d.ocr_text, '')
        FROM images i LEFT JOIN descriptions d ON d.image_id = i.id;
      CREATE TRIGGER image_search_image_added AFTER INSERT ON images BEGIN
        INSERT INTO image_search (rowid, path, alt_text, ext_description, ocr_text) VALUES (new.id, new.path, '', '', '');
      END;
      CREATE TRIGGER image_search_image_moved AFTER UPDATE OF path ON images BEGIN
        UPDATE image_search SET path = new.path WHERE rowid = new.id;
      END;
      CREATE TRIGGER image_search_image_removed AFTER DELETE ON images BEGIN
        DELETE FROM image_search WHERE rowid = old.id;
      END;
      CREATE TRIGGER image_search_description_added AFTER INSERT ON descriptions BEGIN
        UPDATE image_search SET alt_text = new.text, ext_description = COALESCE(new.ext_description, ''),
          ocr_text = COALESCE(new.ocr_text, '') WHERE rowid = new.image_id;
      END;
      CREATE TRIGGER image_search_description_changed AFTER UPDATE ON descriptions BEGIN
        UPDATE image_search SET alt_text = new.text, ext_description = COALESCE(new.ext_description, ''),
          ocr_text = COALESCE(new.ocr_text, '') WHERE rowid = new.image_id;
      END;
      CREATE TRIGGER image_search_description_removed AFTER DELETE ON descriptions BEGIN
        UPDATE image_search SET alt_text = '', ext_description = '', ocr_text = '' WHERE rowid = old.image_id;
      END;
    `,
  },
  {
    version: 8,
    name: 'missing files',
    // A file that disappeared keeps its row (and so its description and history) until a person removes
    // it: missing_since says since when it has been gone; NULL while the file is there.
    sql: `
      ALTER TABLE images ADD COLUMN missing_since INTEGER;
      CREATE INDEX images_missing ON images (folder_id) WHERE missing_since IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'write intents',
    // A write (or undo) of alt text into a file, recorded before exiftool runs and removed once its outcome
    // is in the library: one still here when the library is opened again was cut short, and is settled from
    // the files (electron/core/writing/write-settlement.ts). `intent`: what it was about to do (the metadata
    // repository's WriteIntent); `write_id`: for an undo, the write it undoes; `owner_*`: the process doing it
    // (a live one is left alone); `recorded_at`: its outcome is recorded, only the file's facts are left to read.
    sql: `
      CREATE TABLE write_intents (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        job_id INTEGER,
        write_id INTEGER REFERENCES metadata_writes(id) ON DELETE CASCADE,
        intent TEXT NOT NULL CHECK (json_valid(intent)),
        owner_pid INTEGER NOT NULL,
        owner_start TEXT,
        recorded_at INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX write_intents_image ON write_intents (image_id);
    `,
  },
  {
    version: 10,
    name: 'questions',
    // Questions a person asked about a photo (Ask) and the model's answers, oldest first; kept with the
    // photo and removed with it. Only a finished answer is stored: `stopped_at_token_limit` says the model
    // was stopped at its token limit before it ended it. `model` is the model's name for people.
    sql: `
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        question TEXT NOT NULL CHECK (length(trim(question)) > 0),
        answer TEXT NOT NULL,
        model TEXT NOT NULL,
        device TEXT NOT NULL,
        stopped_at_token_limit INTEGER NOT NULL CHECK (stopped_at_token_limit IN (0, 1)),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        asked_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX questions_image ON questions (image_id, id);
    `,
  },
  {
    version: 11,
    name: 'folder context and caption provenance',
    // A folder's own context for prompts (issue 12): the note a person wrote for its photos (at most 500
    // characters) and whether prompts may say gender, age, ethnicity or names; removed with the folder. A
    // folder with no row has no note and does not allow them. `descriptions.provenance`: what made a
    // generated description (contract CaptionProvenance: prompt settings, context, retried, cut), as JSON.
    sql: `
      CREATE TABLE folder_context (
        folder_id INTEGER PRIMARY KEY REFERENCES folders(id) ON DELETE CASCADE,
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        allow_identity INTEGER NOT NULL DEFAULT 0 CHECK (allow_identity IN (0, 1)),
        updated_at INTEGER NOT NULL
      ) STRICT;
      ALTER TABLE descriptions ADD COLUMN provenance TEXT CHECK (provenance IS NULL OR json_valid(provenance));
    `,
  },
  {
    version: 12,
    name: 'date taken',
    // When a photo was taken (epoch ms; metadata/date-taken.ts: EXIF DateTimeOriginal or CreateDate, else an
    // XMP date of the photo or its sidecar), read with the rest of its metadata at scan; NULL where the file
    // says none or was last read before this migration. Sorting by date taken falls back to the file's
    // modification time: the index holds that expression (with the row id, the order's tie-break), so a
    // page of 100,000 photos in that order is read from the index.
    sql: `
      ALTER TABLE images ADD COLUMN taken_at INTEGER;
      CREATE INDEX images_taken ON images (COALESCE(taken_at, mtime_ms));
    `,
  },
  {
    version: 13,
    name: 'embeddings',
    // Search by meaning (issue 14): one image–text embedding per photo and model (the model's id or folder),
    // `dims` float32 values of length 1, little-endian, or the reason the photo could not be embedded.
    // `content_hash` is the photo's images.content_hash when it was embedded: a different one means stale.
    // Removed with the photo. Needs only migration 1; migrate() applies migrations in version order.
    sql: `
      CREATE TABLE embeddings (
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dims INTEGER NOT NULL CHECK (dims > 0),
        vector BLOB CHECK (vector IS NULL OR length(vector) = dims * 4),
        error TEXT,
        content_hash TEXT NOT NULL,
        embedded_at INTEGER NOT NULL,
        PRIMARY KEY (image_id, model),
        CHECK ((vector IS NULL) <> (error IS NULL))
      ) STRICT;
      CREATE INDEX embeddings_model ON embeddings (model);
    `,
  },
  {
    version: 14,
    name: "a folder's own choice of what describes its photos",
    // Issue 13 §4: a folder may be described by another provider than the library's, or kept on this
    // computer whatever the library uses. NULL: as the library; 'on-device': this computer; else the name
    // of a saved provider (see provider-settings.ts: names are at most 40 characters, 'on-device' is none).
    sql: `
      ALTER TABLE folder_context ADD COLUMN caption_provider TEXT
        CHECK (caption_provider IS NULL OR length(caption_provider) BETWEEN 1 AND 40);
    `,
  },
];
