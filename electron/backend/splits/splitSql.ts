/**
 * Splits in SQLite: the `ss_split_bucket(seed, key)` function every connection registers (the same rule
 * as shared/segments/split.ts, computed with node's md5); the one compiler calls it through
 * `SqlDialect.splitBucket`, compileBlocks.ts).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { SPLIT_BUCKETS } from '../../../shared/segments/split.js';

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
