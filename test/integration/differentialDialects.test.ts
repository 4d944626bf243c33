/**
 * The engine differential: random definitions over random data sets, pushed from a real desktop store
 * (CSV files → the real import → `warehouse push`'s own COPY / appender code) to a REAL PostgreSQL 15
 * server and a real DuckDB database, must give on each engine — running the exact text
 * `segment-studio sql --dialect postgres|duckdb` prints (exportSegmentSql) — the members the reference
 * evaluator gives (shared/segments/evaluate.ts): NULLs, case and accent folding, multi-choice, time
 * zones across DST changes (arbEvalContext draws contexts around dstInstants.ts transitions), related
 * groups both ways and left-to-right set order included.
 *
 * ≥ 2,000 cases per engine per run (DIALECT_DATASETS × 40); SS_DEEP=1 runs 10× more. PostgreSQL missing
 * is a failure (test/support/postgres.ts), never a silent pass.
 */
import fc from 'fast-check';
import pg from 'pg';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadStorageCatalog } from '../../electron/backend/segments/compileCatalog.js';
import { exportSegmentSql } from '../../electron/backend/segments/sql/exportSql.js';
import { warehouseSchema } from '../../electron/backend/warehouse/schema.js';
import { pushToPostgresClient } from '../../electron/backend/warehouse/pushPostgres.js';
import { pushToDuckdbConnection } from '../../electron/backend/warehouse/pushDuckdb.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { canonicalDataset, createImportStore, type ImportStore } from './differentialImport.js';
import { makeTempDir, removeTempDir } from './differentialStore.js';
import { requirePostgres, type TestPostgres } from '../support/postgres.js';

const DATASETS = Number(process.env.DIALECT_DATASETS ?? (process.env.SS_DEEP ? 500 : 50));
const DEFS_PER_DATASET = 40;

let dir: string;
let store: ImportStore;
let server: TestPostgres;
let client: pg.Client;
let duck: DuckDBInstance;
let duckConn: DuckDBConnection;

beforeAll(async () => {
  server = await requirePostgres();
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
  duck = await DuckDBInstance.create(':memory:');
  duckConn = await duck.connect();
  dir = makeTempDir('segdialects-');
  store = createImportStore(`${dir}/diff.sqlite`, fixtureCatalog());
}, 120_000);

afterAll(async () => {
  await client?.end();
  duckConn?.closeSync();
  duck?.closeSync();
  store?.close();
  if (dir) removeTempDir(dir);
  server?.stop();
});

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

function mismatch(engine: string, def: SegmentDefinition, data: Dataset, ctx: EvalContext, sql: string, want: string[], got: string[]): string {
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

/** Runs many statements in one round trip (the simple query protocol returns one result per statement). */
async function runPostgres(sqls: string[]): Promise<string[][]> {
  const res = (await client.query(sqls.join('\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
  const list = Array.isArray(res) ? res : [res];
  return list.map((r) => r.rows.map((row: Record<string, unknown>) => String(Object.values(row)[0])));
}

async function runDuckdb(sql: string): Promise<string[]> {
  const reader = await duckConn.runAndReadAll(sql);
  return reader.getRows().map((r) => String(r[0]));
}

let cases = { postgres: 0, duckdb: 0 };

describe('printed SQL on real PostgreSQL and DuckDB agrees with the reference evaluator', () => {
  it(
    `gives identical member keys (${DATASETS} datasets x ${DEFS_PER_DATASET} definitions per engine)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbDefinition(), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            await store.load(raw);
            const storage = loadStorageCatalog(store.db);
            const schema = warehouseSchema(storage);
            const none = (): void => {};
            await pushToPostgresClient(store.db, schema, client, none);
            await pushToDuckdbConnection(store.db, schema, duckConn, none);
            const dataset = canonicalDataset(raw);
            const keyOf = new Map((dataset.entities.contact ?? []).map((c) => [c.rid, c.key]));
            const wants = defs.map((def) => sorted([...evaluateDefinition(def, dataset, ctx).members].map((rid) => keyOf.get(rid) ?? `?${rid}`)));
            const print = (def: SegmentDefinition, dialect: 'postgres' | 'duckdb'): string =>
              exportSegmentSql(storage, { definition: def, timeZone: ctx.timeZone, now: ctx.now, dialect });
            const pgSql = defs.map((def) => print(def, 'postgres'));
            const pgGot = await runPostgres(pgSql);
            for (const [i, def] of defs.entries()) {
              const got = sorted(pgGot[i] ?? []);
              const want = wants[i] ?? [];
              if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(mismatch('PostgreSQL', def, dataset, ctx, pgSql[i] ?? '', want, got));
              cases.postgres++;
            }
            for (const [i, def] of defs.entries()) {
              const sql = print(def, 'duckdb');
              const got = sorted(await runDuckdb(sql));
              const want = wants[i] ?? [];
              if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(mismatch('DuckDB', def, dataset, ctx, sql, want, got));
              cases.duckdb++;
            }
          },
        ),
        { numRuns: DATASETS, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(cases.postgres).toBe(DATASETS * DEFS_PER_DATASET);
      expect(cases.duckdb).toBe(DATASETS * DEFS_PER_DATASET);
    },
    Math.max(120_000, DATASETS * 3000),
  );
});
