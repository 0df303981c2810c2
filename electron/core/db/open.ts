import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'library.sqlite';

/** Opens (and creates or upgrades) the library database in `dataDir`. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db, known: readonly Migration[] = allMigrations, upTo = Infinity): number {
  let current = db.pragma('user_version', { simple: true }) as number;
  // In version order, whatever order the list holds them in.
  const migrations = [...known].sort((a, b) => a.version - b.version);
  const latestKnown = migrations.at(-1)?.version ?? 0;
  if (current > latestKnown) {
    throw new Error(
      `The library database is from a newer AltLens (schema ${current}, this version knows ${latestKnown}).`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
  }
  return current;
}
