/**
 * The DuckDB copy of the benchmark data. DuckDB's sqlite extension is downloaded at run time (not
 * possible offline), so the rows go SQLite → TSV → `read_csv` once and the DuckDB file is cached next
 * to the SQLite one, keyed by the same data key. Only the columns the benchmark queries read are copied.
 */
import fs from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Db } from '../electron/backend/db/connection.js';
import type { DataInfo } from './data.js';
import { ms } from './stats.js';

export interface DuckInfo {
  file: string;
  /** Seconds spent exporting and loading now; null when the cached copy was reused. */
  buildSeconds: number | null;
  bytes: number;
}

/** The storage column of an entity field (identifiers come from our own catalog). */
function column(db: Db, entity: string, field: string): string {
  const c = db.prepare('SELECT column_name FROM catalog_fields WHERE entity = ? AND name = ?').pluck().get(entity, field) as
    string | undefined;
  if (!c) throw new Error(`bench: the catalog has no ${entity}.${field}`);
  return c;
}

const folded = (c: string): string => `${c}__f`;

/**
 * Streams a query's rows to a TSV file. The line is built by SQLite (`col || char(9) || …`, NULL →
 * empty cell), which is several times faster than joining cells in JS; our values hold no tabs or newlines.
 */
function exportTsv(db: Db, columns: string[], from: string, file: string): number {
  const line = columns.map((c) => `coalesce(${c}, '')`).join(' || char(9) || ');
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  let n = 0;
  for (const text of db.prepare(`SELECT ${line} FROM ${from}`).pluck().iterate() as IterableIterator<string>) {
    buf.push(text);
    if (buf.length >= 100_000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
    n++;
  }
  if (buf.length > 0) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
  return n;
}

const TABLES = {
  contacts:
    'rid INTEGER, city_f VARCHAR, ltv DOUBLE, account INTEGER, jobtitle_f VARCHAR, country_f VARCHAR, createdon BIGINT, children INTEGER, dnb INTEGER, birthdate VARCHAR, pets_f VARCHAR',
  accounts: 'rid INTEGER, industry_f VARCHAR, employees INTEGER',
  interactions: 'type_id INTEGER, contact_rid INTEGER, ts BIGINT',
} as const;

function exportQueries(db: Db): Record<keyof typeof TABLES, { columns: string[]; from: string }> {
  const c = (f: string): string => `"${column(db, 'contact', f)}"`;
  const cf = (f: string): string => `"${folded(column(db, 'contact', f))}"`;
  const a = (f: string): string => `"${column(db, 'account', f)}"`;
  const af = (f: string): string => `"${folded(column(db, 'account', f))}"`;
  const accountTable = db.prepare(`SELECT table_name FROM catalog_entities WHERE name = 'account'`).pluck().get() as string;
  return {
    contacts: {
      columns: [
        'rid',
        cf('address1_city'),
        c('lifetimevalue'),
        c('parentcustomerid'),
        cf('jobtitle'),
        cf('address1_country'),
        c('createdon'),
        c('numberofchildren'),
        c('donotbulkemail'),
        c('birthdate'),
        cf('favoritepets'),
      ],
      from: 'ent_contact ORDER BY rid',
    },
    accounts: { columns: ['rid', af('industry'), a('numberofemployees')], from: `"${accountTable}" ORDER BY rid` },
    interactions: { columns: ['type_id', 'contact_rid', 'ts'], from: 'interactions ORDER BY id' },
  };
}

/** Returns the cached DuckDB copy of `data`, exporting it first when missing or stale. */
export async function ensureDuck(db: Db, data: DataInfo, log: (s: string) => void): Promise<DuckInfo> {
  const file = data.file.replace(/\.db$/, '.duckdb');
  const marker = `${file}.json`;
  const prev = fs.existsSync(marker) ? (JSON.parse(fs.readFileSync(marker, 'utf8')) as { key?: string }) : {};
  if (prev.key === data.key && fs.existsSync(file)) {
    log(`duckdb: reusing ${file}`);
    return { file, buildSeconds: null, bytes: fs.statSync(file).size };
  }
  fs.rmSync(marker, { force: true });
  for (const s of ['', '.wal']) fs.rmSync(file + s, { force: true });
  const t0 = process.hrtime.bigint();
  const queries = exportQueries(db);
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  try {
    for (const [name, cols] of Object.entries(TABLES) as [keyof typeof TABLES, string][]) {
      const tsv = `${file}.${name}.tsv`;
      const t = process.hrtime.bigint();
      const rows = exportTsv(db, queries[name].columns, queries[name].from, tsv);
      const exportMs = ms(t);
      const t2 = process.hrtime.bigint();
      const colSpec = cols
        .split(', ')
        .map((c) => {
          const [n, ty] = c.split(' ');
          return `'${n}': '${ty}'`;
        })
        .join(', ');
      await con.run(
        `CREATE TABLE ${name} AS SELECT * FROM read_csv('${tsv}', delim = '\t', header = false, quote = '', escape = '', nullstr = '', columns = {${colSpec}})`,
      );
      fs.rmSync(tsv);
      log(`duckdb: ${name} ${rows} rows (export ${(exportMs / 1000).toFixed(1)} s, load ${(ms(t2) / 1000).toFixed(1)} s)`);
    }
    await con.run('CREATE TABLE members (seg VARCHAR, rid INTEGER)');
    await con.run('CHECKPOINT');
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  const seconds = ms(t0) / 1000;
  fs.writeFileSync(marker, JSON.stringify({ key: data.key, seconds }));
  log(`duckdb: built in ${seconds.toFixed(1)} s`);
  return { file, buildSeconds: seconds, bytes: fs.statSync(file).size };
}

/** An open DuckDB copy (threads = 2: the machine's cores, as in perf-anchors). */
export async function openDuck(info: DuckInfo): Promise<{ con: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(info.file, { threads: '2' });
  const con = await instance.connect();
  return {
    con,
    close: () => {
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** Count of a DuckDB member query. */
export async function duckCount(con: DuckDBConnection, sql: string): Promise<number> {
  const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM (${sql})`);
  return Number(r.getRows()[0]?.[0] ?? Number.NaN);
}

/** Materialise in DuckDB: replace the segment's rows of `members` (DELETE + INSERT in one transaction). */
export async function duckMaterialise(con: DuckDBConnection, seg: string, sql: string): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  await con.run(`DELETE FROM members WHERE seg = '${seg}'`);
  await con.run(`INSERT INTO members SELECT '${seg}', rid FROM (${sql})`);
  await con.run('COMMIT');
}
