/**
 * A dictionary column read from its snapshot has no value → code map (columns.ts): a patch appends
 * the row's value under a new code even when the dictionary has it, and every rule (and the folded
 * text of a `contains`) must still see each row's right value. Real SQLite file and snapshot files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleNode } from '../../../../shared/segments/ast.js';
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { hasBit } from './bitset.js';
import { evalCondition, type ConditionEnv } from './conditions.js';
import { ColumnarEngine } from './engine.js';
import { snapshotDir, SnapshotStore } from './snapshot/store.js';

let dir: string;
let file: string;
let db: Db;
let column: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-dict-snap-'));
  file = path.join(dir, 'db.sqlite');
  db = openDatabase(file);
  const repo = new CatalogRepo(db);
  repo.ensureEntity('contact', 'contactid');
  repo.addEntityField('contact', { name: 'city', type: 'text' });
  repo.addEntityField('contact', { name: 'n', type: 'integer' });
  column = db.prepare("SELECT column_name FROM catalog_fields WHERE name = 'city'").pluck().get() as string;
  const ins = db.prepare(`INSERT INTO ent_contact (rid, key, "${column}") VALUES (?, ?, ?)`);
  for (let i = 1; i <= 200; i++) ins.run(i, `k${i}`, ['Malmö', 'Oslo', 'Bergen', null][i % 4] ?? null);
  // A first engine reads the table and writes the column's snapshot.
  const first = new ColumnarEngine(db, new SnapshotStore(snapshotDir(file) ?? ''));
  const contact = first.entity('contact');
  contact.load([contact.entity.fields.get('city')!, contact.entity.fields.get('n')!]);
  await first.snapshots?.flush();
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function members(engine: ColumnarEngine, rule: RuleNode): number[] {
  const env: ConditionEnv = {
    ctx: { now: 0, timeZone: 'UTC' },
    entity: (n) => engine.entity(n),
    lookupRid: () => undefined,
    relationship: () => undefined,
  };
  const tri = evalCondition(env, rule, engine.entity('contact'));
  const out: number[] = [];
  for (let r = 1; r <= 200; r++) if (hasBit(tri.t, r)) out.push(r);
  return out;
}

function reference(where: string): number[] {
  return db.prepare(`SELECT rid FROM ent_contact WHERE ${where} ORDER BY rid`).pluck().all() as number[];
}

describe('a dictionary column from its snapshot, patched', () => {
  it('is pre-warmed one file per slice', () => {
    const engine = new ColumnarEngine(db, new SnapshotStore(snapshotDir(file) ?? ''));
    const contact = engine.entity('contact');
    const fields = [contact.entity.fields.get('city')!, contact.entity.fields.get('n')!];
    let slices = 0;
    for (const _ of contact.loading(fields)) {
      slices++;
      // After each slice, as many columns have come from their files as slices have passed.
      expect(engine.loads.filter((l) => l.what.includes('(snapshot')).length).toBe(1 + slices);
    }
    expect(slices).toBe(2);
  });

  it('gives every patched row its value, new or already known', () => {
    const engine = new ColumnarEngine(db, new SnapshotStore(snapshotDir(file) ?? ''));
    const contact = engine.entity('contact');
    contact.column(contact.entity.fields.get('city')!);
    expect(engine.loads.some((l) => l.what.startsWith('contact.city (snapshot'))).toBe(true);
    // Warm the folded text, then change rows: one to a known value, one to a new one, one to NULL.
    expect(members(engine, { kind: 'rule', id: 'r', field: 'city', operator: 'contains', values: ['malmo'] })).toEqual(
      reference(`"${column}" = 'Malmö'`),
    );
    db.prepare(`UPDATE ent_contact SET "${column}" = 'Oslo' WHERE rid = 1`).run();
    db.prepare(`UPDATE ent_contact SET "${column}" = 'Göteborg' WHERE rid = 2`).run();
    db.prepare(`UPDATE ent_contact SET "${column}" = NULL WHERE rid = 5`).run();
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['city'], rids: [1, 2, 5] });
    // No value map was built: 'Oslo' came in under a second code, which must mean the same to every rule.
    const col = contact.column(contact.entity.fields.get('city')!);
    expect(col.kind === 'dict' && col.index === null && col.dict.filter((v) => v === 'Oslo').length).toBe(2);
    expect(members(engine, { kind: 'rule', id: 'r', field: 'city', operator: 'eq', values: ['oslo'] })).toEqual(
      reference(`"${column}" = 'Oslo'`),
    );
    expect(members(engine, { kind: 'rule', id: 'r', field: 'city', operator: 'contains', values: ['GOTE'] })).toEqual([2]);
    expect(members(engine, { kind: 'rule', id: 'r', field: 'city', operator: 'contains', values: ['malmo'] })).toEqual(
      reference(`"${column}" = 'Malmö'`),
    );
  });
});
