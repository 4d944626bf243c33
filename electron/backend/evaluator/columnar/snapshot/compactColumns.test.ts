/**
 * Snapshot format 3 stores a numeric column of small whole numbers in u8 / u16 (NULL = the type's
 * largest value) and dictionary codes of a small dictionary in u8 / u16. A column read back from such
 * a file must be exactly the column read from the table (NULLs, -0, boundaries), rows appended since
 * included; a format-2 file is refused and the table read instead. Real SQLite file, real files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogRepo } from '../../../catalog/catalogRepo.js';
import { openDatabase, type Db } from '../../../db/connection.js';
import type { RuleNode } from '../../../../../shared/segments/ast.js';
import { evalCondition, type ConditionEnv } from '../conditions.js';
import { ColumnarEngine } from '../engine.js';
import { compactCodes, compactNumbers, widenNumbers } from './entitySnapshot.js';
import { decodeSnapshot, SNAPSHOT_FORMAT } from './format.js';
import { snapshotDir, SnapshotStore } from './store.js';

describe('compact encodings', () => {
  it('narrow only columns of NULLs and whole numbers that fit, and widen back exactly', () => {
    expect(compactNumbers(Float64Array.from([0, 1, NaN, 255]))?.values).toBeInstanceOf(Uint8Array);
    expect(compactNumbers(Float64Array.from([0, 256]))?.values).toBeInstanceOf(Uint16Array);
    expect(compactNumbers(Float64Array.from([65535, NaN]))?.values).toBeInstanceOf(Uint16Array);
    for (const wide of [[65536], [-1], [0.5], [-0], [Infinity], [1e20]]) expect(compactNumbers(Float64Array.from([1, ...wide]))).toBeNull();
    const value = fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 70_000 }), fc.double());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), fc.integer({ min: -8, max: 8 }), (xs, extra) => {
        const stored = compactNumbers(Float64Array.from(xs));
        if (!stored) return;
        const size = Math.max(0, xs.length + extra);
        const back = widenNumbers(stored, size);
        expect(back.length).toBe(size);
        for (let i = 0; i < size; i++) expect(Object.is(back[i], i < xs.length ? xs[i] : NaN)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('narrow dictionary codes by the dictionary size', () => {
    const codes = Int32Array.from([0, 1, 255]);
    expect(compactCodes(codes, 256)).toBeInstanceOf(Uint8Array);
    expect(Array.from(compactCodes(codes, 257))).toEqual([0, 1, 255]);
    expect(compactCodes(codes, 257)).toBeInstanceOf(Uint16Array);
    expect(compactCodes(codes, 65_537)).toBe(codes);
  });
});

let dir: string;
let file: string;
let db: Db;
const cols: Record<string, string> = {};
const FIELDS = [
  { name: 'flag', type: 'boolean' },
  { name: 'kids', type: 'integer' },
  { name: 'big', type: 'integer' },
  { name: 'amount', type: 'decimal' },
  { name: 'city', type: 'text' },
  { name: 'code', type: 'text' },
] as const;
const N = 600;

/** Row i's value of each field: NULLs, -0, boundaries, a 3-value and a 400-value dictionary. */
function rowValues(i: number): Record<string, number | string | null> {
  return {
    flag: i % 5 === 0 ? null : i % 2,
    kids: i % 7 === 0 ? null : i === 3 ? 255 : i % 4,
    big: i === 10 ? 65_536 : i === 11 ? -0 : i % 9 === 0 ? null : i * 3,
    amount: i % 6 === 0 ? null : i / 4,
    city: i % 8 === 0 ? null : ['Oslo', 'Bergen', 'Malmö'][i % 3]!,
    code: `c${i % 400}`,
  };
}

function insert(from: number, to: number): void {
  const names = FIELDS.map((f) => `"${cols[f.name]}"`).join(', ');
  const ins = db.prepare(`INSERT INTO ent_contact (rid, key, ${names}) VALUES (?, ?, ${FIELDS.map(() => '?').join(', ')})`);
  for (let i = from; i <= to; i++) {
    const v = rowValues(i);
    ins.run(i, `k${i}`, ...FIELDS.map((f) => v[f.name]));
  }
}

/** Every field's column as the engine holds it: numbers (NaN = NULL) or stored values. */
function columns(engine: ColumnarEngine, upTo: number): Record<string, unknown[]> {
  const contact = engine.entity('contact');
  const out: Record<string, unknown[]> = {};
  for (const f of FIELDS) {
    const col = contact.column(contact.entity.fields.get(f.name)!);
    const rows: unknown[] = [];
    for (let r = 1; r <= upTo; r++) rows.push(col.kind === 'num' ? col.values[r] : col.dict[col.codes[r]!]);
    out[f.name] = rows;
  }
  return out;
}

/** The same read from the table (NULL → NaN for numeric fields, as the engine keeps them). */
function fromTable(upTo: number): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of FIELDS) {
    const vals = db.prepare(`SELECT "${cols[f.name]}" FROM ent_contact WHERE rid <= ? ORDER BY rid`).pluck().all(upTo) as unknown[];
    out[f.name] = f.type === 'text' ? vals : vals.map((v) => (v === null ? NaN : Number(v)));
  }
  return out;
}

