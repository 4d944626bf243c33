/**
 * Warehouse part (issue 18): the six bench queries on a real PostgreSQL server loaded by `warehouse
 * push` (the app's own COPY code, bench/pgServer.ts starts the server like the tests do), next to the
 * desktop engine (the real worker host's estimate) and DuckDB (a file loaded by the same push), each
 * running the SQL `segment-studio sql --dialect …` prints for the live bench segments (exportSql: Q5's
 * live children inlined). Per engine: the first run (cold: PostgreSQL restarted so its buffer cache is
 * empty, DuckDB freshly opened, the desktop's first estimate of that query in a freshly started backend,
 * whose worker loads the columns the query reads) and the median of `runs`
 * after a warm-up; the counts must be identical on all three.
 */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import type { Backend } from '../electron/backend/index.js';
import { WarehouseService } from '../electron/backend/warehouse/warehouseService.js';
import { NOW_MS, type DataInfo } from './data.js';
import { setUpSegments } from './engine.js';
import { startPostgres } from './pgServer.js';
import { QUERIES, type BenchQuery } from './queries.js';
import { median, timed } from './stats.js';

/** One query on the three engines (ms; counts of members). */
export interface WarehouseRow {
  id: BenchQuery['id'];
  title: string;
  desktopCount: number;
  desktopColdMs: number;
  desktopWarmMs: number;
  postgresCount: number;
  postgresColdMs: number;
  postgresWarmMs: number;
  duckdbCount: number;
  duckdbColdMs: number;
  duckdbWarmMs: number;
  countsMatch: boolean;
}

export interface WarehouseResult {
  /** `warehouse push` wall time (s) and rows per table, per target. */
  push: { postgresSeconds: number; duckdbSeconds: number; tables: { table: string; rows: number }[] };
  rows: WarehouseRow[];
}

const count = (sql: string): string => `SELECT count(*) AS n FROM (${sql.replace(/;\s*$/, '')}) AS q`;

async function pgCount(client: pg.Client, sql: string): Promise<number> {
  const r = await client.query<{ n: string }>(count(sql));
  return Number(r.rows[0]?.n);
}

const service = (backend: Backend): WarehouseService =>
  new WarehouseService({ db: backend.db, events: backend.events, segments: backend.services.segments, now: () => NOW_MS });

/**
 * Runs the warehouse comparison on `data`. `open` starts a backend on its file: one for the pushes and
 * the segments, then a fresh one (a new worker, nothing loaded) so the desktop's cold runs are cold too.
 */
export async function runWarehouse(
  open: () => Promise<Backend>,
  data: DataInfo,
  runs: number,
  log: (s: string) => void,
): Promise<WarehouseResult> {
  let backend = await open();
  let warehouse = service(backend);
  // A buffer cache in proportion to the machine (the default 128 MB is for tiny servers).
  const server = await startPostgres({ settings: { shared_buffers: '512MB', work_mem: '64MB', max_parallel_workers_per_gather: '2' } });
  const duckFile = data.file.replace(/\.db$/, '-warehouse.duckdb');
  try {
    log(`warehouse: pushing to PostgreSQL ${server.url} …`);
    let t = performance.now();
    const pushed = await warehouse.push({ postgresUrl: server.url });
    const postgresSeconds = (performance.now() - t) / 1000;
    log(`warehouse: PostgreSQL push ${postgresSeconds.toFixed(1)} s (${pushed.tables.map((x) => `${x.table} ${x.rows}`).join(', ')})`);
    for (const s of ['', '.wal']) fs.rmSync(duckFile + s, { force: true });
    t = performance.now();
    await warehouse.push({ duckdbPath: duckFile });
    const duckdbSeconds = (performance.now() - t) / 1000;
    log(`warehouse: DuckDB push ${duckdbSeconds.toFixed(1)} s`);

    const { ids } = await setUpSegments(backend, log);
    await backend.close();
    backend = await open();
    warehouse = service(backend);
    const rows: WarehouseRow[] = [];
    for (const q of QUERIES) {
      const segmentId = ids[q.id];
      const now = new Date(NOW_MS).toISOString();
      const pgSql = warehouse.exportSql({ segmentId, dialect: 'postgres', now }).sql;
      const duckSql = warehouse.exportSql({ segmentId, dialect: 'duckdb', now }).sql;
      const definition = backend.services.segments.get(segmentId).definition;

      // Desktop: the worker host's estimate, as the app runs it.
      const estimate = async (): Promise<number> =>
        (await backend.evaluator.estimate({ definition, timeZone: 'UTC', now: NOW_MS }, `bench-wh-${q.id}`)).total;
      let t0 = performance.now();
      const desktopFirst = await estimate();
      const desktopColdMs = performance.now() - t0;
      const desktop = await timed(runs, estimate);

      server.restart();
      const client = new pg.Client({ connectionString: server.url });
      await client.connect(); // not timed: an app keeps its connections in a pool
      let pgFirst: number;
      let postgresColdMs: number;
      let pgRuns: { times: number[]; result: number };
      try {
        t0 = performance.now();
        pgFirst = await pgCount(client, pgSql);
        postgresColdMs = performance.now() - t0;
        pgRuns = await timed(runs, () => pgCount(client, pgSql));
      } finally {
        await client.end();
      }

      const instance = await DuckDBInstance.create(duckFile, { threads: '2' });
      const con = await instance.connect();
      const duckCount = async (): Promise<number> => Number((await con.runAndReadAll(count(duckSql))).getRows()[0]?.[0]);
      let duckFirst: number;
      let duckColdMs: number;
      let duckRuns: { times: number[]; result: number };
      try {
        t0 = performance.now();
        duckFirst = await duckCount();
        duckColdMs = performance.now() - t0;
        duckRuns = await timed(runs, duckCount);
      } finally {
        con.closeSync();
        instance.closeSync();
      }
      const counts = [desktopFirst, desktop.result, pgFirst, pgRuns.result, duckFirst, duckRuns.result];
      const row: WarehouseRow = {
        id: q.id,
        title: q.title,
        desktopCount: desktop.result,
        desktopColdMs,
        desktopWarmMs: median(desktop.times),
        postgresCount: pgRuns.result,
        postgresColdMs,
        postgresWarmMs: median(pgRuns.times),
        duckdbCount: duckRuns.result,
        duckdbColdMs: duckColdMs,
        duckdbWarmMs: median(duckRuns.times),
        countsMatch: counts.every((n) => n === desktop.result),
      };
      log(
        `  ${q.id} desktop n=${row.desktopCount} ${row.desktopColdMs.toFixed(0)} / ${row.desktopWarmMs.toFixed(1)} ms` +
          ` | PostgreSQL n=${row.postgresCount} ${row.postgresColdMs.toFixed(0)} / ${row.postgresWarmMs.toFixed(1)} ms` +
          ` | DuckDB n=${row.duckdbCount} ${row.duckdbColdMs.toFixed(0)} / ${row.duckdbWarmMs.toFixed(1)} ms (cold / warm)`,
      );
      if (!row.countsMatch) log(`!!! COUNT MISMATCH ${q.id}: ${counts.join(' / ')} (desktop, PostgreSQL, DuckDB; cold and warm)`);
      rows.push(row);
    }
    return { push: { postgresSeconds, duckdbSeconds, tables: pushed.tables }, rows };
  } finally {
    await backend.close();
    server.stop();
    for (const s of ['', '.wal']) fs.rmSync(duckFile + s, { force: true });
  }
}
