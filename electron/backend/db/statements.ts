/**
 * Prepared statements cached per connection. The live path (refreshes, single-contact re-checks,
 * profile edits) runs the same few statements thousands of times; preparing one costs more than
 * running it. Keyed by the SQL text, so statements over a dynamic table name are cached per table.
 * SQLite re-prepares a cached statement itself after a schema change, so caching is safe across
 * catalog changes. Callers that use `.pluck()` must always use it for that SQL (it sets the mode).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement for `sql` on `db`, prepared on first use and reused afterwards. */
export function stmt(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
