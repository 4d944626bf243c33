// The kill tests' table comparison must see every difference, or a kill test could not fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { diffSnapshots, snapshotTables } from './tableCompare.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-table-compare-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database file with table t(v, created_at) holding `values`. */
function dbWith(name: string, values: readonly string[]): string {
  const file = path.join(dir, name);
  const db = openDatabase(file, { skipMigrations: true });
  db.exec('CREATE TABLE t (v TEXT, created_at INTEGER)');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  values.forEach((v, i) => insert.run(v, Date.now() + i));
  db.close();
  return file;
}

describe('diffSnapshots', () => {
  it('equal tables in another order and with other times are equal', () => {
    expect(diffSnapshots(snapshotTables(dbWith('a.db', ['x', 'y', 'x'])), snapshotTables(dbWith('b.db', ['y', 'x', 'x'])))).toEqual([]);
  });

  it('sees rows held a different number of times, even when the sets of rows and the counts agree', () => {
    const diff = diffSnapshots(snapshotTables(dbWith('a.db', ['x', 'x', 'y'])), snapshotTables(dbWith('b.db', ['x', 'y', 'y'])));
    expect(diff).toEqual([expect.stringMatching(/^t: 3 vs 3 rows/)]);
  });

  it('sees a missing row and a missing table', () => {
    expect(diffSnapshots(snapshotTables(dbWith('a.db', ['x', 'y'])), snapshotTables(dbWith('b.db', ['x'])))).toEqual([
      expect.stringMatching(/^t: 2 vs 1 rows; expected only \["y"\]/),
    ]);
    const other = path.join(dir, 'c.db');
    openDatabase(other, { skipMigrations: true }).close();
    expect(diffSnapshots(snapshotTables(dbWith('d.db', ['x'])), snapshotTables(other))).toEqual(['t: only in the expected database']);
  });
});
