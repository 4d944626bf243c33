/**
 * The engine differential: random definitions over random data sets, pushed from a real desktop store
 * (CSV files → the real import → `warehouse push`'s own COPY / appender code) to a REAL PostgreSQL 15
 * server and a real DuckDB database, must give on each engine — running the exact text
 * `segment-studio sql --dialect postgres|duckdb` prints (exportSegmentSql) — the members the reference
 * evaluator gives (shared/segments/evaluate.ts): NULLs, case and accent folding, multi-choice, time
 * zones across DST changes (arbEvalContext draws contexts around dstInstants.ts transitions), related
 * groups both ways and left-to-right set order included. differentialDialectsCases.test.ts adds
 * hand-made cases (every relative-date form around DST changes, set order, folding).
 *
 * ≥ 2,000 cases per engine per run (DIALECT_DATASETS × 40); SS_DEEP=1 runs 10× more. PostgreSQL missing
 * is a failure (test/support/postgres.ts), never a silent pass.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { startDialectEngines, type DialectEngines } from './dialectEngines.js';

const DATASETS = Number(process.env.DIALECT_DATASETS ?? (process.env.SS_DEEP ? 500 : 50));
const DEFS_PER_DATASET = 40;

let engines: DialectEngines;
beforeAll(async () => {
  engines = await startDialectEngines(fixtureCatalog());
}, 120_000);
afterAll(async () => {
  await engines?.close();
});

describe('printed SQL on real PostgreSQL and DuckDB agrees with the reference evaluator', () => {
  it(
    `gives identical member keys (${DATASETS} datasets x ${DEFS_PER_DATASET} definitions per engine)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbDefinition(), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            const dataset = await engines.load(raw);
            await engines.check(defs, dataset, ctx);
          },
        ),
        { numRuns: DATASETS, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(engines.cases.postgres).toBe(DATASETS * DEFS_PER_DATASET);
      expect(engines.cases.duckdb).toBe(DATASETS * DEFS_PER_DATASET);
    },
    Math.max(120_000, DATASETS * 3000),
  );
});
