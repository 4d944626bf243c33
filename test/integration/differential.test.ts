/**
 * The differential test: random definitions over random small data sets must give IDENTICAL member
 * sets from the compiled SQL on real SQLite and from the reference evaluator (shared/segments/evaluate.ts,
 * the executable spec). The data reaches SQLite through the real import path (CSV files → import
 * service, differentialImport.ts); the evaluator sees it as docs/storage.md says the import stores it. Every definition runs twice: with the contact_type_stats strategy and with the
 * raw interaction log, so both interaction strategies are checked against the spec. It also runs
 * through the worker's columnar engine (its own connection, told about each reload as an import
 * would tell it), which must give the same members and per-block counts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { Dataset, EvalContext } from '../../shared/segments/dataset.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { compileBlocks, compileDefinition } from '../../electron/backend/segments/compile.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { createFixtureStore, makeTempDir, removeTempDir } from './differentialStore.js';
import { canonicalDataset, createImportStore, type ImportStore } from './differentialImport.js';
import { runStepCounts } from '../../electron/backend/evaluator/steps.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { ColumnarEngine } from '../../electron/backend/evaluator/columnar/engine.js';
import { evaluateColumnar } from '../../electron/backend/evaluator/columnar/evaluateColumnar.js';
import { bitsToArray } from '../../electron/backend/evaluator/columnar/bitset.js';

// One import per dataset, many definitions per import (SS_DEEP=1 or DIFF_DATASETS for a deeper search).
const DATASETS = Number(process.env.DIFF_DATASETS ?? (process.env.SS_DEEP ? 400 : 60));
const DEFS_PER_DATASET = 40;

let dir: string;
let store: ImportStore;
/** The columnar engine's own connection, as in the worker. */
let workerDb: Db;
let engine: ColumnarEngine;

beforeAll(() => {
  dir = makeTempDir('segdiff-');
  store = createImportStore(`${dir}/diff.sqlite`, fixtureCatalog(), (change) => engine.applyChange(change));
  workerDb = openDatabase(store.file, { skipMigrations: true });
  engine = new ColumnarEngine(workerDb);
});
afterAll(() => {
  workerDb.close();
  store.close();
  removeTempDir(dir);
});

const sorted = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

/** A failure message a human can act on: context, definition, the differing contacts and their data. */
function describeMismatch(
  def: SegmentDefinition,
  data: Dataset,
  ctx: EvalContext,
  sql: string,
  expected: number[],
  actual: number[],
  variant: string,
): string {
  const onlySql = actual.filter((r) => !expected.includes(r));
  const onlyEval = expected.filter((r) => !actual.includes(r));
  const involved = new Set([...onlySql, ...onlyEval]);
  const contacts = (data.entities.contact ?? []).filter((c) => involved.has(c.rid));
  return [
    `SQL (${variant}) and the reference evaluator disagree.`,
    `context: now=${new Date(ctx.now).toISOString()} timeZone=${ctx.timeZone}`,
    `definition: ${JSON.stringify(def)}`,
    `only in SQL: [${onlySql.join(', ')}]  only in evaluator: [${onlyEval.join(', ')}]`,
    `those contacts: ${JSON.stringify(contacts)}`,
    `their interactions: ${JSON.stringify(data.interactions.filter((i) => involved.has(i.contactRid)))}`,
    `related accounts: ${JSON.stringify(data.entities.account)}`,
    `related opportunities: ${JSON.stringify(data.entities.opportunity)}`,
    `sql: ${sql}`,
  ].join('\n');
}

let cases = 0;
let columnarCases = 0;
let columnarBlocks = 0;

/** The store deleted every row before importing (no app path does that): every entity and type changed. */
function reportReload(): void {
  for (const e of store.storage.entities.values()) engine.applyChange({ kind: 'profile', entity: e.name, fields: [], rids: 'many' });
  engine.applyChange({ kind: 'interactions', types: [...store.storage.interactionTypes.values()].map((t) => t.name), contactRids: 'many' });
  // The fixture rewrites segment_members directly, which no app path does (membership goes through
  // the membership writer, whose evaluation log is the cache's token): forget them explicitly.
  engine.forgetMembers();
}

/** The columnar engine's members and counts must equal the reference evaluator's. */
function checkColumnar(def: SegmentDefinition, dataset: Dataset, ctx: EvalContext, want: number[], wantCounts: number[]): void {
  engine.beginJob();
  const blocks = compileBlocks(def, engine.storage, ctx);
  const got = evaluateColumnar(workerDb, engine, def, ctx, blocks);
  const members = bitsToArray(got.members);
  if (JSON.stringify(members) !== JSON.stringify(want))
    throw new Error(describeMismatch(def, dataset, ctx, '(columnar)', want, members, 'columnar'));
  if (JSON.stringify(got.blockCounts) !== JSON.stringify(wantCounts) || got.total !== want.length) {
    throw new Error(
      `Per-block counts differ (columnar): ${JSON.stringify(got.blockCounts)} vs evaluator ${JSON.stringify(wantCounts)}\ndefinition: ${JSON.stringify(def)}`,
    );
  }
  // Only the designed fallback may run as SQL: an error in the columnar code must not hide behind it.
  for (const b of got.sqlBlocks) expect(b.reason).toMatch(/interaction filter \/ aggregate/);
  columnarBlocks += (def.kind === 'static' ? 0 : def.blocks.length) - got.sqlBlocks.length;
  columnarCases++;
}

