import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import type { Db } from './connection.js';
import { stmt } from './statements.js';

const opened: { db: Db; dir: string }[] = [];

function freshDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-stmt-'));
  const db = openDatabase(path.join(dir, 'data.db'), { skipMigrations: true });
  opened.push({ db, dir });
  return db;
}

afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('per-connection statement cache', () => {
  it('prepares a statement once per connection and SQL text', () => {
    const a = freshDb();
    const b = freshDb();
    expect(stmt(a, 'SELECT 1')).toBe(stmt(a, 'SELECT 1'));
    expect(stmt(a, 'SELECT 2')).not.toBe(stmt(a, 'SELECT 1'));
    expect(stmt(b, 'SELECT 1')).not.toBe(stmt(a, 'SELECT 1'));
  });

  it('keeps answering correctly after the table it reads gains a column', () => {
    const db = freshDb();
    db.exec(`CREATE TABLE t (rid INTEGER PRIMARY KEY, key TEXT); INSERT INTO t VALUES (1, 'a')`);
    expect(stmt(db, 'SELECT * FROM t WHERE rid = ?').get(1)).toEqual({ rid: 1, key: 'a' });
    db.exec(`ALTER TABLE t ADD COLUMN c_extra TEXT; UPDATE t SET c_extra = 'x'`);
    expect(stmt(db, 'SELECT * FROM t WHERE rid = ?').get(1)).toEqual({ rid: 1, key: 'a', c_extra: 'x' });
  });
});
