/**
 * Hand-made engine cases beside the random differential (differentialDialects.test.ts), where random
 * data rarely lands exactly on a boundary: every relative-date form (in the last / in the next / ago,
 * days / months / years, date and datetime fields) and interaction windows, with values 1 ms either
 * side of each local day start, evaluated 1 ms and 1 hour around real DST transitions of zones with
 * 30-minute shifts, skipped and repeated midnights (dstInstants.ts); the left-to-right order of set
 * operators where SQL's own precedence would differ; accent and case folding. Each case runs the SQL
 * `segment-studio sql` prints on real PostgreSQL and DuckDB and must equal the reference evaluator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, DateUnit, DynamicDefinition, RuleNode } from '../../shared/segments/ast.js';
import type { Dataset, EntityRecord, EvalContext, InteractionRecord } from '../../shared/segments/dataset.js';
import { addDays, interactionWindowStart, localDay, shiftDay, zonedDayStart } from '../../shared/segments/dates.js';
import { fixtureCatalog } from '../fixtures/segmentArbitraries.js';
import { DST_TRANSITIONS, DST_ZONES } from '../fixtures/dstInstants.js';
import { startDialectEngines, type DialectEngines } from './dialectEngines.js';

let engines: DialectEngines;
beforeAll(async () => {
  engines = await startDialectEngines(fixtureCatalog());
}, 120_000);
afterAll(async () => {
  await engines?.close();
});

const UNITS: DateUnit[] = ['days', 'months', 'years'];
const OFFSETS = [-1, 0, 1];

/** Days whose starts are boundaries of some relative rule as of `today`. */
function boundaryDays(today: string): string[] {
  const days = new Set<string>();
  for (const n of [0, 1, 2, 7, 8, 30, 31]) {
    days.add(addDays(today, n));
    days.add(addDays(today, -n));
  }
  for (const unit of ['months', 'years'] as const) {
    for (const n of [-2, -1, 1, 2]) {
      const d = shiftDay(today, n, unit);
      days.add(d);
      days.add(addDays(d, 1));
      days.add(`${d.slice(0, 8)}01`); // month start
      days.add(addDays(`${d.slice(0, 8)}01`, -1));
      days.add(`${d.slice(0, 5)}01-01`); // year start
      days.add(addDays(`${d.slice(0, 5)}01-01`, -1));
    }
  }
  return [...days].sort();
}

/** Contacts with createdon 1 ms around each boundary day's start (and birthdate that day), one interaction each. */
function boundaryDataset(ctx: EvalContext): Dataset {
  const today = localDay(ctx.now, ctx.timeZone);
  const contacts: EntityRecord[] = [];
  const interactions: InteractionRecord[] = [];
  const add = (createdon: number, birthdate: string | null, ts: number): void => {
    const rid = contacts.length + 1;
    contacts.push({ rid, key: `c${rid}`, values: { createdon, birthdate } });
    interactions.push({ type: 'EmailOpened', contactRid: rid, ts, values: {} });
  };
  for (const day of boundaryDays(today)) for (const e of OFFSETS) add(zonedDayStart(day, ctx.timeZone) + e, day, ctx.now + e);
  for (const e of [-1, 0, 1]) add(ctx.now + e, null, ctx.now + e);
  // Interaction window starts (days: N×24 h; months/years: UTC calendar), 1 ms either side.
  for (const w of [1, 7, 30]
    .map((amount) => ({ kind: 'last' as const, amount, unit: 'days' as const }))
    .concat([
      { kind: 'last', amount: 1, unit: 'months' as never },
      { kind: 'last', amount: 2, unit: 'months' as never },
      { kind: 'last', amount: 1, unit: 'years' as never },
    ])) {
    const start = interactionWindowStart(w, ctx.now) ?? 0;
    for (const e of OFFSETS) add(start + e, null, start + e);
  }
  return { catalog: fixtureCatalog(), entities: { contact: contacts, account: [], opportunity: [] }, interactions, segmentMembers: {} };
}

let nid = 0;
const rule = (field: string, r: Omit<RuleNode, 'kind' | 'id' | 'field'>): RuleNode => ({ kind: 'rule', id: `r${++nid}`, field, ...r });
const profile = (root: RuleNode[], combine: Block['combine'] = 'union'): Block => ({
  kind: 'profile',
  id: `b${++nid}`,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `g${++nid}`, combinator: 'and', children: root },
});
const dyn = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });

