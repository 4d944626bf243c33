/**
 * Column loading, patching and invalidation of the columnar cache on a real SQLite file with two
 * connections (the app's main one writes, the worker's one caches).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/connection.js';
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import { bitsToArray } from './bitset.js';
import { ColumnarEngine } from './engine.js';
import { InteractionLog, lowerBound, upperBound } from './interactionLog.js';
import { SnapshotStore } from './snapshot/store.js';
import { applyContacts } from '../../live/membershipWriter.js';

let dir: string;
let main: Db;
let worker: Db;
let engine: ColumnarEngine;
let cityCol: string;
let valueCol: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-colengine-'));
  const file = path.join(dir, 'db.sqlite');
  main = openDatabase(file);
  const repo = new CatalogRepo(main);
  repo.ensureEntity('contact', 'contactid');
  repo.addEntityField('contact', { name: 'city', type: 'text' });
  repo.addEntityField('contact', { name: 'value', type: 'decimal' });
  repo.ensureInteractionType('Opened');
  cityCol = main.prepare("SELECT column_name FROM catalog_fields WHERE name = 'city'").pluck().get() as string;
  valueCol = main.prepare("SELECT column_name FROM catalog_fields WHERE name = 'value'").pluck().get() as string;
  const ins = main.prepare(`INSERT INTO ent_contact (rid, key, "${cityCol}", "${valueCol}") VALUES (?, ?, ?, ?)`);
  ins.run(1, 'c1', 'Paris', 10);
  ins.run(2, 'c2', 'London', null);
  ins.run(3, 'c3', null, 2.5);
  const typeId = main.prepare("SELECT id FROM interaction_types WHERE name = 'Opened'").pluck().get() as number;
  const ev = main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
  for (const [c, ts] of [
    [1, 100],
    [1, 200],
    [2, 150],
    [3, 300],
  ] as const)
    ev.run(typeId, c, ts);
  worker = openDatabase(file, { skipMigrations: true });
  engine = new ColumnarEngine(worker);
});

afterEach(() => {
  worker.close();
  main.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const field = (name: string) => {
  const f = engine.storage.entities.get('contact')?.fields.get(name);
  if (!f) throw new Error(name);
  return f;
};
const opened = () => {
  const t = engine.storage.interactionTypes.get('opened');
  if (!t) throw new Error('type');
  return t;
};

describe('columnar engine', () => {
  it('loads numbers as Float64 (NaN = NULL) and text as dictionary codes', () => {
    const cols = engine.entity('contact');
    const value = cols.column(field('value'));
    const city = cols.column(field('city'));
    expect(value.kind).toBe('num');
    if (value.kind === 'num') expect([value.values[1], Number.isNaN(value.values[2]), value.values[3]]).toEqual([10, true, 2.5]);
    expect(city.kind).toBe('dict');
    if (city.kind === 'dict') expect([1, 2, 3].map((r) => city.dict[city.codes[r] ?? -1])).toEqual(['Paris', 'London', null]);
    expect(bitsToArray(cols.exists)).toEqual([1, 2, 3]);
    expect(engine.loads.map((l) => l.what)).toEqual(['contact.rid', 'contact.value', 'contact.city']);
  });

  it('keeps a numeric column holding a non-number as a dictionary (exact semantics)', () => {
    main.prepare(`UPDATE ent_contact SET "${valueCol}" = 'n/a' WHERE rid = 2`).run();
    expect(engine.entity('contact').column(field('value')).kind).toBe('dict');
  });

  it('patches named rows: edits, new rows beyond the capacity, deleted rows', () => {
    const cols = engine.entity('contact');
    cols.column(field('city'));
    main.prepare(`UPDATE ent_contact SET "${cityCol}" = 'Berlin' WHERE rid = 2`).run();
    main.prepare(`INSERT INTO ent_contact (rid, key, "${cityCol}") VALUES (50000, 'c9', 'Rome')`).run();
    main.prepare('DELETE FROM ent_contact WHERE rid = 1').run();
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['city'], rids: [1, 2, 50000] });
    engine.beginJob();
    const same = engine.entity('contact');
    expect(same).toBe(cols); // patched, not reloaded
    const city = same.column(field('city'));
    if (city.kind !== 'dict') throw new Error('dict expected');
    expect([1, 2, 50000].map((r) => city.dict[city.codes[r] ?? -1])).toEqual([null, 'Berlin', 'Rome']);
    expect(bitsToArray(same.exists)).toEqual([2, 3, 50000]);
    expect(same.rowCount).toBe(3);
  });

  it('keeps the row count in step with patches without counting the table (regression: a count of every row per edit)', () => {
    const cols = engine.entity('contact');
    const tableCount = (): number => main.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
    expect(cols.rowCount).toBe(tableCount());
    main.prepare(`UPDATE ent_contact SET "${cityCol}" = 'Oslo' WHERE rid = 3`).run();
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['city'], rids: [3, 3] }); // an edit, named twice
    expect(cols.rowCount).toBe(3);
    main.prepare('DELETE FROM ent_contact WHERE rid = 2').run();
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: [], rids: [2, 2, 9] }); // gone, named twice; 9 never existed
    expect(cols.rowCount).toBe(tableCount());
    main.prepare(`INSERT INTO ent_contact (rid, key) VALUES (2, 'c2b'), (8, 'c8')`).run();
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['contactid'], rids: [8, 2, 1] });
    expect(cols.rowCount).toBe(tableCount());
    expect(cols.rowCount).toBe(bitsToArray(cols.exists).length);
  });

  it("drops an entity on 'many' and, as a safety net, when another connection added rows unannounced", () => {
    const cols = engine.entity('contact');
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: [], rids: 'many' });
    const reloaded = engine.entity('contact');
    expect(reloaded).not.toBe(cols);
    main.prepare(`INSERT INTO ent_contact (rid, key) VALUES (7, 'c7')`).run();
    engine.beginJob();
    expect(bitsToArray(engine.entity('contact').exists)).toEqual([1, 2, 3, 7]);
  });

  it('counts interactions in a window as of now, and follows new interactions by patching contacts', () => {
    const words = engine.entity('contact').words;
    const log = engine.log(opened());
    expect(bitsToArray(log.matching(undefined, 1000, 'atLeast', 1, words))).toEqual([1, 2, 3]);
    expect(bitsToArray(log.matching(undefined, 1000, 'atLeast', 2, words))).toEqual([1]);
    expect(bitsToArray(log.matching(120, 250, 'exactly', 1, words))).toEqual([1, 2]); // window [120, 250]
    expect(bitsToArray(log.matching(undefined, 150, 'atLeast', 1, words))).toEqual([1, 2]); // 300 does not exist yet
    const typeId = opened().id;
    main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, 2, 160)').run(typeId);
    main.prepare('DELETE FROM interactions WHERE contact_rid = 1 AND ts = 100').run();
    engine.applyChange({ kind: 'interactions', types: ['opened'], contactRids: [1, 2] });
    engine.beginJob();
    const same = engine.log(opened());
    expect(same).toBe(log);
    expect(bitsToArray(same.matching(undefined, 1000, 'atLeast', 2, words))).toEqual([2]);
    expect(bitsToArray(same.matching(100, 155, 'atLeast', 1, words))).toEqual([2]);
  });

  it("keeps an import's appended rows as a sorted tail, then merges it; windows count base and tail alike", () => {
    const typeId = opened().id;
    const ev = main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
    const add = (n: number, seed: number): void => {
      for (let i = 0; i < n; i++) ev.run(typeId, 1 + ((i * seed) % 3), 1000 + ((i * 7919 * seed) % 5000));
    };
    add(200, 1);
    const words = engine.entity('contact').words;
    engine.log(opened());
    const sql = main.prepare(
      'SELECT contact_rid FROM interactions WHERE type_id = ? AND ts >= ? AND ts <= ? GROUP BY contact_rid HAVING count(*) >= ? ORDER BY 1',
    );
    const expectLikeSql = (): void => {
      const log = engine.log(opened());
      for (const [from, to, k] of [
        [0, 9000, 1],
        [1500, 4000, 20],
        [2500, 2600, 2],
        [5990, 6000, 1],
      ] as const)
        expect(bitsToArray(log.matching(from, to, 'atLeast', k, words)), `[${from}, ${to}] ≥ ${k}`).toEqual(
          sql.pluck().all(typeId, from, to, k),
        );
    };
    add(10, 3); // 10 rows on 204: a tail
    engine.applyChange({ kind: 'interactions', types: ['opened'], contactRids: 'many' });
    expect(engine.log(opened()).tail?.ts.length).toBe(10);
    expectLikeSql();
    add(5, 5); // the tail grows, still apart
    engine.applyChange({ kind: 'interactions', types: ['opened'], contactRids: 'many' });
    expect(engine.log(opened()).tail?.ts.length).toBe(15);
    expectLikeSql();
    add(60, 2); // past an eighth of the base: merged
    engine.applyChange({ kind: 'interactions', types: ['opened'], contactRids: 'many' });
    expect(engine.log(opened()).tail).toBeNull();
    expect(engine.log(opened()).length).toBe(279);
    expectLikeSql();
  });

  it('loads a whole log through the SQL function exactly as row by row, with the index and without it', () => {
    const typeId = opened().id;
    const ev = main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
    for (let i = 0; i < 300; i++) ev.run(typeId, 1 + (i % 3), 5000 - ((i * 7919) % 4000));
    const same = (): void => {
      const rows = InteractionLog.load(worker, typeId, 'Opened', []);
      const whole = InteractionLog.loadWhole(worker, typeId, 'Opened', []);
      expect(Array.from(whole.ts)).toEqual(Array.from(rows.ts));
      expect(Array.from(whole.contact)).toEqual(Array.from(rows.contact));
      expect(whole.ts.length).toBe(main.prepare('SELECT count(*) FROM interactions WHERE type_id = ?').pluck().get(typeId));
    };
    same();
    main.exec('DROP INDEX interactions_type_ts_contact'); // as a bulk load does: rows come in table order
    same();
  });

  it('logs behind their files by one id range read that range once for all types, each getting its own rows', async () => {
    new CatalogRepo(main).ensureInteractionType('Clicked');
    const ev = main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
    const idOf = (name: string): number => main.prepare('SELECT id FROM interaction_types WHERE name = ?').pluck().get(name) as number;
    ev.run(idOf('Clicked'), 1, 400);
    const store = new SnapshotStore(path.join(dir, 'snaps'));
    const first = new ColumnarEngine(worker, store);
    const typeOf = (e: ColumnarEngine, name: string) => {
      const t = e.storage.interactionTypes.get(name);
      if (!t) throw new Error(name);
      return t;
    };
    first.log(typeOf(first, 'opened'));
    first.log(typeOf(first, 'clicked'));
    await store.flush();
    for (const [type, c, ts] of [
      ['Opened', 2, 500],
      ['Clicked', 3, 700],
      ['Opened', 3, 600],
    ] as const)
      ev.run(idOf(type), c, ts);
    const next = new ColumnarEngine(worker, store);
    const words = next.entity('contact').words;
    const sql = main.prepare('SELECT DISTINCT contact_rid FROM interactions WHERE type_id = ? ORDER BY 1').pluck();
    for (const name of ['opened', 'clicked', 'opened'] as const) {
      const log = next.log(typeOf(next, name));
      expect(bitsToArray(log.matching(undefined, 1000, 'atLeast', 1, words))).toEqual(sql.all(typeOf(next, name).id));
    }
    expect(next.loads.map((l) => l.what).filter((w) => w.startsWith('interactions.'))).toEqual([
      'interactions.Opened (snapshot +2)',
      'interactions.Clicked (snapshot +1)',
    ]);
  });

  it('drops interaction logs when rows were added without a change message', () => {
    const log = engine.log(opened());
    main.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, 3, 50)').run(opened().id);
    engine.beginJob();
    const again = engine.log(opened());
    expect(again).not.toBe(log);
    expect(bitsToArray(again.matching(undefined, 60, 'atLeast', 1, engine.entity('contact').words))).toEqual([3]);
  });

  it('pre-warms in slices; closing a slice early frees the connection and installs nothing', () => {
    const words = engine.entity('contact').words;
    const partial = engine.prewarmLog(opened(), 1);
    expect(partial.next().done).toBe(false); // one row read, statement open
    partial.return(undefined);
    expect(main.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(4);
    expect(worker.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(4); // not busy
    const cols = engine.entity('contact');
    const sliced = cols.loading([field('city')], 1);
    expect(sliced.next().done).toBe(false);
    sliced.return(undefined);
    expect(engine.loads.map((l) => l.what)).not.toContain('interactions.Opened');
    const full = engine.prewarmLog(opened(), 1);
    while (!full.next().done);
    expect(engine.loads.map((l) => l.what)).toContain('interactions.Opened');
    expect(bitsToArray(engine.log(opened()).matching(undefined, 1000, 'atLeast', 2, words))).toEqual([1]);
    expect(cols.column(field('city')).kind).toBe('dict');
  });

  it('binary searches sorted timestamps', () => {
    const a = Float64Array.from([1, 3, 3, 5]);
    expect([lowerBound(a, 3), upperBound(a, 3), lowerBound(a, 0), upperBound(a, 9)]).toEqual([1, 3, 0, 4]);
  });

  it("keeps a segment's cached members while other segments are evaluated, and reloads them when its own change", () => {
    const seg = main.prepare(
      `INSERT INTO segments (id, name, name_lower, type, status, definition, has_been_live, created_at, modified_at) VALUES (?, ?, ?, 'static', 'live', '{"kind":"static","version":1}', 1, 0, 0)`,
    );
    seg.run('big', 'Big', 'big');
    seg.run('other', 'Other', 'other');
    applyContacts(main, { segmentId: 'big', reason: 'goLive', now: 1 }, [1, 2], new Set([1, 2]), 0);
    engine.beginJob();
    const cached = engine.segmentMembers('big', 1);
    expect(bitsToArray(cached)).toEqual([1, 2]);
    // Another segment's evaluation (a live re-check after an edit): the cached bits stay.
    applyContacts(main, { segmentId: 'other', reason: 'dataChange', now: 2 }, [3], new Set([3]), 0);
    engine.beginJob();
    expect(engine.segmentMembers('big', 1)).toBe(cached);
    // Its own: reloaded, with the new member.
    applyContacts(main, { segmentId: 'big', reason: 'dataChange', now: 3 }, [3], new Set([3]), 0);
    engine.beginJob();
    const again = engine.segmentMembers('big', 1);
    expect(again).not.toBe(cached);
    expect(bitsToArray(again)).toEqual([1, 2, 3]);
  });
});
