import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { checkDatabaseFile, DatabaseOpenError, toDatabaseOpenError, type DatabaseProblem } from './openCheck.js';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-opencheck-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemOf(file: string): DatabaseProblem | null {
  try {
    checkDatabaseFile(file);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseOpenError);
    expect((err as DatabaseOpenError).message).toContain(file);
    return (err as DatabaseOpenError).problem;
  }
}

const bytes = (file: string) => fs.readFileSync(file);

describe('database file check', () => {
  it('passes a missing file, an empty file and a Segment Studio database', () => {
    expect(problemOf(path.join(dir, 'new.db'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'empty.db'), '');
    expect(problemOf(path.join(dir, 'empty.db'))).toBeNull();
    const ours = path.join(dir, 'ours.db');
    openDatabase(ours).close();
    expect(problemOf(ours)).toBeNull();
  });

  it('refuses a file that is not SQLite, and a folder', () => {
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'id,name\n1,Ana\n');
    expect(problemOf(text)).toBe('notSegmentStudio');
    expect(problemOf(dir)).toBe('notSegmentStudio');
  });

  it("refuses another program's SQLite database without changing it", () => {
    const foreign = path.join(dir, 'places.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)');
    db.close();
    const before = bytes(foreign);
    expect(problemOf(foreign)).toBe('notSegmentStudio');
    expect(bytes(foreign).equals(before)).toBe(true);
  });

  it('refuses a database from a newer version', () => {
    const newer = path.join(dir, 'newer.db');
    const db = openDatabase(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(problemOf(newer)).toBe('newerVersion');
  });

  it('refuses a damaged database', () => {
    const damaged = path.join(dir, 'damaged.db');
    openDatabase(damaged).close();
    const b = bytes(damaged);
    // Keep the 100-byte header, overwrite the schema page that follows.
    b.fill(0xa5, 100, 4096);
    fs.writeFileSync(damaged, b);
    expect(problemOf(damaged)).toBe('corrupt');
  });

  it('openDatabase closes a file it fails to migrate (no connection left behind)', () => {
    const newer = path.join(dir, 'newer.db');
    const db = openDatabase(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(newer)).toThrow(/newer than this app supports/);
    // SQLite removes the WAL and shared-memory files when the last connection closes.
    expect(fs.existsSync(`${newer}-wal`)).toBe(false);
    expect(fs.existsSync(`${newer}-shm`)).toBe(false);
  });

  it('classifies errors raised while opening', () => {
    const f = '/x.db';
    const sqlite = (code: string) => Object.assign(new Error('boom'), { code });
    expect(toDatabaseOpenError(sqlite('SQLITE_BUSY'), f).problem).toBe('locked');
    expect(toDatabaseOpenError(sqlite('SQLITE_NOTADB'), f).problem).toBe('corrupt');
    expect(toDatabaseOpenError(new Error('The database has schema version 99, newer than this app supports (8).'), f).problem).toBe(
      'newerVersion',
    );
    expect(toDatabaseOpenError(sqlite('EACCES'), f).problem).toBe('unreadable');
  });
});
