/**
 * One compiler, several dialects and value modes: the same rule code writes the desktop's SQLite with
 * bound parameters, the same SQLite with every value inlined as a literal (what an export prints), and
 * PostgreSQL / DuckDB for the warehouse schema. The two SQLite forms must select the same contacts on a
 * real store; each dialect's own spellings must be the ones written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, ConditionNode, DynamicDefinition } from '../../../shared/segments/ast.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from '../../../test/integration/differentialStore.js';
import { warehouseSchema } from '../warehouse/schema.js';
import { definitionQuery } from './compileBlocks.js';
import { SqlBuilder } from './compileSql.js';
import { compileDefinition } from './compile.js';
import { desktopTarget } from './desktopTarget.js';
import { duckdb } from './sql/dialects/duckdb.js';
import { postgres } from './sql/dialects/postgres.js';
import { sqlite } from './sql/dialects/sqlite.js';
import { compileWarehouseSql } from './sql/warehouseCompile.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const ctx = { now: NOW, timeZone: 'Europe/Berlin' };
const DAY = 86_400_000;
let dir: string;
let store: FixtureStore;

beforeAll(() => {
  dir = makeTempDir('segtarget-');
  store = createFixtureStore(`${dir}/t.sqlite`, fixtureCatalog());
  const contact = (rid: number, values: Record<string, string | number | null>) => ({ rid, key: `c${rid}`, values });
  store.load({
    catalog: fixtureCatalog(),
    entities: {
      contact: [
        contact(1, {
          jobtitle: 'Sales Manager',
          favoritepets: '["Dogs"]',
          donotbulkemail: 0,
          createdon: NOW - 3 * DAY,
          numberofchildren: -1,
        }),
        contact(2, { jobtitle: 'Director', favoritepets: '["Cats","Dogs"]', donotbulkemail: 1, createdon: NOW - 40 * DAY }),
        contact(3, { jobtitle: null, favoritepets: '[]', donotbulkemail: null, createdon: null, numberofchildren: 4 }),
        contact(4, { jobtitle: "O'Brien's manager", favoritepets: null, donotbulkemail: 0, createdon: NOW - DAY, numberofchildren: 2 }),
      ],
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: { s1: [2, 3] },
  });
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

let n = 0;
const rule = (field: string, operator: string, extra: Record<string, unknown> = {}): ConditionNode =>
  ({ kind: 'rule', id: `r${++n}`, field, operator, ...extra }) as ConditionNode;
const profile = (combine: Block['combine'], combinator: 'and' | 'or', ...children: ConditionNode[]): Block => ({
  kind: 'profile',
  id: `b${++n}`,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `g${++n}`, combinator, children },
});

const cases: DynamicDefinition[] = [
  { kind: 'dynamic', version: 1, blocks: [profile('union', 'and', rule('jobtitle', 'contains', { values: ['MANAGER', "o'b"] }))] },
  { kind: 'dynamic', version: 1, blocks: [profile('union', 'or', rule('favoritepets', 'containsNoneOf', { values: ['cats'] }))] },
  {
    kind: 'dynamic',
    version: 1,
    blocks: [
      profile(
        'union',
        'and',
        rule('createdon', 'inTheLast', { amount: 7, unit: 'days' }),
        rule('donotbulkemail', 'eq', { values: [false] }),
      ),
      profile('union', 'and', rule('numberofchildren', 'lt', { values: [0] })),
      { kind: 'segment', id: 's', combine: 'except', segmentId: 's1' },
    ],
  },
  { kind: 'dynamic', version: 1, blocks: [profile('union', 'and', rule('jobtitle', 'notEndsWith', { values: ['ager', 'sales'] }))] },
];

function rids(sql: string, params: readonly (string | number | null)[]): number[] {
  return (
    store.db
      .prepare(sql)
      .pluck()
      .all(...params) as number[]
  ).sort((a, b) => a - b);
}

describe('one compiler over SqlDialect and CompileTarget', () => {
  it('gives the desktop store the same members with values bound or inlined as SQLite literals', () => {
    const got = cases.map((def) => {
      const bound = compileDefinition(def, store.storage, ctx);
      expect(bound.params.length).toBeGreaterThan(0);
      const b = new SqlBuilder(sqlite, 'literals');
      const inlined = definitionQuery(def, b, { target: desktopTarget(store.storage), clock: ctx, opts: {}, depth: 0 });
      expect(b.params).toEqual([]);
      expect(inlined).not.toContain('?');
      expect(rids(inlined, [])).toEqual(rids(bound.sql, bound.params));
      return rids(bound.sql, bound.params);
    });
    // contains (case-folded, a quote in the value); none of (unknown on '[]' and empty); dates + booleans
    // UNION a negative number EXCEPT stored members; not-ends-with (unknown on an empty title).
    expect(got).toEqual([[1, 4], [1], [1, 4], [2]]);
  });

  it("writes each engine's own spelling of the same rule", () => {
    const def = cases[1] as DynamicDefinition;
    const desktop = compileDefinition(def, store.storage, ctx).sql;
    expect(desktop).toContain('json_each(');
    const schema = warehouseSchema(store.storage);
    const pg = compileWarehouseSql(def, { dialect: postgres, schema, timeZone: 'UTC' });
    expect(pg).toContain('= ANY(');
    expect(pg).toContain('cardinality(');
    const duck = compileWarehouseSql(def, { dialect: duckdb, schema, timeZone: 'UTC' });
    expect(duck).toContain('list_contains(');
    for (const sql of [pg, duck]) expect(sql).not.toContain('json_each');
  });

  it('refuses relative dates on an engine without a time-zone database unless "now" is fixed', () => {
    const b = new SqlBuilder(sqlite, 'literals');
    const target = desktopTarget(store.storage);
    expect(() =>
      definitionQuery(cases[2] as DynamicDefinition, b, { target, clock: { now: undefined, timeZone: 'UTC' }, opts: {}, depth: 0 }),
    ).toThrow(/no time-zone database: relative dates need a fixed "now"/);
  });
});
