import Database from 'better-sqlite3';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { cellWriter, convertCell, loadKeyMap, type ColumnPlan, type ConvertContext, type StoredValue } from './cells.js';

it('the lookup cell writer agrees with convertCell on every cell: rid, NULL or the same error', () => {
  const keys = new Map([
    ['A1', 11],
    ['a1', 12],
    [' A2', 13],
    ['Ærø', 14],
  ]);
  const ctx: ConvertContext = { dateFormat: null, options: new Map(), keyMaps: new Map([['account', keys]]) };
  const plan: ColumnPlan = { index: 0, header: 'parentcustomerid', field: 'parentcustomerid', type: 'lookup', lookupEntity: 'Account' };
  const cell = fc.oneof(fc.constantFrom('A1', ' A1 ', 'a1', ' A2', 'A2', 'Ærø', '', '  ', 'A9'), fc.string());
  for (const folded of [false, true]) {
    const write = cellWriter(plan, folded, ctx);
    fc.assert(
      fc.property(fc.option(cell, { nil: undefined }), (raw) => {
        const out: StoredValue[] = [];
        const problem = write(raw, out);
        const r = convertCell(plan, raw, ctx);
        if (r.ok) {
          expect(problem).toBeNull();
          expect(out).toEqual(folded ? [r.cell.value, r.cell.folded] : [r.cell.value]);
        } else {
          expect(problem).toEqual(r.error);
          expect(out).toEqual([]);
        }
      }),
    );
  }
});

it('loadKeyMap answers every lookup as a Map of the table it read: keys present and absent, any shape', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE ent_account (rid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)');
  const keyArb = fc.oneof(
    fc.tuple(fc.constantFrom('A', 'ACC-', ''), fc.integer({ min: 0, max: 500 })).map(([p, n]) => `${p}${n}`),
    fc.integer({ min: 0, max: 500 }).map((n) => `A0${n}`),
    fc.string({ maxLength: 5 }),
  );
  fc.assert(
    fc.property(fc.uniqueArray(keyArb, { maxLength: 80 }), fc.array(keyArb, { maxLength: 40 }), (keys, extra) => {
      db.exec('DELETE FROM ent_account');
      const insert = db.prepare('INSERT INTO ent_account (rid, key) VALUES (?, ?)');
      keys.forEach((k, i) => insert.run(i * 3 + 1, k));
      const reference = new Map(db.prepare('SELECT key, rid FROM ent_account').raw().all() as [string, number][]);
      const loaded = loadKeyMap(db, 'ent_account');
      for (const k of [...keys, ...extra, ...keys.map((x) => `${x}7`), ...keys.map((x) => ` ${x}`)])
        expect(loaded.get(k), JSON.stringify(k)).toBe(reference.get(k));
    }),
    { numRuns: 200 },
  );
  db.close();
});
