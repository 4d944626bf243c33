/**
 * Splits in warehouse SQL (PostgreSQL, DuckDB): the bucket rule of shared/segments/split.ts written with
 * each engine's built-in md5, so `segment-studio sql` prints a split group a data team can run as is.
 *
 *   PostgreSQL: (('x' || substr(md5(seed || ':' || key), 1, 8))::bit(32)::bigint * 10000) / 4294967296
 *   DuckDB:     (('0x' || substr(md5(seed || ':' || key), 1, 8))::UBIGINT * 10000) // 4294967296
 *
 * Both are integer arithmetic on the same 32 bits, so they agree with TypeScript and SQLite exactly.
 */
import { splitRange, type SplitSpec } from '../../../shared/segments/split.js';
import type { SqlDialect } from '../segments/sql/dialect.js';

/** The bucket (0…9999) of text expression `key` under `seed`, in dialect `d`. */
export function warehouseSplitBucket(d: SqlDialect, seed: string, key: string): string {
  const hex = `substr(md5(${d.text(`${seed}:`)} || CAST(${key} AS ${d.columnType('text')})), 1, 8)`;
  switch (d.name) {
    case 'postgres':
      return `((('x' || ${hex})::bit(32)::bigint * 10000) / 4294967296)`;
    case 'duckdb':
      return `((('0x' || ${hex})::UBIGINT * 10000) // 4294967296)`;
  }
}

/** Keeps the keys (column `k`) of query `inner` that fall into the spec's group. */
export function warehouseSplitFilter(d: SqlDialect, inner: string, spec: SplitSpec): string {
  const { from, to } = splitRange(spec.percents, spec.group);
  return `SELECT x.k AS k FROM (${inner}) AS x WHERE ${warehouseSplitBucket(d, spec.seed, 'x.k')} BETWEEN ${from} AND ${to - 1}`;
}
