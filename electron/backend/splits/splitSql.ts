/**
 * Splits in SQLite: the `ss_split_bucket(seed, key)` function every connection registers (the same rule
 * as shared/segments/split.ts, computed with node's md5) and the SQL that keeps one group of a segment.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { SPLIT_BUCKETS, splitRange, type SplitSpec } from '../../../shared/segments/split.js';
import type { CompiledSql } from '../segments/compileSql.js';

/** The SQL function's name; documented in docs/semantics.md § Splits. */
export const SPLIT_BUCKET_FUNCTION = 'ss_split_bucket';

/** floor(first 32 bits of md5(seed || ':' || key) * 10000 / 2^32), or NULL for a NULL key. */
export function sqliteSplitBucket(seed: unknown, key: unknown): number | null {
  if (seed === null || key === null || seed === undefined || key === undefined) return null;
  const hex = createHash('md5')
    .update(`${String(seed)}:${String(key)}`, 'utf8')
    .digest('hex');
  return Math.floor((parseInt(hex.slice(0, 8), 16) * SPLIT_BUCKETS) / 2 ** 32);
}

/** Registers `ss_split_bucket` on a connection (deterministic: SQLite may use it in indexes and plans). */
export function registerSplitFunctions(db: Db): void {
  db.function(SPLIT_BUCKET_FUNCTION, { deterministic: true }, sqliteSplitBucket);
}

/**
 * Keeps the rows of `inner` (column `rid`) whose contact's key falls into the spec's group. The key is
 * the one the contact was imported with (`<contact table>.key`), never the row id.
 */
export function splitFilterSql(inner: CompiledSql, spec: SplitSpec, contactTable: string): CompiledSql {
  const { from, to } = splitRange(spec.percents, spec.group);
  return {
    sql:
      `SELECT g.rid AS rid FROM (${inner.sql}) AS g CROSS JOIN ${contactTable} AS c ON c.rid = g.rid ` +
      `WHERE ${SPLIT_BUCKET_FUNCTION}(?, c.key) BETWEEN ? AND ?`,
    params: [...inner.params, spec.seed, from, to - 1],
  };
}
