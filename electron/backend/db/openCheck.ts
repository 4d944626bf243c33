/**
 * Why a database file cannot be opened, as a typed error the desktop app shows in its start dialog:
 * checked before the app writes anything to the file (so opening someone else's SQLite file never runs
 * our migrations on it), and classified from what SQLite raises while opening.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { SCHEMA_VERSION } from './migrations/index.js';

/** What is wrong with a database file. */
export type DatabaseProblem = 'locked' | 'notSegmentStudio' | 'corrupt' | 'newerVersion' | 'unreadable';

export class DatabaseOpenError extends Error {
  constructor(
    readonly problem: DatabaseProblem,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** A table every Segment Studio schema has had since the first migration. */
const MARKER_TABLE = 'segments';

/** Classifies an error raised while opening or migrating `file` (SQLite codes, migrate's version check). */
export function toDatabaseOpenError(err: unknown, file: string): DatabaseOpenError {
  if (err instanceof DatabaseOpenError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new DatabaseOpenError('locked', file, `${file} is in use by another program.`, { cause: err });
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new DatabaseOpenError('corrupt', file, `${file} is damaged: ${message}`, { cause: err });
  if (/newer than this app supports/.test(message)) return new DatabaseOpenError('newerVersion', file, message, { cause: err });
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new DatabaseOpenError('unreadable', file, `${file} cannot be opened for writing: ${message}`, { cause: err });
  }
  return new DatabaseOpenError('unreadable', file, `${file} could not be opened: ${message}`, { cause: err });
}

/**
 * Throws a {@link DatabaseOpenError} when `file` exists but is not a Segment Studio database this app can
 * open: not SQLite, another program's SQLite database, damaged, or from a newer version. A missing or
 * empty file passes (it becomes a new database). Reads only; never changes the file.
 */
export function checkDatabaseFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw toDatabaseOpenError(err, file);
  }
  if (!stat.isFile()) throw new DatabaseOpenError('notSegmentStudio', file, `${file} is a folder, not a database file.`);
  if (stat.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, header, 0, header.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw toDatabaseOpenError(err, file);
  }
  if (!header.equals(SQLITE_HEADER)) throw new DatabaseOpenError('notSegmentStudio', file, `${file} is not a database file.`);

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 });
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    if (version > SCHEMA_VERSION) {
      throw new DatabaseOpenError(
        'newerVersion',
        file,
        `${file} was written by a newer Segment Studio (schema version ${version}; this app knows up to ${SCHEMA_VERSION}). Update Segment Studio to open it.`,
      );
    }
    if (tables.length > 0 && !tables.includes(MARKER_TABLE)) {
      throw new DatabaseOpenError(
        'notSegmentStudio',
        file,
        `${file} is a database of another program (tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}).`,
      );
    }
    if (tables.length > 0 && version === 0) {
      throw new DatabaseOpenError('notSegmentStudio', file, `${file} has a "${MARKER_TABLE}" table but no Segment Studio schema version.`);
    }
  } catch (err) {
    throw toDatabaseOpenError(err, file);
  } finally {
    db?.close();
  }
}
