/**
 * The engines of the dialect differential tests: a desktop store fed through the real import path,
 * a real PostgreSQL 15 server (test/support/postgres.ts) and an in-memory DuckDB, with `load` pushing
 * a dataset to both through the `warehouse push` code, and `check` running the text
 * `segment-studio sql` prints (exportSegmentSql) on each engine against the reference evaluator.
 */
import pg from 'pg';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadStorageCatalog, type StorageCatalog } from '../../electron/backend/segments/compileCatalog.js';
import { exportSegmentSql } from '../../electron/backend/segments/sql/exportSql.js';
import { warehouseSchema } from '../../electron/backend/warehouse/schema.js';
import { pushToPostgresClient } from '../../electron/backend/warehouse/pushPostgres.js';
import { pushToDuckdbConnection } from '../../electron/backend/warehouse/pushDuckdb.js';
import type { Catalog } from '../../shared/models/catalog.js';
import { canonicalDataset, createImportStore, type ImportStore } from './differentialImport.js';
import { makeTempDir, removeTempDir } from './differentialStore.js';
import { requirePostgres, type TestPostgres } from '../support/postgres.js';

export type Engine = 'postgres' | 'duckdb';

export interface DialectEngines {
  /** Imports `raw` into the store and pushes it to both engines; answers the canonical dataset. */
  load(raw: Dataset): Promise<Dataset>;
  /** Runs every definition on both engines; throws a readable mismatch on the first disagreement. */
  check(defs: readonly SegmentDefinition[], dataset: Dataset, ctx: EvalContext): Promise<void>;
  /** Cases compared so far, per engine. */
  cases: Record<Engine, number>;
  close(): Promise<void>;
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

function mismatch(
  engine: string,
  def: SegmentDefinition,
  data: Dataset,
  ctx: EvalContext,
  sql: string,
  want: string[],
  got: string[],
): string {
  const onlyEngine = got.filter((k) => !want.includes(k));
  const onlyEval = want.filter((k) => !got.includes(k));
  const involved = new Set([...onlyEngine, ...onlyEval]);
  const contacts = (data.entities.contact ?? []).filter((c) => involved.has(c.key));
  const rids = new Set(contacts.map((c) => c.rid));
  return [
    `${engine} and the reference evaluator disagree.`,
    `context: now=${new Date(ctx.now).toISOString()} timeZone=${ctx.timeZone}`,
    `definition: ${JSON.stringify(def)}`,
    `only in ${engine}: [${onlyEngine.join(', ')}]  only in evaluator: [${onlyEval.join(', ')}]`,
    `those contacts: ${JSON.stringify(contacts)}`,
    `their interactions: ${JSON.stringify(data.interactions.filter((i) => rids.has(i.contactRid)))}`,
    `accounts: ${JSON.stringify(data.entities.account)}  opportunities: ${JSON.stringify(data.entities.opportunity)}`,
    `sql: ${sql}`,
  ].join('\n');
}

/** Starts PostgreSQL (failing loudly when it is missing), DuckDB and a store over `catalog`. */
export async function startDialectEngines(catalog: Catalog): Promise<DialectEngines> {
  const server: TestPostgres = await requirePostgres();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const duck = await DuckDBInstance.create(':memory:');
  const duckConn: DuckDBConnection = await duck.connect();
  // Tiny tables: one thread avoids scheduling overhead that dominates each query on a loaded machine.
  await duckConn.run('SET threads TO 1');
  const dir = makeTempDir('segdialects-');
  const store: ImportStore = createImportStore(`${dir}/diff.sqlite`, catalog);
  let storage: StorageCatalog = store.storage;
  const cases: Record<Engine, number> = { postgres: 0, duckdb: 0 };

  /** Many statements in one round trip: the simple query protocol answers one result per statement. */
  const runPostgres = async (sqls: string[]): Promise<string[][]> => {
    const res = (await client.query(sqls.join('\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    const list = Array.isArray(res) ? res : [res];
    return list.map((r) => r.rows.map((row: Record<string, unknown>) => String(Object.values(row)[0])));
  };
  const runDuckdb = async (sql: string): Promise<string[]> => (await duckConn.runAndReadAll(sql)).getRows().map((r) => String(r[0]));

  return {
    cases,
    async load(raw) {
      const t0 = performance.now();
      await store.load(raw);
      if (process.env.DIALECT_TIMING) process.stderr.write(`import ${Math.round(performance.now() - t0)} ms\n`);
      storage = loadStorageCatalog(store.db);
      const schema = warehouseSchema(storage);
      await pushToPostgresClient(store.db, schema, client, () => {});
      await pushToDuckdbConnection(store.db, schema, duckConn, () => {});
      return canonicalDataset(raw);
    },
    async check(defs, dataset, ctx) {
      const keyOf = new Map((dataset.entities.contact ?? []).map((c) => [c.rid, c.key]));
      const wants = defs.map((def) => sorted([...evaluateDefinition(def, dataset, ctx).members].map((rid) => keyOf.get(rid) ?? `?${rid}`)));
      const print = (def: SegmentDefinition, dialect: Engine): string =>
        exportSegmentSql(storage, { definition: def, timeZone: ctx.timeZone, now: ctx.now, dialect });
      const pgSql = defs.map((def) => print(def, 'postgres'));
      const t0 = performance.now();
      const pgGot = await runPostgres(pgSql);
      if (process.env.DIALECT_TIMING) process.stderr.write(`pg ${Math.round(performance.now() - t0)} ms\n`);
      for (const [i, def] of defs.entries()) {
        const got = sorted(pgGot[i] ?? []);
        const want = wants[i] ?? [];
        if (JSON.stringify(got) !== JSON.stringify(want))
          throw new Error(mismatch('PostgreSQL', def, dataset, ctx, pgSql[i] ?? '', want, got));
        cases.postgres++;
      }
      const t1 = performance.now();
      for (const [i, def] of defs.entries()) {
        const sql = print(def, 'duckdb');
        const got = sorted(await runDuckdb(sql));
        const want = wants[i] ?? [];
        if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(mismatch('DuckDB', def, dataset, ctx, sql, want, got));
        cases.duckdb++;
      }
      if (process.env.DIALECT_TIMING) process.stderr.write(`duckdb ${Math.round(performance.now() - t1)} ms\n`);
    },
    async close() {
      await client.end();
      duckConn.closeSync();
      duck.closeSync();
      store.close();
      removeTempDir(dir);
      server.stop();
    },
  };
}
