// An entity import logs the records it created as rid ranges (migration 026, io/importLog.ts) instead of one
// `import_rows` row per record. Undo must do exactly what it did with the per-record log: proved by undoing
// the same import twice, once from its ranges and once from the per-record log rebuilt from them (what the
// code before migration 026 wrote), on two copies of one database file.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { entityImportLog } from '../../electron/backend/io/importLog.js';
import { dbContent } from '../support/dbContent.js';
import { call, closeWorld, failure, openWorld, runImport, type UndoWorld } from './importUndoFixture.js';

const worlds: UndoWorld[] = [];
const backends: Backend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.close();
  for (const w of worlds.splice(0)) await closeWorld(w);
});

async function world(): Promise<UndoWorld> {
  const w = await openWorld('ss-created-ranges-');
  worlds.push(w);
  return w;
}

/** Rewrites import `seq`'s created ranges as the per-record rows the log held before migration 026. */
function toPerRecordLog(b: Backend, seq: number): void {
  b.db
    .transaction(() => {
      const ranges = b.db.prepare('SELECT first_rid, last_rid FROM import_created WHERE seq = ?').raw().all(seq) as [number, number][];
      const add = b.db.prepare('INSERT OR IGNORE INTO import_rows (seq, rid, prior) VALUES (?, ?, NULL)');
      for (const [first, last] of ranges) for (let rid = first; rid <= last; rid++) add.run(seq, rid);
      b.db.prepare('DELETE FROM import_created WHERE seq = ?').run(seq);
    })
    .immediate();
}

const seqOf = (b: Backend, id: string): number => b.db.prepare('SELECT seq FROM imports WHERE id = ?').pluck().get(id) as number;

it('undo from created ranges leaves the same database as undo from the per-record log they replace', async () => {
  const w = await world();
  const base = [['contactid', 'fullname', 'score']];
  for (let i = 1; i <= 30; i++) base.push([`C${i}`, `Person ${i}`, `${i}`]);
  expect((await runImport(w.backend, { kind: 'entity', entity: 'contact', key: 'contactid', path: w.file('base.csv', base) })).status).toBe(
    'completed',
  );
  // Updates and creations mixed over batches of 7, a key repeated across batches, a bad row.
  const second = [['contactid', 'fullname', 'score', 'tier']];
  for (let i = 25; i <= 60; i++) second.push([`C${i}`, `New ${i}`, i === 40 ? 'lots' : `${i * 2}`, i % 2 ? 'gold' : 'silver']);
  second.push(['C31', 'Again 31', '99', 'gold'], ['C5', 'Again 5', '5', 'gold']);
  const s = await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('second.csv', second),
    batchSize: 7,
  });
  expect([s.imported, s.updated, s.skipped]).toEqual([29, 8, 1]);
  const seq = seqOf(w.backend, s.id);
  // Five batches of new records, nothing between them: one range.
  expect(w.backend.db.prepare('SELECT first_rid, last_rid FROM import_created WHERE seq = ?').raw().all(seq)).toEqual([[31, 59]]);
  const log = entityImportLog(w.backend.db, seq);
  expect([...log.values()].filter((p) => p === null).length).toBe(29);
  expect([...log.values()].filter((p) => p !== null).length).toBe(7);

  const copy = path.join(w.dir, 'copy.db');
  w.backend.db.prepare('VACUUM INTO ?').run(copy);
  const old = await createBackend({ dbPath: copy, host: 'test', now: Date.now });
  backends.push(old);
  toPerRecordLog(old, seq);
  expect(entityImportLog(old.db, seq)).toEqual(log);

  const undone = await call(w.backend, 'imports.undo', { id: s.id });
  const undoneOld = await call(old, 'imports.undo', { id: s.id });
  expect(undone).toEqual(undoneOld);
  expect(undone).toMatchObject({ removed: 29, restored: 7, droppedFields: ['Tier'] });
  for (const b of [w.backend, old]) {
    // The logs differ by design; the undo time is the clock's, a generation is random().
    b.db.exec('DELETE FROM import_rows; DELETE FROM import_created; UPDATE imports SET undone_at = 1; UPDATE data_generations SET gen = 0');
  }
  expect(dbContent(w.backend.db)).toBe(dbContent(old.db));
});

it('a rid created again after a deletion counts for both imports: undo of the first is refused, naming the second', async () => {
  const w = await world();
  const first = await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('a.csv', [
      ['contactid', 'fullname'],
      ['C1', 'A'],
      ['C2', 'B'],
      ['C3', 'C'],
    ]),
  });
  // Another writer deletes the newest contact; the next import's new record gets its rid again.
  w.backend.db.prepare('DELETE FROM ent_contact WHERE rid = 3').run();
  const second = await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('b.csv', [
      ['contactid', 'fullname'],
      ['C9', 'Z'],
    ]),
  });
  expect(w.backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C9'").pluck().get()).toBe(3);
  const before = dbContent(w.backend.db);
  expect(await failure(w.backend, 'imports.undo', { id: first.id })).toMatch(
    /A later import .* changed 1 of the records this import wrote/,
  );
  expect(dbContent(w.backend.db)).toBe(before);
  await call(w.backend, 'imports.undo', { id: second.id });
  await call(w.backend, 'imports.undo', { id: first.id });
  expect(w.backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(0);
});

it('a record logged with its prior values first stays an overwritten one when a range covers its rid later', async () => {
  // The per-record log's INSERT OR IGNORE kept the first log of a rid; the ranges keep that order.
  const w = await world();
  await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('a.csv', [
      ['contactid', 'fullname'],
      ['C1', 'A'],
      ['C2', 'B'],
    ]),
  });
  const s = await runImport(w.backend, {
    kind: 'entity',
    entity: 'contact',
    key: 'contactid',
    path: w.file('b.csv', [
      ['contactid', 'fullname'],
      ['C2', 'B2'],
      ['C3', 'C3'],
    ]),
  });
  const seq = seqOf(w.backend, s.id);
  const log = entityImportLog(w.backend.db, seq);
  expect(log.get(2)).toContain('B');
  expect(log.get(3)).toBeNull();
  // A range over rid 2 (as after its deletion and re-creation by the same import) leaves it overwritten.
  w.backend.db.prepare('INSERT INTO import_created (seq, first_rid, last_rid) VALUES (?, 2, 2)').run(seq);
  expect(entityImportLog(w.backend.db, seq).get(2)).toContain('B');
});
