/**
 * The engine API through the real backend dispatch: segments.estimate (on the worker), validate,
 * parseText and printText over a real store holding the fixture catalog and a random dataset.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EstimateResult, ParseTextResult } from '../../shared/api/contract/engine.js';
import type { DynamicDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { arbCatalogAndDataset, arbDefinition, fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { createFixtureStore, makeTempDir, removeTempDir, type FixtureStore } from './differentialStore.js';

let dir: string;
let store: FixtureStore;
let backend: Backend;
const [sample] = fc.sample(
  arbCatalogAndDataset().filter((s) => (s.dataset.entities.contact?.length ?? 0) >= 6),
  { numRuns: 1, seed: 3 },
);
if (!sample) throw new Error('no sample dataset');

beforeAll(async () => {
  dir = makeTempDir('segapi-');
  store = createFixtureStore(`${dir}/api.sqlite`, fixtureCatalog());
  store.load(sample.dataset);
  // The fixtures' segment blocks reference seg-a / seg-b: stored here as live static segments.
  for (const id of ['seg-a', 'seg-b']) {
    store.db
      .prepare(
        `INSERT INTO segments (id, name, name_lower, type, status, definition, created_at, modified_at) VALUES (?, ?, ?, 'static', 'live', '{"kind":"static","version":1}', 0, 0)`,
      )
      .run(id, id, id);
  }
  backend = await createBackend({ dbPath: store.file, host: 'test', now: () => sample.ctx.now });
});
afterAll(async () => {
  await backend.close();
  store.close();
  removeTempDir(dir);
});

const cityRule = (field: string): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field, operator: 'eq', values: ['Seattle'] }],
      },
    },
  ],
});

describe('engine API', () => {
  it('segments.estimate returns the exact total and per-block counts as of the given time', async () => {
    for (const def of fc.sample(arbDefinition(), { numRuns: 10, seed: 11 })) {
      const res = await backend.dispatch('segments.estimate', {
        definition: def,
        timeZone: sample.ctx.timeZone,
        now: new Date(sample.ctx.now).toISOString(),
      });
      if (!res.ok) throw new Error(`${res.error.message} ${JSON.stringify(res.error.issues)}`);
      const want = evaluateDefinition(def, sample.dataset, sample.ctx);
      expect(res.value).toMatchObject({
        total: want.members.size,
        blockCounts: want.blockCounts,
        estimated: true,
        asOf: new Date(sample.ctx.now).toISOString(),
      });
      expect((res.value as EstimateResult).durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('segments.estimate refuses an invalid definition with issues keyed by node id', async () => {
    const res = await backend.dispatch('segments.estimate', { definition: cityRule('no_such_field') });
    expect(res).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ nodeId: 'r1' }] } });
  });

  it('segments.estimate refuses an unknown time zone', async () => {
    const res = await backend.dispatch('segments.estimate', { definition: cityRule('address1_city'), timeZone: 'Mars/Olympus' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('segments.validate lists issues by node id, and none for a valid definition', async () => {
    expect(await backend.dispatch('segments.validate', { definition: cityRule('address1_city') })).toEqual({
      ok: true,
      value: { valid: true, issues: [] },
    });
    const bad = await backend.dispatch('segments.validate', { definition: cityRule('nope') });
    expect(bad).toMatchObject({ ok: true, value: { valid: false, issues: [{ nodeId: 'r1' }] } });
  });

  it('segments.parseText parses query text and reports errors with line and column', async () => {
    const good = await backend.dispatch('segments.parseText', { text: "PROFILE(contact).FILTER(address1_city == 'Seattle')" });
    expect(good.ok && (good.value as ParseTextResult).ok).toBe(true);
    const bad = await backend.dispatch('segments.parseText', { text: "PROFILE(contact)\n  .FILTER(address1_city === 'Seattle')" });
    expect(bad.ok).toBe(true);
    const value = (bad.ok ? bad.value : null) as ParseTextResult | null;
    expect(value?.ok).toBe(false);
    if (value && !value.ok)
      expect(value.errors[0]).toMatchObject({ line: 2, column: expect.any(Number) as number, message: expect.any(String) as string });
  });

  it('segments.printText prints text that parses back to the same meaning', async () => {
    const def = cityRule('address1_city');
    const printed = await backend.dispatch('segments.printText', { definition: def });
    if (!printed.ok) throw new Error(printed.error.message);
    const { text } = printed.value as { text: string };
    expect(text).toContain('Seattle');
    const parsed = await backend.dispatch('segments.parseText', { text });
    const value = (parsed.ok ? parsed.value : null) as ParseTextResult | null;
    if (!value?.ok) throw new Error(`round trip failed: ${JSON.stringify(value)}`);
    const a = await backend.dispatch('segments.estimate', { definition: def });
    const b = await backend.dispatch('segments.estimate', { definition: value.definition });
    expect(a.ok && b.ok && (a.value as EstimateResult).total === (b.value as EstimateResult).total).toBe(true);
  });
});
