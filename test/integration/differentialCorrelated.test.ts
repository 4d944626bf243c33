/**
 * The differential test for the re-check shape of the compiler: related groups compiled as correlated
 * EXISTS probes (`correlatedRelated`), and the live refresher's one-contact statement built on it
 * (`LiveEngine.compileForContact`: per-contact index pins, `… WHERE rid = ?`). Random definitions over
 * random data sets must give exactly the reference evaluator's members — as a whole query, and
 * contact by contact through the refresher's statement — and step-by-step evaluation (whose EXCEPT /
 * INTERSECT against segment blocks probe the stored members, evaluator/steps.ts). The data goes in
 * through the real import path (CSV → import service, differentialImport.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { EvalContext } from '../../shared/segments/dataset.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { compileBlocks, compileDefinition } from '../../electron/backend/segments/compile.js';
import { runStepCounts, STEP_TABLE } from '../../electron/backend/evaluator/steps.js';
import { createLiveEngine } from '../../electron/backend/live/liveEngine.js';
import type { LiveEngine } from '../../electron/backend/live/liveEngine.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { makeTempDir, removeTempDir } from './differentialStore.js';
import { canonicalDataset, createImportStore, type ImportStore } from './differentialImport.js';

// One import per dataset, many definitions per import (SS_DEEP=1 or DIFF_DATASETS for a deeper search).
const DATASETS = Number(process.env.DIFF_DATASETS ?? (process.env.SS_DEEP ? 150 : 30));
const DEFS_PER_DATASET = 30;

let dir: string;
let store: ImportStore;
let engine: LiveEngine;

beforeAll(() => {
  dir = makeTempDir('segdiffcorr-');
  store = createImportStore(`${dir}/diff.sqlite`, fixtureCatalog());
  engine = createLiveEngine(store.db);
});
afterAll(() => {
  store.close();
  removeTempDir(dir);
});

const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

function mismatch(what: string, def: SegmentDefinition, ctx: EvalContext, sql: string, want: number[], got: number[]): Error {
  return new Error(
    [
      `${what} disagrees with the reference evaluator.`,
      `context: now=${new Date(ctx.now).toISOString()} timeZone=${ctx.timeZone}`,
      `definition: ${JSON.stringify(def)}`,
      `only in SQL: [${got.filter((r) => !want.includes(r)).join(', ')}]  only in evaluator: [${want.filter((r) => !got.includes(r)).join(', ')}]`,
      `sql: ${sql}`,
    ].join('\n'),
  );
}

describe('correlated related groups and the one-contact re-check agree with the reference evaluator', () => {
  it(
    `gives identical members (${DATASETS} datasets x ${DEFS_PER_DATASET} definitions, whole query and contact by contact)`,
    async () => {
      let cases = 0;
      let contactsChecked = 0;
      let relatedCases = 0;
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbDefinition(), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            await store.load(raw);
            const dataset = canonicalDataset(raw);
            const rids = (dataset.entities.contact ?? []).map((c) => c.rid);
            for (const def of defs) {
              const want = sorted(evaluateDefinition(def, dataset, ctx).members);
              if (JSON.stringify(def).includes('"related"')) relatedCases++;
              // The whole query with correlated probes, on both interaction strategies.
              for (const useTypeStats of [true, false]) {
                const { sql, params } = compileDefinition(def, store.storage, ctx, {
                  useTypeStats,
                  correlatedRelated: true,
                  correlatedSegments: true,
                });
                const got = sorted(store.db.prepare(sql).pluck().all(params) as number[]);
                if (JSON.stringify(got) !== JSON.stringify(want))
                  throw mismatch(`Correlated SQL (${useTypeStats ? 'stats' : 'raw log'})`, def, ctx, sql, want, got);
              }
              // Step-by-step evaluation (EXCEPT / INTERSECT of segment blocks probe the stored members).
              const steps = runStepCounts(store.db, compileBlocks(def, store.storage, ctx));
              const stepMembers = sorted(store.db.prepare(`SELECT rid FROM ${STEP_TABLE}`).pluck().all() as number[]);
              if (JSON.stringify(stepMembers) !== JSON.stringify(want) || steps.total !== want.length)
                throw mismatch('Step evaluation', def, ctx, '(steps)', want, stepMembers);
              // The refresher's statement, one contact at a time.
              const q = engine.compileForContact(def, ctx.timeZone, ctx.now);
              const check = store.db.prepare(q.sql);
              const got = sorted(rids.filter((rid) => check.get(...q.params, rid) !== undefined));
              contactsChecked += rids.length;
              if (JSON.stringify(got) !== JSON.stringify(want)) throw mismatch('The one-contact re-check', def, ctx, q.sql, want, got);
              cases++;
            }
          },
        ),
        { numRuns: DATASETS, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(cases).toBe(DATASETS * DEFS_PER_DATASET);
      // The arbitraries must actually exercise related groups and contacts, or this test proves nothing.
      expect(relatedCases).toBeGreaterThan(DATASETS);
      expect(contactsChecked).toBeGreaterThan(DATASETS * DEFS_PER_DATASET);
    },
    Math.max(60_000, DATASETS * 2000),
  );
});
