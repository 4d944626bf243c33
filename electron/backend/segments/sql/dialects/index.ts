/** The dialects by name; adding an engine is a file beside this one and a line here. */
import type { DialectName, SqlDialect } from '../dialect.js';
import { duckdb } from './duckdb.js';
import { postgres } from './postgres.js';
import { sqlite } from './sqlite.js';

/** Every dialect, the desktop store's SQLite included. */
export const DIALECTS: Readonly<Record<DialectName, SqlDialect>> = { sqlite, postgres, duckdb };

/** The engines a desktop's data can be pushed to (`warehouse push`, `warehouse schema`). */
export const WAREHOUSE_DIALECTS: Readonly<Record<Exclude<DialectName, 'sqlite'>, SqlDialect>> = { postgres, duckdb };

/** Every dialect name `sql --dialect` accepts (sqlite = the desktop store's own schema). */
export const DIALECT_NAMES: readonly DialectName[] = ['sqlite', 'postgres', 'duckdb'];

export function isDialectName(s: string): s is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(s);
}
