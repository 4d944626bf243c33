import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations/index.js';
import { registerSplitFunctions } from '../splits/splitSql.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open read-only (worker readers); migrations are not run. */
  readonly?: boolean;
  /** Skip migrations (the caller knows the schema is current, e.g. a worker opened after the main connection). */
  skipMigrations?: boolean;
}

/**
 * Opens (creating if needed) the SQLite database with the pragmas every connection needs:
 * WAL (readers never block the writer), foreign keys on, a busy timeout for the worker's
 * concurrent connection, NORMAL sync (durable at checkpoints, safe against corruption in WAL).
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
  try {
    db.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    registerSplitFunctions(db);
    if (!options.readonly && !options.skipMigrations) migrate(db);
  } catch (err) {
    // A file that fails to open (damaged, newer schema) must not stay open: the desktop app goes on
    // with another database and the user may want to move or delete this one.
    db.close();
    throw err;
  }
  return db;
}
