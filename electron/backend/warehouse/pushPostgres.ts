/**
 * `warehouse push --to postgres://…`: (re)creates the warehouse schema in one transaction and loads
 * every table with COPY … FROM STDIN (text format, pg-copy-streams), streamed in 64 KB chunks with
 * back-pressure, then builds the indexes. A failure rolls everything back: the warehouse keeps what it
 * had. The password comes from the URL or PGPASSWORD (libpq's convention, read by `pg`).
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/connection.js';
import { postgres } from '../segments/sql/dialects/postgres.js';
import { CATALOG_META_DDL, CATALOG_META_FORMAT, CATALOG_META_INSERT, catalogMeta } from './catalogMeta.js';
import { warehouseTables, type TableRows, type WarehouseValue } from './rows.js';
import { ident, schemaDdl, schemaIndexes, type WarehouseSchema } from './schema.js';

/** Progress of a push: rows of `table` written so far of `total`. */
export type PushProgress = (p: { table: string; done: number; total: number }) => void;

const CHUNK = 64 * 1024;
const PROGRESS_EVERY = 50_000;

function copyText(s: string): string {
  if (s.includes('\u0000')) throw new Error('PostgreSQL text cannot hold the NUL character (U+0000); remove it from the data first');
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** One value in COPY's text format. */
export function copyCell(v: WarehouseValue, kind: TableRows['columns'][number]['kind']): string {
  if (v === null) return '\\N';
  if (Array.isArray(v)) return copyText(`{${v.map((e) => `"${e.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (kind === 'datetime') return new Date(Number(v)).toISOString();
  return copyText(String(v));
}

async function copyTable(client: pg.Client, t: TableRows, progress: PushProgress): Promise<void> {
  const d = postgres;
  const stream = client.query(copyFrom(`COPY ${ident(d, t.table)} (${t.columns.map((c) => ident(d, c.name)).join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buf = '';
  let n = 0;
  progress({ table: t.table, done: 0, total: t.total });
  for (const row of t.rows()) {
    buf += row.map((v, i) => copyCell(v, t.columns[i]?.kind ?? 'text')).join('\t') + '\n';
    if (++n % PROGRESS_EVERY === 0) progress({ table: t.table, done: n, total: t.total });
    if (buf.length >= CHUNK) {
      const ok = stream.write(buf);
      buf = '';
      if (!ok) await once(stream, 'drain');
    }
  }
  stream.end(buf);
  await done;
  progress({ table: t.table, done: n, total: t.total });
}

/** Creates the schema through a connected client and loads the store's data in one transaction; the row counts. */
export async function pushToPostgresClient(
  db: Db,
  schema: WarehouseSchema,
  client: pg.Client,
  progress: PushProgress,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    for (const stmt of schemaDdl(schema, postgres)) await client.query(stmt);
    for (const t of warehouseTables(db, schema)) {
      await copyTable(client, t, progress);
      counts[t.table] = t.total;
    }
    for (const stmt of schemaIndexes(schema, postgres)) await client.query(stmt);
    // Labels, options, lookups and which fields each interaction type has: what introspection cannot recover.
    for (const stmt of CATALOG_META_DDL) await client.query(stmt);
    await client.query(CATALOG_META_INSERT, [JSON.stringify(catalogMeta(db)), CATALOG_META_FORMAT]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return counts;
}

/** Creates the schema in the database at `url` and loads the store's data; resolves with the row counts. */
export async function pushToPostgres(
  db: Db,
  schema: WarehouseSchema,
  url: string,
  progress: PushProgress,
): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts = await pushToPostgresClient(db, schema, client, progress);
    await client.query('ANALYZE'); // fresh statistics, so the first segment queries get good plans
    return counts;
  } finally {
    await client.end();
  }
}