function relativeDefinitions(): DynamicDefinition[] {
  const out: DynamicDefinition[] = [];
  for (const field of ['createdon', 'birthdate'])
    for (const operator of ['inTheLast', 'inTheNext', 'ago'] as const)
      for (const amount of [0, 1, 2, 7, 30]) for (const unit of UNITS) out.push(dyn(profile([rule(field, { operator, amount, unit })])));
  for (const [amount, unit] of [
    [1, 'days'],
    [7, 'days'],
    [30, 'days'],
    [1, 'months'],
    [2, 'months'],
    [1, 'years'],
  ] as const) {
    out.push(
      dyn({
        kind: 'interaction',
        id: `b${++nid}`,
        combine: 'union',
        interactionType: 'EmailOpened',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'last', amount, unit },
      }),
    );
  }
  return out;
}

/**
 * "now" around each zone's 2026 transitions: one of 1 ms before, at, 1 hour after, 1 hour before per
 * transition (rotating), all four with SS_DEEP=1 — each context costs a push and ~100 queries per engine.
 */
function dstContexts(): EvalContext[] {
  const offsets = [-1, 3_600_000, 0, -3_600_000];
  const out: EvalContext[] = [];
  let n = 0;
  for (const timeZone of DST_ZONES) {
    const ts = (DST_TRANSITIONS.get(timeZone) ?? []).filter((t) => new Date(t).getUTCFullYear() === 2026);
    for (const t of ts) {
      const chosen = process.env.SS_DEEP ? offsets : [offsets[n++ % offsets.length] ?? 0];
      for (const o of chosen) out.push({ timeZone, now: t + o });
    }
  }
  return out;
}

describe('hand-made cases on real PostgreSQL and DuckDB', () => {
  it('relative dates and interaction windows agree 1 ms around every boundary, around DST changes', async () => {
    const defs = relativeDefinitions();
    const contexts = dstContexts();
    expect(contexts.length).toBeGreaterThanOrEqual(DST_ZONES.length * 2);
    for (const ctx of contexts) {
      const dataset = await engines.load(boundaryDataset(ctx));
      await engines.check(defs, dataset, ctx);
    }
    expect(engines.cases.postgres).toBeGreaterThanOrEqual(contexts.length * defs.length);
  }, 240_000);

  it('chains set operators left to right where SQL precedence would group them otherwise, and folds accents and case', async () => {
    const ctx: EvalContext = { now: Date.parse('2026-03-15T12:00:00Z'), timeZone: 'UTC' };
    const city = ['Malmö', 'MALMO', 'Straße', 'STRASSE', 'Ærø', 'İstanbul', null];
    const raw: Dataset = {
      catalog: fixtureCatalog(),
      entities: {
        contact: city.map((c, i) => ({ rid: i + 1, key: `k${i + 1}`, values: { address1_city: c, fullname: `k${i + 1}` } })),
        account: [],
        opportunity: [],
      },
      interactions: [],
      segmentMembers: {},
    };
    const dataset = await engines.load(raw);
    const key = (k: string): RuleNode => rule('fullname', { operator: 'eq', values: [k] });
    const cityIs = (v: string): RuleNode => rule('address1_city', { operator: 'eq', values: [v] });
    const defs = [
      // ({k1} ∪ {k2}) ∩ {k2} = {k2}; with INTERSECT binding tighter it would be {k1, k2}.
      dyn(profile([key('k1')]), profile([key('k2')]), profile([key('k2')], 'intersect')),
      // ({k1} \ {k1}) ∪ {k2} = {k2}; grouped right it would be {k1} \ ({k1} ∪ {k2}) = {}.
      dyn(profile([key('k1')]), profile([key('k1')], 'except'), profile([key('k2')])),
      dyn(profile([cityIs('malmo')])),
      dyn(profile([cityIs('strasse')])),
      dyn(profile([cityIs('AERO')])),
      dyn(profile([cityIs('istanbul')])),
      dyn(profile([rule('address1_city', { operator: 'ne', values: ['malmö'] })])),
      dyn(profile([rule('address1_city', { operator: 'contains', values: ['SS'] })])),
    ];
    await engines.check(defs, dataset, ctx);
    expect(engines.cases.duckdb).toBeGreaterThanOrEqual(defs.length);
  }, 120_000);
});
