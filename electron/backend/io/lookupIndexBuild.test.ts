// A bulk entity load builds its lookup index at the end with a small page cache, so SQLite's sorter cuts
// the input into many runs, sorts them on its helper thread and merges them (entityImport.ts,
// LOOKUP_BUILD_CACHE_KIB). Forced here to a few hundred runs: the index must hold exactly the table's
// rows in index order, and the connection's settings must be back afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { withBuildSorter } from './interactionIndexes.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('an index built in small sorter runs holds exactly the rows, in order, and the settings are restored', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-lookup-build-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'store.db'));
  dbs.push(db);
  db.exec('CREATE TABLE t (rid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, pad TEXT, c_parent INTEGER)');
  const insert = db.prepare('INSERT INTO t (rid, key, pad, c_parent) VALUES (?, ?, ?, ?)');
  let x = 12345;
  db.transaction(() => {
    for (let rid = 1; rid <= 60_000; rid++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      // Some NULLs, many repeats, in no order: as a contacts file's parent accounts.
      insert.run(rid, `C${rid}`, 'x'.repeat(40), x % 7 === 0 ? null : x % 5000);
    }
  })();
  const before = { threads: db.pragma('threads', { simple: true }), cache: db.pragma('cache_size', { simple: true }) };
  const temp = db.pragma('temp_store', { simple: true });
  withBuildSorter(db, () => db.transaction(() => db.exec('CREATE INDEX t_c_parent ON t(c_parent)')).immediate(), 64);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const viaIndex = db.prepare('SELECT c_parent, rid FROM t INDEXED BY t_c_parent ORDER BY c_parent, rid').raw().all();
  const sorted = db
    .prepare('SELECT c_parent, rid FROM t NOT INDEXED')
    .raw()
    .all()
    .sort((a, b) => {
      const [pa, ra] = a as [number | null, number];
      const [pb, rb] = b as [number | null, number];
      if (pa !== pb) return pa === null ? -1 : pb === null ? 1 : pa - pb;
      return ra - rb;
    });
  expect(viaIndex).toEqual(sorted);
  expect(viaIndex).toHaveLength(60_000);
  expect({ threads: db.pragma('threads', { simple: true }), cache: db.pragma('cache_size', { simple: true }) }).toEqual(before);
  expect(db.pragma('temp_store', { simple: true })).toBe(temp);
});
