/**
 * Differential test of the query-language forms added in session 6: every definition holds at least
 * one of them — two fields of one record compared, arithmetic + - * / on numbers (NULL propagation,
 * division by zero), HOUR … MILLISECOND relative dates (DST contexts included), anniversary rules
 * (29 February, leap and other years) — at the contact and through related entities. The reference
 * evaluator, the compiled SQL on real SQLite (data through the real import path) and the columnar
 * engine must give identical members and per-block counts.
 *
 * 3,200 definitions per run (50 data sets × 64); OPS_DATASETS or SS_DEEP=1 (400 data sets) search deeper.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConditionNode, RuleNode } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { validateDefinition } from '../../shared/segments/validate.js';
import { compileBlocks, compileDefinition } from '../../electron/backend/segments/compile.js';
import { arbCatalogAndDataset, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { arbNewFormDefinition, newFormOf } from '../fixtures/expressionArbitraries.js';
import { makeTempDir, removeTempDir } from './differentialStore.js';
import { canonicalDataset, createImportStore, type ImportStore } from './differentialImport.js';
import { runStepCounts } from '../../electron/backend/evaluator/steps.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { ColumnarEngine } from '../../electron/backend/evaluator/columnar/engine.js';
import { evaluateColumnar } from '../../electron/backend/evaluator/columnar/evaluateColumnar.js';
import { bitsToArray } from '../../electron/backend/evaluator/columnar/bitset.js';

const DATASETS = Number(process.env.OPS_DATASETS ?? (process.env.SS_DEEP ? 400 : 50));
const DEFS_PER_DATASET = 64;

let dir: string;
let store: ImportStore;
let workerDb: Db;
let engine: ColumnarEngine;

beforeAll(() => {
  dir = makeTempDir('segops-');
  store = createImportStore(`${dir}/ops.sqlite`, fixtureCatalog(), (change) => engine.applyChange(change));
  workerDb = openDatabase(store.file, { skipMigrations: true });
  engine = new ColumnarEngine(workerDb);
});
afterAll(() => {
  workerDb.close();
  store.close();
  removeTempDir(dir);
});

function rulesOf(c: ConditionNode): RuleNode[] {
  return c.kind === 'rule' ? [c] : c.children.flatMap(rulesOf);
}

const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

describe('new query-language forms: evaluator, SQL and columnar agree', () => {
  it(
    `${DATASETS} data sets x ${DEFS_PER_DATASET} definitions: zero disagreements`,
    async () => {
      const catalog = fixtureCatalog();
      const seen = { field: 0, arithmetic: 0, clock: 0, anniversary: 0 };
      let cases = 0;
      let nonEmpty = 0;
      let partial = 0;
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbNewFormDefinition(catalog), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            await store.load(raw);
            for (const e of store.storage.entities.values())
              engine.applyChange({ kind: 'profile', entity: e.name, fields: [], rids: 'many' });
            engine.forgetMembers();
            const dataset = canonicalDataset(raw);
            const contacts = dataset.entities.contact?.length ?? 0;
            for (const def of defs) {
              const issues = validateDefinition(def, catalog);
              if (issues.length > 0) throw new Error(`Generated an invalid definition: ${JSON.stringify(issues)}\n${JSON.stringify(def)}`);
              for (const b of def.blocks)
                if (b.kind === 'profile')
                  for (const r of rulesOf(b.root)) {
                    const form = newFormOf(r);
                    if (form) seen[form]++;
                  }
              const expected = evaluateDefinition(def, dataset, ctx);
              const want = sorted(expected.members);
              const context = `now=${new Date(ctx.now).toISOString()} zone=${ctx.timeZone}\ndefinition: ${JSON.stringify(def)}\ndata: ${JSON.stringify(dataset.entities)}`;
              const { sql, params } = compileDefinition(def, store.storage, ctx);
              const got = sorted(store.db.prepare(sql).pluck().all(params) as number[]);
              if (JSON.stringify(got) !== JSON.stringify(want))
                throw new Error(`SQL ${JSON.stringify(got)} vs evaluator ${JSON.stringify(want)}\n${context}\nsql: ${sql}`);
              const steps = runStepCounts(store.db, compileBlocks(def, store.storage, ctx));
              expect(steps.blockCounts).toEqual(expected.blockCounts);
              engine.beginJob();
              const col = evaluateColumnar(workerDb, engine, def, ctx, compileBlocks(def, store.storage, ctx));
              const members = bitsToArray(col.members);
              if (JSON.stringify(members) !== JSON.stringify(want))
                throw new Error(`columnar ${JSON.stringify(members)} vs evaluator ${JSON.stringify(want)}\n${context}`);
              // Every block ran on the columns: no new form falls back to SQL.
              expect(col.sqlBlocks).toEqual([]);
              cases++;
              if (want.length > 0) nonEmpty++;
              if (want.length > 0 && want.length < contacts) partial++;
            }
          },
        ),
        { numRuns: DATASETS, endOnFailure: true, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(cases).toBe(DATASETS * DEFS_PER_DATASET);
      // The forms really ran, and the cases discriminate (some members, not all).
      for (const [form, n] of Object.entries(seen)) expect(n, form).toBeGreaterThan(cases / 20);
      expect(nonEmpty).toBeGreaterThan(cases / 10);
      expect(partial).toBeGreaterThan(cases / 20);
    },
    Math.max(120_000, DATASETS * 2000),
  );
});
