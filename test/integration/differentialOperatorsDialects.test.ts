/**
 * The new query-language forms (expression rules, HOUR … MILLISECOND, anniversaries) on real
 * PostgreSQL 15 and DuckDB: the SQL `segment-studio sql --dialect postgres|duckdb` prints must give the
 * reference evaluator's members (dialectEngines.ts pushes each data set through `warehouse push`).
 * 1,600 definitions per engine per run (OPS_DIALECT_DATASETS × 64; SS_DEEP=1 runs 250 data sets).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbCatalogAndDataset, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { arbNewFormDefinition } from '../fixtures/expressionArbitraries.js';
import { startDialectEngines, type DialectEngines } from './dialectEngines.js';

const DATASETS = Number(process.env.OPS_DIALECT_DATASETS ?? (process.env.SS_DEEP ? 250 : 25));
const DEFS_PER_DATASET = 64;

let engines: DialectEngines;
beforeAll(async () => {
  engines = await startDialectEngines(fixtureCatalog());
}, 120_000);
afterAll(async () => {
  await engines?.close();
});

describe('new forms on PostgreSQL and DuckDB agree with the reference evaluator', () => {
  it(
    `${DATASETS} data sets x ${DEFS_PER_DATASET} definitions per engine`,
    async () => {
      const catalog = fixtureCatalog();
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbNewFormDefinition(catalog), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            const dataset = await engines.load(raw);
            await engines.check(defs, dataset, ctx);
          },
        ),
        { numRuns: DATASETS, endOnFailure: true, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(engines.cases.postgres).toBe(DATASETS * DEFS_PER_DATASET);
      expect(engines.cases.duckdb).toBe(DATASETS * DEFS_PER_DATASET);
    },
    Math.max(180_000, DATASETS * 4000),
  );
});
