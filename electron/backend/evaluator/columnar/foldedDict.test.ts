/**
 * A text `contains` through the folded dictionary (foldedDict.ts) must give, value by value, what the
 * shared rule code gives (ruleMatch.ts `prepareRule(...).test`): accents, case, the separator inside a
 * value, hits across value boundaries, empty values and needles, NULL — and after the dictionary grew
 * (the index is extended, never rebuilt), and through the engine on a real SQLite column that is
 * patched between two rules.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleNode } from '../../../../shared/segments/ast.js';
import type { StoredValue } from '../../../../shared/segments/dataset.js';
import { normText } from '../../../../shared/segments/fold.js';
import { prepareRule } from '../../../../shared/segments/ruleMatch.js';
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { hasBit } from './bitset.js';
import { evalCondition, type ConditionEnv } from './conditions.js';
import { ColumnarEngine } from './engine.js';
import { FOLD_SLICE, foldedDict, foldingColumn, markContains } from './foldedDict.js';

const CTX = { now: 0, timeZone: 'UTC' };
const textField = { name: 'x', label: 'x', type: 'text' as const };

/** What the shared code says for one value: 'true' / 'false' / 'unknown'. */
function reference(operator: 'contains' | 'notContains', needles: string[], v: StoredValue): string {
  const rule: RuleNode = { kind: 'rule', id: 'r', field: 'x', operator, values: needles };
  return prepareRule(rule, textField, CTX, () => undefined).test(v);
}

// Characters that fold interestingly, the separator, and plain letters.
const piece = fc.constantFrom('a', 'b', 'A', 'é', 'E', 'ß', 'ss', 'Ö', 'o', '\u0000', ' ', 'ﬁ', 'fi', 'İ', '%', '_');
const text = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
const value: fc.Arbitrary<StoredValue> = fc.oneof(text, fc.constant(null), fc.integer({ min: -20, max: 20 }));

describe('markContains', () => {
  it('agrees with the shared rule code on every value, also after the dictionary grows', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 30 }),
        fc.array(value, { maxLength: 10 }),
        fc.array(text, { maxLength: 3 }),
        (a, b, needles) => {
          const dict: StoredValue[] = [null, ...a];
          const first = foldedDict(dict);
          dict.push(...b);
          const folded = foldedDict(dict, first);
          const hit = new Uint8Array(dict.length);
          // The first codes through the first index, the new ones through the extended one from where it grew.
          for (const n of needles) markContains(first, normText(n), 0, hit);
          for (const n of needles) markContains(folded, normText(n), first.count, hit);
          dict.forEach((v, code) => {
            const want = reference('contains', needles, v);
            const got = folded.isNull[code] ? 'unknown' : hit[code] ? 'true' : 'false';
            expect({ v, needles, got }).toEqual({ v, needles, got: want });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is the same text when built in pre-warm slices', () => {
    const dict: StoredValue[] = [null, ...Array.from({ length: 2 * FOLD_SLICE + 1 }, (_, i) => (i % 7 === 0 ? null : `K${i}É`))];
    const col: { dict: StoredValue[]; folded?: ReturnType<typeof foldedDict> } = { dict };
    let slices = 0;
    for (const _ of foldingColumn(col)) slices++;
    expect(slices).toBe(3);
    const whole = foldedDict(dict);
    expect(col.folded?.text === whole.text).toBe(true);
    expect(col.folded?.start).toEqual(whole.start);
    expect(col.folded?.isNull).toEqual(whole.isNull);
  });

  it('does not count a hit that spans two values (the separator inside a value)', () => {
    const folded = foldedDict([null, 'x\u0000', 'y', 'ab\u0000y']);
    const hit = new Uint8Array(4);
    markContains(folded, '\u0000y', 0, hit);
    expect([...hit]).toEqual([0, 0, 0, 1]);
  });
});

let dir: string;
let db: Db;
let engine: ColumnarEngine;
let column: string;
const VALUES: StoredValue[] = ['Zoë Smith', 'ZOE', 'Åsa Öberg', 'under_score', '', null, 'Straße', 'c0001'];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-folded-'));
  db = openDatabase(path.join(dir, 'db.sqlite'));
  const repo = new CatalogRepo(db);
  repo.ensureEntity('contact', 'contactid');
  repo.addEntityField('contact', { name: 'x', type: 'text' });
  column = db.prepare("SELECT column_name FROM catalog_fields WHERE name = 'x'").pluck().get() as string;
  const ins = db.prepare(`INSERT INTO ent_contact (rid, key, "${column}") VALUES (?, ?, ?)`);
  // Enough distinct values that the engine walks the folded dictionary (it tests a few new values one by one).
  for (let i = 0; i < 300; i++) ins.run(i + 1, `k${i}`, i < VALUES.length ? VALUES[i] : `v${i} ${i % 2 ? 'Ö' : 'o'}`);
  engine = new ColumnarEngine(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function check(operator: 'contains' | 'notContains', needles: string[]): void {
  const env: ConditionEnv = { ctx: CTX, entity: (n) => engine.entity(n), lookupRid: () => undefined, relationship: () => undefined };
  const tri = evalCondition(env, { kind: 'rule', id: 'r', field: 'x', operator, values: needles }, engine.entity('contact'));
  const rows = db.prepare(`SELECT rid, "${column}" AS v FROM ent_contact ORDER BY rid`).all() as { rid: number; v: StoredValue }[];
  for (const { rid, v } of rows) {
    const got = hasBit(tri.t, rid) ? 'true' : hasBit(tri.f, rid) ? 'false' : 'unknown';
    expect({ v, got }).toEqual({ v, got: reference(operator, needles, v) });
  }
}

describe('contains on a column through the engine', () => {
  it.each([
    ['contains', ['zoe']],
    ['contains', ['oberg', 'STRASSE']],
    ['notContains', ['o']],
    ['contains', ['']],
    ['notContains', ['_']],
  ] as const)('%s %j agrees with the shared rule code', (operator, needles) => check(operator, [...needles]));

  it('sees values changed after the folded text was built', () => {
    check('contains', ['smith']);
    db.prepare(`UPDATE ent_contact SET "${column}" = ? WHERE rid IN (2, 3)`).run('Anna Smíth');
    for (let i = 0; i < 100; i++)
      db.prepare(`INSERT INTO ent_contact (rid, key, "${column}") VALUES (?, ?, ?)`).run(400 + i, `n${i}`, `SMITH ${i}`);
    engine.applyChange({
      kind: 'profile',
      entity: 'contact',
      fields: ['x'],
      rids: [2, 3, ...Array.from({ length: 100 }, (_, i) => 400 + i)],
    });
    check('contains', ['smith']);
    check('notContains', ['smith 9']);
  });
});