const fresh = (): ColumnarEngine => new ColumnarEngine(db, new SnapshotStore(snapshotDir(file) ?? ''));
const fileOf = (field: string): string => path.join(snapshotDir(file) ?? '', `ent-ent_contact.col-${cols[field]}.snap`);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-compact-snap-'));
  file = path.join(dir, 'db.sqlite');
  db = openDatabase(file);
  const repo = new CatalogRepo(db);
  repo.ensureEntity('contact', 'contactid');
  for (const f of FIELDS) {
    repo.addEntityField('contact', { name: f.name, type: f.type });
    cols[f.name] = db.prepare('SELECT column_name FROM catalog_fields WHERE name = ?').pluck().get(f.name) as string;
  }
  insert(1, N);
  const first = fresh();
  columns(first, N);
  await first.snapshots?.flush();
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('columns from compact snapshot files', () => {
  it('are written narrow where the values allow it', () => {
    const arrayOf = (field: string): unknown => {
      const snap = decodeSnapshot(fs.readFileSync(fileOf(field)));
      return snap.arrays.get('values') ?? snap.arrays.get('codes');
    };
    expect(arrayOf('flag')).toBeInstanceOf(Uint8Array);
    expect(arrayOf('kids')).toBeInstanceOf(Uint8Array);
    expect(arrayOf('big')).toBeInstanceOf(Float64Array);
    expect(arrayOf('amount')).toBeInstanceOf(Float64Array);
    expect(arrayOf('city')).toBeInstanceOf(Uint8Array);
    expect(arrayOf('code')).toBeInstanceOf(Uint16Array);
  });

  it('read back equal to the table, NULLs included, and with rows appended since', async () => {
    const engine = fresh();
    expect(columns(engine, N)).toEqual(fromTable(N));
    expect(engine.loads.filter((l) => l.what.includes('(snapshot +0)')).length).toBe(FIELDS.length + 1);
    insert(N + 1, N + 40);
    const later = fresh();
    expect(columns(later, N + 40)).toEqual(fromTable(N + 40));
    expect(later.loads.filter((l) => l.what.includes('(snapshot +40)')).length).toBe(FIELDS.length + 1);
    // Each column caught up was written again (narrow again), covering the new rows.
    await later.snapshots?.flush();
  });

  it('evaluates numeric rules on a compact column as read, three-valued, exactly as on the table', () => {
    const narrow = fresh();
    const table = new ColumnarEngine(db);
    const env = (engine: ColumnarEngine): ConditionEnv => ({
      ctx: { now: 0, timeZone: 'UTC' },
      entity: (n) => engine.entity(n),
      lookupRid: () => undefined,
      relationship: () => undefined,
    });
    const rules: RuleNode[] = [
      { kind: 'rule', id: 'r1', field: 'kids', operator: 'ge', values: [2] },
      { kind: 'rule', id: 'r2', field: 'kids', operator: 'ne', values: [1, 255] },
      { kind: 'rule', id: 'r3', field: 'kids', operator: 'between', values: [1, 2] },
      { kind: 'rule', id: 'r4', field: 'kids', operator: 'lt', values: [0.5] },
      { kind: 'rule', id: 'r5', field: 'kids', operator: 'containsData' },
      { kind: 'rule', id: 'r6', field: 'flag', operator: 'eq', values: [false] },
      { kind: 'rule', id: 'r7', field: 'flag', operator: 'notContainsData' },
    ];
    for (const rule of rules) {
      const got = evalCondition(env(narrow), rule, narrow.entity('contact'));
      const want = evalCondition(env(table), rule, table.entity('contact'));
      expect({ id: rule.id, t: Array.from(got.t), f: Array.from(got.f) }).toEqual({
        id: rule.id,
        t: Array.from(want.t),
        f: Array.from(want.f),
      });
    }
    // Nothing read `values`: the rules ran on the file's own u8 arrays.
    const kids = narrow.entity('contact').column(narrow.entity('contact').entity.fields.get('kids')!);
    expect(kids.kind === 'num' && kids.narrow?.values).toBeInstanceOf(Uint8Array);
    // A read widens it once, to the same numbers.
    expect(columns(narrow, N + 40).kids).toEqual(fromTable(N + 40).kids);
    expect(kids.kind === 'num' && kids.narrow).toBeUndefined();
  });

  it('refuses a file of the previous format and reads the table instead', () => {
    const name = fileOf('kids');
    const buf = fs.readFileSync(name);
    buf.writeUInt32LE(SNAPSHOT_FORMAT - 1, 8);
    fs.writeFileSync(name, buf);
    expect(() => decodeSnapshot(buf)).toThrow(`format version ${SNAPSHOT_FORMAT - 1}, expected ${SNAPSHOT_FORMAT}`);
    const engine = fresh();
    expect(columns(engine, N + 40)).toEqual(fromTable(N + 40));
    expect(engine.loads.some((l) => l.what === 'contact.kids')).toBe(true);
  });

  it('keeps narrow codes as read, and widens them when a patch brings more values than they hold', () => {
    const engine = fresh();
    const contact = engine.entity('contact');
    const city = contact.column(contact.entity.fields.get('city')!);
    expect(city.kind === 'dict' && city.codes).toBeInstanceOf(Uint8Array);
    const rids = Array.from({ length: 300 }, (_, i) => i + 1);
    const upd = db.prepare(`UPDATE ent_contact SET "${cols.city}" = ? WHERE rid = ?`);
    for (const r of rids) upd.run(`New ${r}`, r);
    engine.applyChange({ kind: 'profile', entity: 'contact', fields: ['city'], rids });
    const after = contact.column(contact.entity.fields.get('city')!);
    expect(after.kind === 'dict' && after.codes).toBeInstanceOf(Int32Array);
    expect(columns(engine, N + 40).city).toEqual(fromTable(N + 40).city);
  });
});
