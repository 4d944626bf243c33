/**
 * Definitions at the documented limits (docs/limits.md: the most blocks, conditions, nesting and values)
 * printed by `segment-studio sql` must run on real PostgreSQL and DuckDB — no stack-depth, expression-size
 * or parameter error — and return the reference evaluator's members. The warehouse SQL has no bind
 * parameters; long chains are balanced trees and set steps nest one level per block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, ConditionNode, DynamicDefinition, GroupNode, RuleNode } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { MAX_BLOCKS, MAX_CONDITION_DEPTH, MAX_CONDITIONS, MAX_VALUES_PER_CONDITION } from '../../shared/segments/limits.js';
import { validateDefinition } from '../../shared/segments/validate.js';
import { fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { startDialectEngines, type DialectEngines } from './dialectEngines.js';

let engines: DialectEngines;
beforeAll(async () => {
  engines = await startDialectEngines(fixtureCatalog());
}, 120_000);
afterAll(async () => {
  await engines?.close();
});

const CITIES = ['Seattle', 'Malmö', 'Oslo', 'Redmond', null];
const ctx: EvalContext = { now: Date.parse('2026-03-15T12:00:00Z'), timeZone: 'Europe/Berlin' };

function data(): Dataset {
  const contact = Array.from({ length: 120 }, (_, i) => ({
    rid: i + 1,
    key: `k${i + 1}`,
    values: { address1_city: CITIES[i % CITIES.length] ?? null, numberofchildren: i % 7 === 0 ? null : (i * 37) % 3000, fullname: `n${i}` },
  }));
  return { catalog: fixtureCatalog(), entities: { contact, account: [], opportunity: [] }, interactions: [], segmentMembers: {} };
}

let n = 0;
const id = (): string => `x${++n}`;
const rule = (field: string, operator: RuleNode['operator'], values: NonNullable<RuleNode['values']>): RuleNode => ({
  kind: 'rule',
  id: id(),
  field,
  operator,
  values,
});
const group = (combinator: 'and' | 'or', children: ConditionNode[], not = false): GroupNode => ({
  kind: 'group',
  id: id(),
  combinator,
  children,
  ...(not ? { not } : {}),
});
const profile = (root: GroupNode, combine: Block['combine'] = 'union'): Block => ({
  kind: 'profile',
  id: id(),
  combine,
  entity: 'contact',
  root,
});
const dyn = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });

function limitDefinitions(): DynamicDefinition[] {
  const ops: Block['combine'][] = ['union', 'intersect', 'except', 'union'];
  const manyBlocks = dyn(
    ...Array.from({ length: MAX_BLOCKS }, (_, i) =>
      profile(group('and', [rule('numberofchildren', i % 2 ? 'lt' : 'gt', [(i * 53) % 3000])]), ops[i % ops.length]),
    ),
  );
  const manyConditions = dyn(
    profile(
      group(
        'or',
        Array.from({ length: MAX_CONDITIONS }, (_, i) => rule('numberofchildren', i % 3 ? 'eq' : 'ne', [i * 3])),
        true,
      ),
    ),
  );
  let deep: GroupNode = group('and', [rule('address1_city', 'eq', ['malmo'])]);
  for (let level = 1; level < MAX_CONDITION_DEPTH; level++)
    deep = group(level % 2 ? 'or' : 'and', [deep, rule('numberofchildren', 'gt', [level * 100])], level % 3 === 0);
  const manyValues = dyn(
    profile(
      group('and', [
        rule(
          'numberofchildren',
          'eq',
          Array.from({ length: MAX_VALUES_PER_CONDITION }, (_, i) => i * 2),
        ),
      ]),
    ),
    profile(
      group('and', [
        rule(
          'fullname',
          'ne',
          Array.from({ length: MAX_VALUES_PER_CONDITION }, (_, i) => `N${i * 3}`),
        ),
      ]),
      'except',
    ),
  );
  return [manyBlocks, manyConditions, dyn(profile(deep)), manyValues];
}

describe('definitions at the documented limits on real PostgreSQL and DuckDB', () => {
  it('run without an engine error and return the evaluator members', async () => {
    const defs = limitDefinitions();
    for (const def of defs) expect(validateDefinition(def, fixtureCatalog())).toEqual([]);
    const dataset = await engines.load(data());
    await engines.check(defs, dataset, ctx);
    expect(engines.cases).toEqual({ postgres: defs.length, duckdb: defs.length });
  }, 180_000);
});
