/**
 * Q1–Q6 with one value changed per call (call k = 1, 2, …), so no cached rule result can answer it,
 * each with the DuckDB SQL of the same change: Q1/Q6 move the lifetime-value threshold by k cents,
 * Q2 the employee count by k, Q3/Q4 widen the window by k days, Q5 combines another ordered choice of
 * the live children (two unions, one except).
 */
import type { CompoundDefinition, SegmentDefinition } from '../../shared/segments/ast.js';
import { NOW_MS } from '../data.js';
import { QUERIES, type BenchQuery } from '../queries.js';

const DAY = 86_400_000;

/** A query as sent: our definition and DuckDB's SQL. */
export interface QueryCase {
  definition: SegmentDefinition;
  duckSql: string;
}

/** Live children Q5's variants draw from (all but Q5), in a fixed order. */
const CHILDREN = ['Q1', 'Q2', 'Q3', 'Q4', 'Q6'] as const;

/** The k-th ordered choice (a, b, c) of three distinct children (k = 0 is Q5 itself: Q1, Q3 except Q4). */
function compoundChoice(k: number): [string, string, string] {
  const all: [string, string, string][] = [['Q1', 'Q3', 'Q4']];
  for (const a of CHILDREN)
    for (const b of CHILDREN)
      for (const c of CHILDREN) if (a !== b && a !== c && b !== c && !(a === 'Q1' && b === 'Q3' && c === 'Q4')) all.push([a, b, c]);
  return all[k % all.length] ?? ['Q1', 'Q3', 'Q4'];
}

const compound = (ids: Record<string, string>, [a, b, c]: [string, string, string]): CompoundDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: [
    { kind: 'segment', id: 'b1', combine: 'union', segmentId: ids[a] ?? '' },
    { kind: 'segment', id: 'b2', combine: 'union', segmentId: ids[b] ?? '' },
    { kind: 'segment', id: 'b3', combine: 'except', segmentId: ids[c] ?? '' },
  ],
});

const duckCompound = ([a, b, c]: [string, string, string]): string =>
  `SELECT rid FROM members WHERE seg = '${a}' UNION SELECT rid FROM members WHERE seg = '${b}' EXCEPT SELECT rid FROM members WHERE seg = '${c}'`;

/** Replaces every `"key": old` in the definition (a deep copy) by `"key": new`. */
function swap<T>(def: T, key: string, from: unknown, to: unknown): T {
  const text = JSON.stringify(def);
  const a = `"${key}":${JSON.stringify(from)}`;
  if (!text.includes(a)) throw new Error(`bench: variant: no ${a} in the definition`);
  return JSON.parse(text.split(a).join(`"${key}":${JSON.stringify(to)}`)) as T;
}

/**
 * Query `q` as call `k` sends it: k = 0 the query itself, k ≥ 1 with one value changed.
 * `ids`: the live benchmark segments by query id; `types`: interaction type ids by lower-cased name.
 */
export function queryCase(q: BenchQuery, k: number, ids: Record<string, string>, types: Record<string, number>): QueryCase {
  if (q.id === 'Q5') {
    const choice = compoundChoice(k);
    return { definition: compound(ids, choice), duckSql: duckCompound(choice) };
  }
  const def = q.definition;
  if (!def) throw new Error(`bench: ${q.id} has no definition`);
  if (k === 0) return { definition: def, duckSql: q.duckSql(types) };
  const cents = Math.round(k) / 100;
  switch (q.id) {
    case 'Q1':
      return {
        definition: swap(def, 'values', [20], [20 + cents]),
        duckSql: `SELECT rid FROM contacts WHERE city_f = 'san francisco' AND ltv > ${20 + cents}`,
      };
    case 'Q2':
      return {
        definition: swap(def, 'values', [1000], [1000 + k]),
        duckSql: q.duckSql(types).replace('a.employees > 1000', `a.employees > ${1000 + k}`),
      };
    case 'Q3':
      return {
        definition: swap(def, 'amount', 30, 30 + k),
        duckSql: q.duckSql(types).replace(`ts >= ${NOW_MS - 30 * DAY}`, `ts >= ${NOW_MS - (30 + k) * DAY}`),
      };
    case 'Q4':
      return {
        definition: swap(def, 'amount', 90, 90 + k),
        duckSql: q.duckSql(types).replace(`ts >= ${NOW_MS - 90 * DAY}`, `ts >= ${NOW_MS - (90 + k) * DAY}`),
      };
    case 'Q6':
      return {
        definition: swap(def, 'values', [5], [5 + cents]),
        duckSql: q.duckSql(types).replace('ltv > 5 ', `ltv > ${5 + cents} `),
      };
  }
}

export { QUERIES };
