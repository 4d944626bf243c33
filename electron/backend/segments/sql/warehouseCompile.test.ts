import { describe, expect, it } from 'vitest';
import type { Block, DynamicDefinition, RuleNode } from '../../../../shared/segments/ast.js';
import type { StorageCatalog, StorageField } from '../compileCatalog.js';
import { warehouseSchema } from '../../warehouse/schema.js';
import { duckdb } from './dialects/duckdb.js';
import { postgres } from './dialects/postgres.js';
import { compileWarehouseSql, type SegmentSource } from './warehouseCompile.js';

const text = (name: string): StorageField => ({
  name,
  type: 'text',
  column: `c_${name}`,
  foldedColumn: `c_${name}__f`,
  options: [],
  lookupEntity: null,
});
const num = (name: string): StorageField => ({
  name,
  type: 'integer',
  column: `c_${name}`,
  foldedColumn: null,
  options: [],
  lookupEntity: null,
});

const catalog: StorageCatalog = {
  entities: new Map([
    [
      'contact',
      {
        name: 'contact',
        table: 'ent_contact',
        keyField: 'contactid',
        fields: new Map([
          ['contactid', { ...text('contactid'), column: 'key', foldedColumn: 'key__f' }],
          ['city', text('city')],
          ['children', num('children')],
          ['created', { ...num('created'), type: 'datetime' }],
        ]),
      },
    ],
  ]),
  relationships: new Map(),
  interactionTypes: new Map(),
  indexes: { interactionsByTypeTs: null, interactionsByContact: null, statsByTypeLastTs: null, hasTypeStats: false },
};
const schema = warehouseSchema(catalog);

let n = 0;
const rule = (field: string, r: Omit<RuleNode, 'kind' | 'id' | 'field'>): RuleNode => ({ kind: 'rule', id: `r${++n}`, field, ...r });
const profile = (r: RuleNode, combine: Block['combine'] = 'union'): Block => ({
  kind: 'profile',
  id: `b${++n}`,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `g${++n}`, combinator: 'and', children: [r] },
});
const segment = (segmentId: string, combine: Block['combine'] = 'union'): Block => ({ kind: 'segment', id: `b${++n}`, combine, segmentId });
const dyn = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
const compile = (def: DynamicDefinition, extra: { now?: number; segment?: (id: string) => SegmentSource } = {}): string =>
  compileWarehouseSql(def, { dialect: postgres, schema, timeZone: 'Europe/Berlin', ...extra });

describe('warehouse compiler', () => {
  it('inlines folded text values as escaped literals and negative numbers in parentheses', () => {
    const sql = compile(
      dyn(
        profile(rule('city', { operator: 'eq', values: [" O'Brien Straße "] })),
        profile(rule('children', { operator: 'gt', values: [-2] })),
      ),
    );
    expect(sql).toContain(`t0."city__f" = 'o''brien strasse'`); // trimmed, folded, quote doubled
    expect(sql).toContain('"children" > (-2)');
    expect(sql).toMatch(/^SELECT DISTINCT s\.k AS "contactid" FROM \(/);
  });

  it('parenthesises every set step so the chain runs left to right whatever SQL precedence says', () => {
    const sql = compile(
      dyn(
        profile(rule('city', { operator: 'eq', values: ['a'] })),
        profile(rule('city', { operator: 'eq', values: ['b'] })),
        profile(rule('city', { operator: 'eq', values: ['c'] }), 'intersect'),
      ),
    );
    const block = (t: string, v: string): string => `(SELECT ${t}."contactid" AS k FROM "contact" AS ${t} WHERE (${t}."city__f" = '${v}'))`;
    expect(sql).toBe(
      `SELECT DISTINCT s.k AS "contactid" FROM (SELECT r.k AS k FROM ((${block('t0', 'a')} UNION ${block('t1', 'b')})` +
        ` INTERSECT ${block('t2', 'c')}) AS r) AS s`,
    );
  });

  it("uses the warehouse's clock unless now is fixed, and applies the segment's zone inside the SQL", () => {
    const def = dyn(profile(rule('created', { operator: 'inTheLast', amount: 7, unit: 'days' })));
    const live = compile(def);
    expect(live).toContain(`(statement_timestamp() AT TIME ZONE 'Europe/Berlin')`);
    const fixed = compile(def, { now: Date.UTC(2026, 2, 29, 0, 30) });
    expect(fixed).toContain(`(TIMESTAMPTZ '2026-03-29T00:30:00.000Z' AT TIME ZONE 'Europe/Berlin')`);
    expect(fixed).not.toContain('statement_timestamp');
    expect(compile({ kind: 'dynamic', version: 1, blocks: [] })).toContain('WHERE FALSE');
    const unknown = dyn({
      kind: 'interaction',
      id: 'i',
      combine: 'union',
      interactionType: 'x',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'lifetime' },
    });
    expect(() => compile(unknown)).toThrow(/Unknown interaction type 'x'/);
  });

  it('inlines a referenced live segment (in its own zone) and reads a static one from segment_members', () => {
    const child = dyn(profile(rule('city', { operator: 'eq', values: ['Oslo'] })));
    const sql = compile(dyn(segment('live-1'), segment('static-1', 'except')), {
      segment: (id) => (id === 'live-1' ? { kind: 'definition', definition: child, timeZone: 'Asia/Tokyo' } : { kind: 'stored' }),
    });
    expect(sql).toContain(`= 'oslo'`);
    expect(sql).toContain(`FROM "segment_members" AS t1 WHERE t1."segment_id" = 'static-1'`);
    const loop = (): SegmentSource => ({ kind: 'definition', definition: dyn(segment('self')), timeZone: 'UTC' });
    expect(() => compile(dyn(segment('self')), { segment: loop })).toThrow(/nest deeper than 32 levels/);
  });

  it('writes DuckDB spellings through the DuckDB dialect', () => {
    const def = dyn(profile(rule('city', { operator: 'endsWith', values: ['Ö'] })));
    expect(compileWarehouseSql(def, { dialect: duckdb, schema, timeZone: 'UTC', now: Date.UTC(2026, 0, 1) })).toContain(
      `suffix(t0."city__f", 'o')`,
    );
    expect(compile(def)).toContain(`(right(t0."city__f", 1) = 'o')`);
  });
});