describe('compiled SQL agrees with the reference evaluator', () => {
  it(
    `gives identical member sets and per-block counts (${DATASETS} datasets x ${DEFS_PER_DATASET} definitions x 2 strategies)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          arbCatalogAndDataset(),
          fc.array(arbDefinition(), { minLength: DEFS_PER_DATASET, maxLength: DEFS_PER_DATASET }),
          async ({ dataset: raw, ctx }, defs) => {
            await store.load(raw);
            reportReload();
            const dataset = canonicalDataset(raw);
            for (const def of defs) {
              const expected = evaluateDefinition(def, dataset, ctx);
              const want = sorted(expected.members);
              checkColumnar(def, dataset, ctx, want, expected.blockCounts);
              for (const useTypeStats of [true, false]) {
                const variant = useTypeStats ? 'with contact_type_stats' : 'raw log';
                const { sql, params } = compileDefinition(def, store.storage, ctx, { useTypeStats });
                const got = sorted(store.db.prepare(sql).pluck().all(params) as number[]);
                if (JSON.stringify(got) !== JSON.stringify(want))
                  throw new Error(describeMismatch(def, dataset, ctx, sql, want, got, variant));
                const steps = runStepCounts(store.db, compileBlocks(def, store.storage, ctx, { useTypeStats }));
                if (JSON.stringify(steps.blockCounts) !== JSON.stringify(expected.blockCounts) || steps.total !== want.length) {
                  throw new Error(
                    `Per-block counts differ (${variant}): SQL ${JSON.stringify(steps.blockCounts)} vs evaluator ${JSON.stringify(expected.blockCounts)}\ndefinition: ${JSON.stringify(def)}`,
                  );
                }
                cases++;
              }
            }
          },
        ),
        { numRuns: DATASETS, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
      );
      expect(cases).toBe(DATASETS * DEFS_PER_DATASET * 2);
      expect(columnarCases).toBe(DATASETS * DEFS_PER_DATASET);
      expect(columnarBlocks).toBeGreaterThan(DATASETS * DEFS_PER_DATASET); // most blocks really ran columnar
    },
    Math.max(60_000, DATASETS * 1000),
  ); // DIFF_DATASETS can raise the run for a deeper search

  it('stores what docs/storage.md says: the data read back (loadDataset) equals the canonical dataset', async () => {
    await fc.assert(
      fc.asyncProperty(arbCatalogAndDataset(), arbDefinition(), async ({ dataset: raw, ctx }, def) => {
        await store.load(raw);
        const want = canonicalDataset(raw);
        const loaded = loadDataset(store.db);
        for (const [name, rows] of Object.entries(want.entities)) {
          const fields = want.catalog.entities.find((e) => e.name === name)?.fields ?? [];
          const got = (loaded.entities[name] ?? []).map((r) => ({
            rid: r.rid,
            key: r.key,
            values: Object.fromEntries(fields.map((f) => [f.name.toLowerCase(), r.values[f.name.toLowerCase()] ?? null])),
          }));
          const expected = rows.map((r) => ({
            rid: r.rid,
            key: r.key,
            values: Object.fromEntries(fields.map((f) => [f.name.toLowerCase(), r.values[f.name.toLowerCase()] ?? null])),
          }));
          expect(got).toEqual(expected);
        }
        expect(loaded.interactions.length).toBe(want.interactions.length);
        expect(sorted(evaluateDefinition(def, loaded, ctx).members)).toEqual(sorted(evaluateDefinition(def, want, ctx).members));
      }),
      { numRuns: 40 },
    );
  });

  it("agrees on stored forms an import never writes ('[]', untrimmed or duplicate elements, empty or padded text)", () => {
    // Older databases and other writers may hold them: the store writes the raw dataset through the
    // one writer of stored values, without the import's normalisation.
    const raw = createFixtureStore(`${dir}/raw.sqlite`, fixtureCatalog());
    try {
      fc.assert(
        fc.property(arbCatalogAndDataset(), fc.array(arbDefinition(), { minLength: 20, maxLength: 20 }), ({ dataset, ctx }, defs) => {
          raw.load(dataset);
          for (const def of defs) {
            const want = sorted(evaluateDefinition(def, dataset, ctx).members);
            const { sql, params } = compileDefinition(def, raw.storage, ctx);
            const got = sorted(raw.db.prepare(sql).pluck().all(params) as number[]);
            if (JSON.stringify(got) !== JSON.stringify(want))
              throw new Error(describeMismatch(def, dataset, ctx, sql, want, got, 'raw stored forms'));
          }
        }),
        { numRuns: Math.max(10, Math.round(DATASETS / 4)) },
      );
    } finally {
      raw.close();
    }
  });
});
