/**
 * `warehouse push --duckdb FILE`: (re)creates the warehouse schema in a DuckDB file and loads every
 * table through DuckDB's appender (row by row from the store's iterator, flushed every 50,000 rows),
 * all in one transaction.
 */
import {
  DuckDBInstance,
  LIST,
  VARCHAR,
  dateValue,
  listValue,
  timestampTZValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import type { Db } from '../db/connection.js';
import { duckdb } from '../segments/sql/dialects/duckdb.js';
import { warehouseTables, type ValueKind, type WarehouseValue } from './rows.js';
import { schemaDdl, type WarehouseSchema } from './schema.js';
import type { PushProgress } from './pushPostgres.js';

const FLUSH_EVERY = 50_000;
const DAY_MS = 86_400_000;

function append(a: DuckDBAppender, kind: ValueKind, v: WarehouseValue): void {
  if (v === null) return a.appendNull();
  switch (kind) {
    case 'text':
      return a.appendVarchar(String(v));
    case 'textList':
      return a.appendList(listValue(Array.isArray(v) ? v : [String(v)]), LIST(VARCHAR));
    case 'integer':
      return a.appendBigInt(BigInt(Math.trunc(Number(v))));
    case 'decimal':
      return a.appendDouble(Number(v));
    case 'boolean':
      return a.appendBoolean(v === true);
    case 'date':
      return a.appendDate(dateValue(Math.round(Date.parse(`${String(v)}T00:00:00Z`) / DAY_MS)));
    case 'datetime':
      return a.appendTimestampTZ(timestampTZValue(BigInt(Math.round(Number(v))) * 1000n));
  }
}

/** Creates the schema through an open connection and loads the store's data in one transaction; the row counts. */
export async function pushToDuckdbConnection(
  db: Db,
  schema: WarehouseSchema,
  conn: DuckDBConnection,
  progress: PushProgress,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  try {
    await conn.run('BEGIN TRANSACTION');
    for (const stmt of schemaDdl(schema, duckdb)) await conn.run(stmt);
    for (const t of warehouseTables(db, schema)) {
      const a = await conn.createAppender(t.table);
      let n = 0;
      progress({ table: t.table, done: 0, total: t.total });
      for (const row of t.rows()) {
        row.forEach((v, i) => append(a, t.columns[i]?.kind ?? 'text', v));
        a.endRow();
        if (++n % FLUSH_EVERY === 0) {
          a.flushSync();
          progress({ table: t.table, done: n, total: t.total });
        }
      }
      a.closeSync();
      counts[t.table] = n;
      progress({ table: t.table, done: n, total: t.total });
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return counts;
}

/** Creates the schema in the DuckDB file `file` (created when missing) and loads the store's data. */
export async function pushToDuckdb(db: Db, schema: WarehouseSchema, file: string, progress: PushProgress): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(file);
  try {
    const conn = await instance.connect();
    try {
      return await pushToDuckdbConnection(db, schema, conn, progress);
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
