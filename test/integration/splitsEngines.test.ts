/**
 * The split bucket rule agrees across every engine: TypeScript (shared/segments/split.ts), SQLite
 * (ss_split_bucket, node's md5), and the printed warehouse SQL on a REAL PostgreSQL 15 and DuckDB
 * (each engine's own md5). First the bare bucket for awkward keys (accents, emoji, quotes, long keys),
 * then split-group definitions over random data sets, pushed from a real store, against the reference
 * evaluator. PostgreSQL missing is a failure (test/support/postgres.ts), never a silent pass.
 */
import fc from 'fast-check';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { WAREHOUSE_DIALECTS } from '../../electron/backend/segments/sql/dialects/index.js';
import { warehouseSplitBucket } from '../../electron/backend/splits/splitWarehouse.js';
import type { CompoundDefinition } from '../../shared/segments/ast.js';
import { splitBucket } from '../../shared/segments/split.js';
import { arbCatalogAndDataset, fixtureCatalog, FIXTURE_SEGMENT_IDS } from '../fixtures/segmentArbitraries.js';
import { requirePostgres, type TestPostgres } from '../support/postgres.js';
import { startDialectEngines, type DialectEngines } from './dialectEngines.js';

const { postgres: POSTGRES_DIALECT, duckdb: DUCKDB_DIALECT } = WAREHOUSE_DIALECTS;
const SEEDS = ['42', 'exp-2026-q3', "it's", 'Zürich 🎯'];
const KEYS = ['C-0001', 'c-0001', 'é', 'e\u0301', '😀', "O'Brien", ' padded ', '0', 'x'.repeat(300), '中文', 'tab\there'];

let server: TestPostgres;
let engines: DialectEngines;
beforeAll(async () => {
  server = await requirePostgres();
  engines = await startDialectEngines(fixtureCatalog());
}, 120_000);
afterAll(async () => {
  await engines?.close();
  server?.stop();
});

describe('the bucket of (seed, key)', () => {
  it('is the same in TypeScript, SQLite, PostgreSQL and DuckDB', async () => {
    const pairs = SEEDS.flatMap((seed) => KEYS.map((key) => ({ seed, key })));
    const want = pairs.map(({ seed, key }) => splitBucket(seed, key));

    const sqlite = openDatabase(':memory:');
    const fromSqlite = pairs.map(({ seed, key }) => sqlite.prepare('SELECT ss_split_bucket(?, ?)').pluck().get(seed, key));
    sqlite.close();
    expect(fromSqlite).toEqual(want);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const pgSql = pairs.map(({ seed, key }) => `SELECT ${warehouseSplitBucket(POSTGRES_DIALECT, seed, POSTGRES_DIALECT.text(key))} AS b`);
    const pgRes = (await client.query(pgSql.join(';\n'))) as unknown as pg.QueryResult[];
    await client.end();
    expect(pgRes.map((r) => Number((r.rows[0] as { b: string }).b))).toEqual(want);

    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    const fromDuck: number[] = [];
    for (const { seed, key } of pairs) {
      const rows = (await conn.runAndReadAll(`SELECT ${warehouseSplitBucket(DUCKDB_DIALECT, seed, DUCKDB_DIALECT.text(key))}`)).getRows();
      fromDuck.push(Number(rows[0]![0]));
    }
    conn.closeSync();
    duck.closeSync();
    expect(fromDuck).toEqual(want);
  }, 60_000);
});

describe('split groups printed as warehouse SQL', () => {
  it('give the reference evaluator members on PostgreSQL and DuckDB', async () => {
    const arbGroupDef = fc
      .record({
        seed: fc.string({ minLength: 1, maxLength: 12 }),
        percents: fc.constantFrom([50, 50], [10, 30, 60], [90, 10], [12.5, 37.5, 25, 25]),
        g: fc.nat(),
        parent: fc.constantFrom(...FIXTURE_SEGMENT_IDS),
      })
      .map(({ seed, percents, g, parent }): CompoundDefinition => ({
        kind: 'compound',
        version: 1,
        blocks: [
          {
            kind: 'segment',
            id: 'b1',
            combine: 'union',
            segmentId: parent,
            split: { seed, percents: [...percents], group: g % percents.length },
          },
        ],
      }));
    await fc.assert(
      fc.asyncProperty(
        arbCatalogAndDataset(),
        fc.array(arbGroupDef, { minLength: 10, maxLength: 10 }),
        async ({ dataset: raw, ctx }, defs) => {
          const dataset = await engines.load(raw);
          await engines.check(defs, dataset, ctx);
        },
      ),
      { numRuns: 8 },
    );
    expect(engines.cases.postgres).toBe(80);
    expect(engines.cases.duckdb).toBe(80);
  }, 180_000);
});
