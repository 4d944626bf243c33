// A bulk entity load builds its lookup index at the end with a small page cache, so SQLite's sorter cuts
// the input into many runs, sorts them on its helper thread and merges them (entityImport.ts,
// LOOKUP_BUILD_CACHE_KIB). Forced here to a few hundred runs: the index must hold exactly the table's
// rows in index order, and the connection's settings must be back afterwards.
import path from 'node:path';
import { expect, it } from 'vitest';
import { useTempFiles } from '../../../test/support/tempFiles.js';
import { withBuildSorter } from './interactionIndexes.js';

const files = useTempFiles('ss-lookup-build-');

it('an index built in small sorter runs holds exactly the rows, in order, and the settings are restored', () => {
  const db = files.db(path.join(files.dir(), 'store.db'));
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

it('when SQLite cannot write the sort runs it builds again sorting in memory; other errors are not retried', () => {
  const db = files.db(path.join(files.dir(), 'store.db'));
  db.exec('CREATE TABLE t (rid INTEGER PRIMARY KEY, c_parent INTEGER)');
  const insert = db.prepare('INSERT INTO t (rid, c_parent) VALUES (?, ?)');
  db.transaction(() => {
    for (let rid = 1; rid <= 20_000; rid++) insert.run(rid, (rid * 7919) % 3000);
  })();
  const temp = db.pragma('temp_store', { simple: true });
  const pages = db.pragma('page_count', { simple: true }) as number;
  const limit = db.pragma('max_page_count', { simple: true }) as number;
  // A real SQLITE_FULL from the index build, the way a full disk ends it: the database may not grow.
  const stores: number[] = [];
  withBuildSorter(db, () => {
    stores.push(db.pragma('temp_store', { simple: true }) as number);
    db.pragma(`max_page_count = ${stores.length === 1 ? pages : limit}`);
    db.exec('CREATE INDEX t_c_parent ON t(c_parent)');
  });
  // 1 = FILE (runs spilled to temporary files), 2 = MEMORY: the second attempt sorted in memory.
  expect(stores).toEqual([1, 2]);
  expect(db.prepare('SELECT count(*) FROM t INDEXED BY t_c_parent WHERE c_parent >= 0').pluck().get()).toBe(20_000);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('temp_store', { simple: true })).toBe(temp);

  let calls = 0;
  expect(() =>
    withBuildSorter(db, () => {
      calls++;
      db.exec('CREATE INDEX broken ON no_such_table(x)');
    }),
  ).toThrow(/no such table/);
  expect(calls).toBe(1);
  expect(db.pragma('temp_store', { simple: true })).toBe(temp);
});
