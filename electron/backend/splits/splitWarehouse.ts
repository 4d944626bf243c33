/**
 * Splits in warehouse SQL (PostgreSQL, DuckDB): the bucket rule of shared/segments/split.ts written with
 * each engine's built-in md5 (`SqlDialect.splitBucket`), so `segment-studio sql` prints a split group a
 * data team can run as is. The one compiler applies it (compileBlocks.ts, split groups).
 *
 *   PostgreSQL: (('x' || substr(md5(seed || ':' || key), 1, 8))::bit(32)::bigint * 10000) / 4294967296
 *   DuckDB:     (('0x' || substr(md5(seed || ':' || key), 1, 8))::UBIGINT * 10000) // 4294967296
 *
 * Both are integer arithmetic on the same 32 bits, so they agree with TypeScript and SQLite exactly.
 */
import type { SqlDialect } from '../segments/sql/dialect.js';

/** The bucket (0…9999) of text expression `key` under the literal `seed`, in dialect `d`. */
export function warehouseSplitBucket(d: SqlDialect, seed: string, key: string): string {
  return d.splitBucket(d.text(seed), key);
}
