/**
 * Numeric rules on Float64 columns must agree with the shared rule code (ruleMatch.ts) value by value,
 * at the awkward edges: exclusive bounds turned inclusive (nextUp), ±0, subnormals, ±Infinity, NULL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RuleNode } from '../../../../shared/segments/ast.js';
import { prepareRule } from '../../../../shared/segments/ruleMatch.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import { hasBit } from './bitset.js';
import { evalCondition, type ConditionEnv } from './conditions.js';
import { ColumnarEngine } from './engine.js';

const VALUES = [
  0.1 + 0.2,
  0.3,
  -0,
  0,
  5e-324,
  -5e-324,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e308 * 10,
  -1e308 * 10,
  2,
  2.0000000000000004,
  1.9999999999999998,
  null,
];

let dir: string;
let db: Db;
let engine: ColumnarEngine;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-colcond-'));
  db = openDatabase(path.join(dir, 'db.sqlite'));
  const repo = new CatalogRepo(db);
  repo.ensureEntity('contact', 'contactid');
  repo.addEntityField('contact', { name: 'x', type: 'decimal' });
  const col = db.prepare("SELECT column_name FROM catalog_fields WHERE name = 'x'").pluck().get() as string;
  const ins = db.prepare(`INSERT INTO ent_contact (rid, key, "${col}") VALUES (?, ?, ?)`);
  VALUES.forEach((v, i) => ins.run(i + 1, `k${i}`, v));
  engine = new ColumnarEngine(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('numeric rules on columns', () => {
  const cases: [RuleNode['operator'], number[]][] = [];
  for (const op of ['lt', 'le', 'gt', 'ge'] as const)
    for (const v of [0.3, 0, -0, 2, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity]) cases.push([op, [v]]);
  cases.push(
    ['between', [0, 2]],
    ['between', [-Infinity, 0.3]],
    ['eq', [0.3, 0, 2]],
    ['ne', [0.3, 2]],
    ['eq', []],
    ['containsData', []],
    ['notContainsData', []],
  );

  it.each(cases)('%s %j agrees with ruleMatch on every value', (operator, values) => {
    const rule: RuleNode = { kind: 'rule', id: 'r', field: 'x', operator, values };
    const env: ConditionEnv = {
      ctx: { now: 0, timeZone: 'UTC' },
      entity: (n) => engine.entity(n),
      lookupRid: () => undefined,
      relationship: () => undefined,
    };
    const tri = evalCondition(env, rule, engine.entity('contact'));
    const prepared = prepareRule(rule, { name: 'x', label: 'x', type: 'decimal' }, { now: 0, timeZone: 'UTC' }, () => undefined);
    VALUES.forEach((v, i) => {
      const got = hasBit(tri.t, i + 1) ? 'true' : hasBit(tri.f, i + 1) ? 'false' : 'unknown';
      expect({ v, got }).toEqual({ v, got: prepared.test(v) });
    });
  });
});

describe('two-valued evaluation (no NOT in the tree: FALSE bits are skipped)', () => {
  const env = (twoValued: boolean): ConditionEnv => ({
    ctx: { now: 0, timeZone: 'UTC' },
    entity: (n) => engine.entity(n),
    lookupRid: () => undefined,
    relationship: () => undefined,
    twoValued,
  });
  const rule = (id: string, operator: RuleNode['operator'], values: number[]): RuleNode => ({
    kind: 'rule',
    id,
    field: 'x',
    operator,
    values,
  });

  it('gives the same TRUE bits, and a NOT evaluated after it (same rules, cached) still sees their FALSE bits', () => {
    const group = { kind: 'group' as const, id: 'g', combinator: 'and' as const, children: [rule('a', 'gt', [0]), rule('b', 'lt', [2])] };
    const two = evalCondition(env(true), group, engine.entity('contact'));
    expect(two.f.length).toBe(0);
    const three = evalCondition(env(false), group, engine.entity('contact'));
    expect(Array.from(two.t)).toEqual(Array.from(three.t));
    // The rules' two-valued results are cached; a NOT of the same group must not take them for whole.
    const not = evalCondition(env(true), { ...group, not: true }, engine.entity('contact'));
    VALUES.forEach((v, i) => {
      const want = v === null ? 'unknown' : !(v > 0 && v < 2) ? 'true' : 'false';
      const got = hasBit(not.t, i + 1) ? 'true' : hasBit(not.f, i + 1) ? 'false' : 'unknown';
      expect({ v, got }).toEqual({ v, got: want });
    });
  });
});
