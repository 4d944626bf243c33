/**
 * The fixed benchmark queries (issue 4): each as our definition AST and as hand-written DuckDB SQL
 * over the exported copy of the same rows (see duck.ts for its tables). Both must return the same
 * count; the run reports any mismatch loudly. Everything is evaluated as of NOW_MS in UTC.
 */
import type { Block, DynamicDefinition, InteractionBlock, RuleNode } from '../shared/segments/ast.js';
import { NOW_MS } from './data.js';

const DAY = 86_400_000;

export interface BenchQuery {
  id: 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'Q6';
  title: string;
  /** Dynamic definition; Q5 (compound) is built from the live children's segment ids at run time. */
  definition: DynamicDefinition | null;
  /** DuckDB SQL selecting the member rids (column rid). Q5 reads DuckDB's own materialised children. */
  duckSql: (typeIds: Record<string, number>) => string;
}

const rule = (
  id: string,
  field: string,
  operator: RuleNode['operator'],
  values?: RuleNode['values'],
  extra: Partial<RuleNode> = {},
): RuleNode => ({
  kind: 'rule',
  id,
  field,
  operator,
  ...(values ? { values } : {}),
  ...extra,
});

const dynamic = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });

const interaction = (
  id: string,
  combine: Block['combine'],
  type: string,
  count: InteractionBlock['count'],
  window: InteractionBlock['window'],
): InteractionBlock => ({
  kind: 'interaction',
  id,
  combine,
  interactionType: type,
  count,
  window,
});

const sqlList = (xs: string[]): string => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');

export const QUERIES: BenchQuery[] = [
  {
    id: 'Q1',
    title: 'city = San Francisco and lifetime value > 20',
    definition: dynamic({
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [rule('r1', 'address1_city', 'eq', ['San Francisco']), rule('r2', 'lifetimevalue', 'gt', [20])],
      },
    }),
    duckSql: () => `SELECT rid FROM contacts WHERE city_f = 'san francisco' AND ltv > 20`,
  },
  {
    id: 'Q2',
    title: 'account industry = Retail and employees > 1000',
    definition: dynamic({
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [
          {
            kind: 'related',
            id: 'rel1',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [rule('r1', 'industry', 'eq', ['Retail']), rule('r2', 'numberofemployees', 'gt', [1000])],
          },
        ],
      },
    }),
    duckSql: () => `SELECT c.rid FROM contacts c JOIN accounts a ON a.rid = c.account WHERE a.industry_f = 'retail' AND a.employees > 1000`,
  },
  {
    id: 'Q3',
    title: 'EmailOpened at least 3 times in the last 30 days',
    definition: dynamic(interaction('b1', 'union', 'EmailOpened', { op: 'atLeast', value: 3 }, { kind: 'last', amount: 30, unit: 'days' })),
    duckSql: (t) =>
      `SELECT contact_rid AS rid FROM interactions WHERE type_id = ${t.emailopened} AND ts >= ${NOW_MS - 30 * DAY} AND ts <= ${NOW_MS} GROUP BY contact_rid HAVING count(*) >= 3`,
  },
  {
    id: 'Q4',
    title: 'EmailSent in the last 90 days EXCEPT EmailClicked ever',
    definition: dynamic(
      interaction('b1', 'union', 'EmailSent', { op: 'atLeast', value: 1 }, { kind: 'last', amount: 90, unit: 'days' }),
      interaction('b2', 'except', 'EmailClicked', { op: 'atLeast', value: 1 }, { kind: 'lifetime' }),
    ),
    duckSql: (t) =>
      `SELECT contact_rid AS rid FROM interactions WHERE type_id = ${t.emailsent} AND ts >= ${NOW_MS - 90 * DAY} AND ts <= ${NOW_MS} ` +
      `EXCEPT SELECT contact_rid FROM interactions WHERE type_id = ${t.emailclicked} AND ts <= ${NOW_MS}`,
  },
  {
    id: 'Q5',
    title: '(Q1 ∪ Q3) − Q4, compound of the live children',
    definition: null,
    duckSql: () =>
      `SELECT rid FROM members WHERE seg = 'Q1' UNION SELECT rid FROM members WHERE seg = 'Q3' EXCEPT SELECT rid FROM members WHERE seg = 'Q4'`,
  },
  {
    id: 'Q6',
    title: '8 fields, AND/OR, contains, relative date',
    definition: dynamic({
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [
          rule('r1', 'jobtitle', 'contains', ['manager', 'director']),
          rule('r2', 'address1_country', 'eq', ['United States', 'United Kingdom', 'Germany']),
          rule('r3', 'createdon', 'inTheLast', undefined, { amount: 2, unit: 'years' }),
          {
            kind: 'group',
            id: 'g2',
            combinator: 'or',
            children: [rule('r4', 'lifetimevalue', 'gt', [5]), rule('r5', 'numberofchildren', 'ge', [2])],
          },
          rule('r6', 'donotbulkemail', 'eq', [false]),
          {
            kind: 'group',
            id: 'g3',
            combinator: 'or',
            children: [rule('r7', 'birthdate', 'lt', ['1980-01-01']), rule('r8', 'favoritepets', 'containsAnyOf', ['Dogs'])],
          },
        ],
      },
    }),
    // "In the last 2 years" as of 2026-01-01T00:00Z in UTC: from 2024-01-01T00:00Z up to now, both included.
    duckSql: () =>
      `SELECT rid FROM contacts WHERE (contains(jobtitle_f, 'manager') OR contains(jobtitle_f, 'director')) ` +
      `AND country_f IN (${sqlList(['united states', 'united kingdom', 'germany'])}) ` +
      `AND createdon >= ${Date.UTC(2024, 0, 1)} AND createdon <= ${NOW_MS} AND (ltv > 5 OR children >= 2) AND dnb = 0 ` +
      `AND (birthdate < '1980-01-01' OR contains(pets_f, '"dogs"'))`,
  },
];
