import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { migrate, openDatabase } from './open.js';

function freshDb(upTo: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, upTo);
  return db;
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

const now = Date.now();

describe('migration 1: folders and images', () => {
  it('creates strict tables whose images belong to a folder', () => {
    const db = freshDb(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(columns(db, 'images')).toEqual(
      expect.arrayContaining([
        'path',
        'size',
        'mtime_ms',
        'content_hash',
        'width',
        'height',
        'format',
        'error',
      ]),
    );
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/photos', now);
    const insertImage = db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertImage.run(1, '/photos/a.jpg', 10, now, 'h', 'jpeg', now, now);
    expect(() => insertImage.run(99, '/photos/b.jpg', 10, now, 'h', 'jpeg', now, now)).toThrow(/FOREIGN KEY/);
    expect(() => insertImage.run(1, '/photos/c.jpg', '10 bytes', now, 'h', 'jpeg', now, now)).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });
});

describe('migration 2: descriptions', () => {
  it('stores one description per image with a known source and status', () => {
    const db = freshDb(2);
    expect(columns(db, 'descriptions')).toEqual(['image_id', 'text', 'source', 'status', 'updated_at']);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    const insert = db.prepare(
      'INSERT INTO descriptions (image_id, text, source, status, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run(1, 'A dog on a beach.', 'human', 'edited', now);
    expect(() => insert.run(1, 'again', 'human', 'edited', now)).toThrow(/UNIQUE|PRIMARY KEY/);
    db.prepare('DELETE FROM descriptions').run();
    expect(() => insert.run(1, 'x', 'guess', 'edited', now)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'x', 'human', 'lost', now)).toThrow(/CHECK/);
  });
});

describe('migration 3: jobs', () => {
  it('dedupes jobs by key and only accepts JSON payloads and known states', () => {
    const db = freshDb(3);
    const insert = db.prepare(
      `INSERT INTO jobs (kind, dedupe_key, payload, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    insert.run('caption', 'caption:1', '{"imageId":1}', 'queued', now, now);
    expect(() => insert.run('caption', 'caption:1', '{"imageId":1}', 'queued', now, now)).toThrow(/UNIQUE/);
    expect(() => insert.run('caption', 'caption:2', 'not json', 'queued', now, now)).toThrow(/CHECK/);
    expect(() => insert.run('caption', 'caption:3', '{}', 'sleeping', now, now)).toThrow(/CHECK/);
  });
});

describe('migration 4: caption facts', () => {
  it('keeps existing descriptions and adds model, device, time and OCR text', () => {
    const db = freshDb(3);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO descriptions (image_id, text, source, status, updated_at) VALUES (1, 'Kept.', 'human', 'edited', 1)`,
    ).run();
    migrate(db, migrations, 4);
    expect(db.prepare('SELECT text, model, device, duration_ms, ocr_text FROM descriptions').get()).toEqual({
      text: 'Kept.',
      model: null,
      device: null,
      duration_ms: null,
      ocr_text: null,
    });
    expect(() => db.prepare(`UPDATE descriptions SET duration_ms = 'slow'`).run()).toThrow(
      /cannot store TEXT/,
    );
  });
});

describe('migration 5: settings', () => {
  it('stores one JSON value per key', () => {
    const db = freshDb(5);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    insert.run('captionOnAdd', 'true');
    expect(() => insert.run('captionOnAdd', 'false')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('device', 'not json')).toThrow(/CHECK/);
  });
});

describe('migration 6: metadata', () => {
  it('adds write settings with defaults, decorative and found values, and a log of writes', () => {
    const db = freshDb(5);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    migrate(db, migrations, 6);
    expect(db.prepare('SELECT write_target, sidecar_naming, description_fields FROM folders').get()).toEqual({
      write_target: 'auto',
      sidecar_naming: 'basename',
      description_fields: 0,
    });
    expect(() => db.prepare(`UPDATE folders SET write_target = 'cloud'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE images SET found_metadata = 'not json'`).run()).toThrow(/CHECK/);
    const insert = db.prepare('INSERT INTO metadata_writes (image_id, record, written_at) VALUES (?, ?, ?)');
    insert.run(1, '{"writtenTo":["/p/a.jpg"]}', now);
    expect(() => insert.run(1, 'nope', now)).toThrow(/CHECK/);
    expect(() => insert.run(42, '{}', now)).toThrow(/FOREIGN KEY/);
  });
});

describe('migration 7: full-text search', () => {
  it('indexes existing rows and follows inserts, renames, descriptions and deletes', () => {
    const db = freshDb(6);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    const addImage = db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, ?, 1, 1, 'h', 'jpeg', 1, 1)`,
    );
    addImage.run('/p/harbour.jpg');
    db.prepare(
      `INSERT INTO descriptions (image_id, text, source, status, updated_at) VALUES (1, 'Boats at dawn.', 'human', 'edited', 1)`,
    ).run();
    migrate(db, migrations, 7);
    const match = (query: string) =>
      (
        db.prepare('SELECT rowid FROM image_search WHERE image_search MATCH ? ORDER BY rowid').all(query) as {
          rowid: number;
        }[]
      ).map((row) => row.rowid);
    expect(match('boats')).toEqual([1]);
    expect(match('harbour')).toEqual([1]);

    addImage.run('/p/street.jpg');
    db.prepare(
      `INSERT INTO descriptions (image_id, text, source, status, updated_at, ocr_text)
       VALUES (2, 'A shop front.', 'model', 'needs-review', 1, 'CAFÉ OPEN')`,
    ).run();
    expect(match('cafe')).toEqual([2]);
    db.prepare(`UPDATE descriptions SET text = 'Fishing boats.' WHERE image_id = 2`).run();
    expect(match('boats')).toEqual([1, 2]);
    db.prepare(`UPDATE images SET path = '/p/renamed.jpg' WHERE id = 2`).run();
    expect(match('renamed')).toEqual([2]);
    db.prepare('DELETE FROM descriptions WHERE image_id = 1').run();
    expect(match('boats')).toEqual([2]);
    db.prepare('DELETE FROM descriptions WHERE image_id = 2').run();
    db.prepare('DELETE FROM images WHERE id = 2').run();
    expect(match('renamed')).toEqual([]);
  });
});

describe('migration 8: missing files', () => {
  it('keeps existing images present and records since when a file has been missing', () => {
    const db = freshDb(7);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    migrate(db, migrations, 8);
    expect(db.prepare('SELECT missing_since FROM images').get()).toEqual({ missing_since: null });
    db.prepare('UPDATE images SET missing_since = ? WHERE id = 1').run(now);
    expect(db.prepare('SELECT missing_since FROM images').get()).toEqual({ missing_since: now });
    expect(() => db.prepare(`UPDATE images SET missing_since = 'yesterday'`).run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM images WHERE folder_id = 1 AND missing_since IS NOT NULL')
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/images_missing/);
  });
});

describe('migration 9: write intents', () => {
  it('keeps what a write is about to do, for its image, until its outcome is recorded', () => {
    const db = freshDb(8);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    migrate(db, migrations, 9);
    expect(columns(db, 'write_intents')).toEqual([
      'id',
      'image_id',
      'job_id',
      'write_id',
      'intent',
      'owner_pid',
      'owner_start',
      'recorded_at',
      'created_at',
    ]);
    const insert = db.prepare(
      `INSERT INTO write_intents (image_id, job_id, write_id, intent, owner_pid, owner_start, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(1, 7, null, '{"operation":"write"}', 4242, '1234', now);
    expect(() => insert.run(1, 7, null, 'not json', 4242, null, now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 7, null, '{}', 4242, null, now)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(1, 7, 99, '{}', 4242, null, now)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(1, 7, null, '{}', 'pid', null, now)).toThrow(/cannot store TEXT value/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM write_intents WHERE image_id = 1').all() as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/write_intents_image/);
    db.prepare('DELETE FROM images WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM write_intents').get()).toEqual({ n: 0 });
  });
});

describe('migration 10: questions', () => {
  it('keeps the questions asked about a photo with their answers, removed with the photo', () => {
    const db = freshDb(9);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    migrate(db, migrations, 10);
    expect(columns(db, 'questions')).toEqual([
      'id',
      'image_id',
      'question',
      'answer',
      'model',
      'device',
      'stopped_at_token_limit',
      'duration_ms',
      'asked_at',
    ]);
    const insert = db.prepare(
      `INSERT INTO questions (image_id, question, answer, model, device, stopped_at_token_limit, duration_ms,
         asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(1, 'What does the sign say?', 'EXIT ONLY', 'SmolVLM', 'cpu', 0, 812, now);
    expect(() => insert.run(1, '  ', 'x', 'm', 'cpu', 0, 1, now)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'q', 'x', 'm', 'cpu', 2, 1, now)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'q', 'x', 'm', 'cpu', 0, -1, now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 'q', 'x', 'm', 'cpu', 0, 1, now)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(1, 'q', 'x', 'm', 'cpu', 0, 'fast', now)).toThrow(/cannot store TEXT value/);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM questions WHERE image_id = 1 ORDER BY id')
      .all() as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/questions_image/);
    db.prepare('DELETE FROM images WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM questions').get()).toEqual({ n: 0 });
  });
});

describe('migration 11: folder context and caption provenance', () => {
  it('keeps a note and the identity permission per folder, removed with it, and provenance as JSON', () => {
    const db = freshDb(10);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO descriptions (image_id, text, source, status, updated_at) VALUES (1, 'A dog.', 'model', 'needs-review', 1)`,
    ).run();
    migrate(db, migrations, 11);
    expect(columns(db, 'folder_context')).toEqual(['folder_id', 'note', 'allow_identity', 'updated_at']);
    expect(columns(db, 'descriptions')).toContain('provenance');
    // A description made before keeps no provenance.
    expect(db.prepare('SELECT provenance FROM descriptions').get()).toEqual({ provenance: null });
    const insert = db.prepare(
      'INSERT INTO folder_context (folder_id, note, allow_identity, updated_at) VALUES (?, ?, ?, ?)',
    );
    insert.run(1, "My sister's wedding in Lisbon, 2024", 1, now);
    expect(() => insert.run(1, 'again', 0, now)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run(2, 'x', 0, now)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM folder_context').run();
    expect(() => insert.run(1, 'x'.repeat(501), 0, now)).toThrow(/CHECK/);
    expect(() => insert.run(1, 'x', 2, now)).toThrow(/CHECK/);
    expect(() => insert.run(1, null, 0, now)).toThrow(/NOT NULL/);
    insert.run(1, 'x'.repeat(500), 0, now);
    const setProvenance = db.prepare('UPDATE descriptions SET provenance = ? WHERE image_id = 1');
    setProvenance.run('{"prompted":true}');
    expect(() => setProvenance.run('not json')).toThrow(/CHECK/);
    db.prepare('DELETE FROM folders WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM folder_context').get()).toEqual({ n: 0 });
  });
});

describe('migration 12: date taken', () => {
  it('adds an empty taken_at to existing photos and an index of the date-taken order', () => {
    const db = freshDb(11);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, '/p/a.jpg', 1, 1, 'h', 'jpeg', 1, 1)`,
    ).run();
    migrate(db, migrations, 12);
    expect(db.prepare('SELECT taken_at FROM images').get()).toEqual({ taken_at: null });
    expect(() => db.prepare("UPDATE images SET taken_at = 'today'").run()).toThrow(/cannot store TEXT/);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM images ORDER BY COALESCE(taken_at, mtime_ms), id')
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/images_taken/);
  });
});

describe('migration 13: embeddings', () => {
  const vector = (values: number[]) => Buffer.from(Float32Array.from(values).buffer);

  it('keeps one embedding or reason per photo and model, of its stated length, removed with the photo', () => {
    const db = freshDb(11);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    const addImage = db.prepare(
      `INSERT INTO images (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
       VALUES (1, ?, 1, 1, 'h', 'jpeg', 1, 1)`,
    );
    addImage.run('/p/a.jpg');
    addImage.run('/p/b.jpg');
    migrate(db, migrations, 13);
    expect(columns(db, 'embeddings')).toEqual([
      'image_id',
      'model',
      'dims',
      'vector',
      'error',
      'content_hash',
      'embedded_at',
    ]);
    const insert = db.prepare(
      `INSERT INTO embeddings (image_id, model, dims, vector, error, content_hash, embedded_at)
       VALUES (?, ?, ?, ?, ?, 'h', ?)`,
    );
    insert.run(1, 'clip-a', 3, vector([1, 0, 0]), null, now);
    insert.run(1, 'clip-b', 2, vector([0, 1]), null, now);
    insert.run(2, 'clip-a', 3, null, 'The image data is damaged.', now);
    expect(() => insert.run(1, 'clip-a', 3, vector([0, 1, 0]), null, now)).toThrow(/PRIMARY KEY|UNIQUE/);
    expect(() => insert.run(99, 'clip-c', 3, vector([0, 1, 0]), null, now)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(2, 'clip-c', 3, vector([0, 1]), null, now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 'clip-c', 0, Buffer.alloc(0), null, now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 'clip-c', 3, null, null, now)).toThrow(/CHECK/);
    expect(() => insert.run(2, 'clip-c', 3, vector([0, 1, 0]), 'both', now)).toThrow(/CHECK/);
    const stored = db
      .prepare("SELECT vector FROM embeddings WHERE image_id = 1 AND model = 'clip-a'")
      .get() as {
      vector: Buffer;
    };
    expect(Array.from(new Float32Array(stored.vector.buffer, stored.vector.byteOffset, 3))).toEqual([
      1, 0, 0,
    ]);
    db.prepare('DELETE FROM images WHERE id = 1').run();
    expect(db.prepare('SELECT image_id, model FROM embeddings').all()).toEqual([
      { image_id: 2, model: 'clip-a' },
    ]);
    db.prepare('DELETE FROM folders WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM embeddings').get()).toEqual({ n: 0 });
  });

  it('applies migrations in version order whatever order the list holds them in', () => {
    const db = new Database(':memory:');
    const later = { version: 3, name: 'later', sql: 'ALTER TABLE t ADD COLUMN c TEXT;' };
    const first = { version: 1, name: 'first', sql: 'CREATE TABLE t (a TEXT);' };
    expect(migrate(db, [later, first])).toBe(3);
    expect(columns(db, 't')).toEqual(['a', 'c']);
    // A version added later below the database's own is not a newer schema.
    expect(migrate(db, [later, { version: 2, name: 'between', sql: 'SELECT 1;' }, first])).toBe(3);
  });
});

describe("migration 14: a folder's own choice of what describes its photos", () => {
  it('keeps the folder context of before as the library choice, and takes on-device or a provider name', () => {
    const db = freshDb(11);
    db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/p', now);
    db.prepare(
      'INSERT INTO folder_context (folder_id, note, allow_identity, updated_at) VALUES (1, ?, 1, ?)',
    ).run('Lisbon', now);
    migrate(db, migrations, 14);
    expect(columns(db, 'folder_context')).toContain('caption_provider');
    expect(db.prepare('SELECT note, allow_identity, caption_provider FROM folder_context').get()).toEqual({
      note: 'Lisbon',
      allow_identity: 1,
      caption_provider: null,
    });
    const choose = db.prepare('UPDATE folder_context SET caption_provider = ? WHERE folder_id = 1');
    choose.run('on-device');
    choose.run('lab');
    expect(() => choose.run('')).toThrow(/CHECK/);
    expect(() => choose.run('x'.repeat(41))).toThrow(/CHECK/);
    choose.run(null);
  });
});

describe('openDatabase', () => {
  it('uses WAL, applies every migration once, and refuses a database from a newer version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'altlens-db-'));
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(dir)).toThrow(/newer AltLens/);
  });
});
