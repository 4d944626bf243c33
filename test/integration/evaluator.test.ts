/**
 * The evaluator host and its real worker thread over a real SQLite file: estimates agree with the
 * reference evaluator, materialisation writes a diff in one transaction, superseded estimates are
 * cancelled, progress is reported.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../shared/api/result.js';
import type { DynamicDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { EventBus } from '../../electron/backend/events.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from './differentialStore.js';

let dir: string;
let store: FixtureStore;
let host: EvaluatorHost;
const events = new EventBus();
const seen: unknown[] = [];
events.onAny((name, payload) => {
  if (name === 'evaluation.progressed') seen.push(payload);
});

const [sample] = fc.sample(
  arbCatalogAndDataset().filter((s) => (s.dataset.entities.contact?.length ?? 0) >= 8 && s.dataset.interactions.length >= 10),
  { numRuns: 1, seed: 42 },
);
if (!sample) throw new Error('no sample dataset');
const defs = fc.sample(arbDefinition(), { numRuns: 25, seed: 7 });

beforeAll(() => {
  dir = makeTempDir('segeval-');
  store = createFixtureStore(`${dir}/eval.sqlite`, fixtureCatalog());
  store.load(sample.dataset);
  host = new EvaluatorHost({ dbPath: store.file, events });
});
afterAll(async () => {
  await host.close();
  store.close();
  removeTempDir(dir);
});

const insertSegment = (id: string, def: unknown, timeZone = 'UTC'): void => {
  store.db
    .prepare(
      `INSERT INTO segments (id, name, name_lower, type, status, time_zone, definition, created_at, modified_at) VALUES (?, ?, ?, 'dynamic', 'live', ?, ?, 0, 0)`,
    )
    .run(id, id, id, timeZone, JSON.stringify(def));
};

describe('evaluator host (worker thread)', () => {
  it('estimates exactly what the reference evaluator computes, per block and in total', async () => {
    for (const def of defs) {
      const want = evaluateDefinition(def, sample.dataset, sample.ctx);
      const got = await host.estimate({ definition: def, timeZone: sample.ctx.timeZone, now: sample.ctx.now });
      expect({ total: got.total, blockCounts: got.blockCounts }).toEqual({ total: want.members.size, blockCounts: want.blockCounts });
    }
    expect(seen.length).toBeGreaterThan(0);
  });

  it('materialises members in one transaction and reports the diff', async () => {
    const def = defs.find((d) => evaluateDefinition(d, sample.dataset, sample.ctx).members.size > 0) as DynamicDefinition;
    insertSegment('mat-1', def, sample.ctx.timeZone);
    const want = [...evaluateDefinition(def, sample.dataset, sample.ctx).members].sort((a, b) => a - b);
    const first = await host.materialise('mat-1', sample.ctx.now);
    expect(first).toMatchObject({ segmentId: 'mat-1', size: want.length, added: want.length, removed: 0 });
    const stored = store.db
      .prepare(`SELECT contact_rid FROM segment_members WHERE segment_id = 'mat-1' ORDER BY contact_rid`)
      .pluck()
      .all();
    expect(stored).toEqual(want);
    expect(await host.materialise('mat-1', sample.ctx.now)).toMatchObject({ size: want.length, added: 0, removed: 0 });
    // A stale member (not in the result) is removed by the next run; nothing else changes.
    store.db.prepare(`INSERT INTO segment_members (segment_id, contact_rid) VALUES ('mat-1', 999999)`).run();
    expect(await host.materialise('mat-1', sample.ctx.now)).toMatchObject({ size: want.length, added: 0, removed: 1 });
    expect(loadDataset(store.db).segmentMembers['mat-1']).toEqual(want);
  });

  it('refuses to materialise a segment that does not exist, changing nothing', async () => {
    await expect(host.materialise('nope', sample.ctx.now)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('cancels an estimate superseded while it waits in the queue', async () => {
    const def = defs[0] as DynamicDefinition;
    const job = { definition: def, timeZone: 'UTC', now: sample.ctx.now };
    const blocker = host.materialise('mat-1', sample.ctx.now);
    const older = host.estimate(job, 'editor').catch((err: unknown) => err);
    const newer = host.estimate(job, 'editor');
    await blocker;
    const olderOutcome = await older;
    expect(olderOutcome).toBeInstanceOf(ApiFailure);
    expect(olderOutcome).toMatchObject({ code: 'cancelled' });
    expect((await newer).total).toBe(evaluateDefinition(def, sample.dataset, { now: sample.ctx.now, timeZone: 'UTC' }).members.size);
  });

  it('starts the worker ahead of the first job on request', async () => {
    const early = new EvaluatorHost({ dbPath: store.file });
    await early.warmUp();
    expect(early.pending).toBe(0);
    expect(await early.members({ sql: 'SELECT 1 AS rid', params: [] })).toEqual([1]);
    await early.close();
    await expect(early.members({ sql: 'SELECT 1 AS rid', params: [] })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('returns compiled member queries as rids', async () => {
    const rids = await host.members({ sql: 'SELECT rid FROM ent_contact WHERE rid <= ?', params: [3] });
    expect(rids).toEqual([1, 2, 3]);
  });

  it('fails a broken query with an error and keeps serving later jobs', async () => {
    await expect(host.members({ sql: 'SELECT nope FROM nowhere', params: [] })).rejects.toMatchObject({ code: 'internal' });
    expect(await host.members({ sql: 'SELECT 7 AS rid', params: [] })).toEqual([7]);
  });
});
