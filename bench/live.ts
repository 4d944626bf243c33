/**
 * Live part (issue 5): incremental update costs at full size with the benchmark segments live.
 *  - a profile edit of one contact (contacts.update: city + lifetime value) and
 *  - one new interaction for one contact (a one-row CSV through the real import service),
 * each timed from the change until `live.whenIdle()` says membership is current; plus the bare
 * per-contact re-check of each live segment (the refresher's `matchingAmong`) per segment.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from '../electron/backend/index.js';
import { sfc32 } from '../electron/backend/demo/prng.js';
import type { DynamicDefinition } from '../shared/segments/ast.js';
import type { SegmentDefinition } from '../shared/segments/ast.js';
import { CACHE, NOW_MS } from './data.js';
import { liveSegment } from './engine.js';
import { LagMonitor, median, percentile } from './stats.js';

export interface ChangeStats {
  kind: string;
  changes: number;
  /** Change → membership current (ms). */
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** Per-contact segment re-checks the refresher did per change (from the evaluation log). */
  recheckedSegmentsPerChange: number;
  /** medianMs / rechecked segments. */
  perSegmentMs: number;
  lagMaxMs: number;
}

export interface RecheckStats {
  segment: string;
  medianMs: number;
  p99Ms: number;
}

export interface LiveResult {
  liveSegments: number;
  profileEdit: ChangeStats;
  /** Through the import service (a one-row CSV): what the app offers for adding interactions. */
  newInteraction: ChangeStats;
  /** Of `newInteraction`: the import service alone, from start until `imports.wait` resolves (before members are current). */
  newInteractionImportOnly: { medianMs: number; p99Ms: number };
  /** The same change written the way an import batch commits it, then the data-change hook: the live engine's own cost. */
  newInteractionDirect: ChangeStats;
  recheck: RecheckStats[];
}

/** Lets the event loop turn between changes, so the lag monitor samples (and a UI would get a turn). */
const yieldLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

const CITIES = [
  'San Francisco',
  'Seattle',
  'London',
  'Berlin',
  'Paris',
  'Madrid',
  'Chicago',
  'Boston',
  'Austin',
  'Dublin',
  'Lyon',
  'Hamburg',
];

/** Extra live profile segments (city = X and lifetime value > k), so an edit touches many segments (also the feel part's). */
export function extraDefinition(i: number): DynamicDefinition {
  return {
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
          children: [
            { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [CITIES[i % CITIES.length] ?? 'Seattle'] },
            { kind: 'rule', id: 'r2', field: 'lifetimevalue', operator: 'gt', values: [i] },
          ],
        },
      },
    ],
  };
}

function rechecksSoFar(backend: Backend): number {
  return backend.db
    .prepare(
      `SELECT COALESCE(sum(e.contacts_checked), 0) FROM segment_evaluations e JOIN segments s ON s.id = e.segment_id WHERE s.name LIKE 'bench:%' AND e.scope = 'contacts'`,
    )
    .pluck()
    .get() as number;
}

/**
 * `liveTimes` (optional): the live part of each change alone, when `times` also holds other work (the
 * import service's own run for a CSV import); the per-segment cost is taken from it.
 */
function summarise(kind: string, times: number[], rechecks: number, lagMax: number, liveTimes?: number[]): ChangeStats {
  const med = median(times);
  const perChange = rechecks / Math.max(1, times.length);
  const liveMed = liveTimes ? median(liveTimes) : med;
  return {
    kind,
    changes: times.length,
    medianMs: med,
    p99Ms: percentile(times, 99),
    maxMs: Math.max(...times),
    recheckedSegmentsPerChange: perChange,
    perSegmentMs: perChange > 0 ? liveMed / perChange : Number.NaN,
    lagMaxMs: lagMax,
  };
}

export async function runLive(
  backend: Backend,
  opts: { changes: number; interactionChanges: number; extraLive: number; contacts: number },
  log: (s: string) => void,
): Promise<LiveResult> {
  log(`live: taking ${opts.extraLive} extra profile segments live …`);
  for (let i = 0; i < opts.extraLive; i++) await liveSegment(backend, `bench:live-extra-${i}`, 'dynamic', extraDefinition(i));
  const liveSegments = backend.db
    .prepare(`SELECT count(*) FROM segments WHERE status = 'live' AND name LIKE 'bench:%'`)
    .pluck()
    .get() as number;
  const rng = sfc32(7);
  const pickRid = (): number => 1 + Math.floor(rng() * opts.contacts);
  const lag = new LagMonitor();
  const { contacts, live, imports } = backend.services;

  // Profile edits.
  log(`live: ${opts.changes} profile edits with ${liveSegments} live segments …`);
  let before = rechecksSoFar(backend);
  const editTimes: number[] = [];
  lag.start();
  for (let i = 0; i < opts.changes + 5; i++) {
    const rid = pickRid();
    const t = performance.now();
    contacts.update({
      rid,
      values: { address1_city: CITIES[i % CITIES.length] ?? 'Seattle', lifetimevalue: Math.round(rng() * 5000) / 100 },
    });
    await live.whenIdle();
    if (i >= 5) editTimes.push(performance.now() - t);
    else if (i === 4) before = rechecksSoFar(backend);
    await yieldLoop();
  }
  const editLag = lag.stop();
  const profileEdit = summarise('profile edit (city + lifetime value)', editTimes, rechecksSoFar(backend) - before, editLag.maxMs);

  // New interactions through the import service (one-row CSV each, written before the clock starts).
  log(`live: ${opts.interactionChanges} new interactions through the import service …`);
  const keyOf = backend.db.prepare('SELECT key FROM ent_contact WHERE rid = ?').pluck();
  const file = path.join(CACHE, 'live-one-interaction.csv');
  const types = ['EmailOpened', 'EmailSent', 'EmailClicked'];
  const times: number[] = [];
  const importOnly: number[] = [];
  before = rechecksSoFar(backend);
  lag.start();
  for (let i = 0; i < opts.interactionChanges + 5; i++) {
    const key = keyOf.get(pickRid()) as string;
    const ts = new Date(NOW_MS - 3_600_000 - i * 1000).toISOString();
    fs.writeFileSync(file, `interactiontype,contactid,timestamp\n${types[i % types.length] ?? 'EmailOpened'},${key},${ts}\n`);
    const t = performance.now();
    const { id } = await imports.start({ kind: 'interactions', path: file });
    const s = await imports.wait(id);
    const imported = performance.now() - t;
    await live.whenIdle();
    if (s.imported !== 1) throw new Error(`bench: the one-row interaction import imported ${s.imported} rows: ${JSON.stringify(s)}`);
    if (i >= 5) {
      times.push(performance.now() - t);
      importOnly.push(imported);
    } else if (i === 4) before = rechecksSoFar(backend);
    await yieldLoop();
  }
  const intLag = lag.stop();
  const liveOnly = times.map((t, i) => Math.max(0, t - (importOnly[i] ?? 0)));
  const newInteraction = summarise('new interaction (1-row CSV import)', times, rechecksSoFar(backend) - before, intLag.maxMs, liveOnly);
  const newInteractionImportOnly = { medianMs: median(importOnly), p99Ms: percentile(importOnly, 99) };

  // The same change without the import service: insert + contact_type_stats upsert in one
  // transaction (as an import batch commits), then the data-change hook the import would call.
  log(`live: ${opts.changes} new interactions written directly …`);
  const typeId = backend.db.prepare('SELECT id FROM interaction_types WHERE name = ?').pluck();
  const ins = backend.db.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
  const stats = backend.db.prepare(
    'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES (?, ?, 1, ?, ?) ' +
      'ON CONFLICT(contact_rid, type_id) DO UPDATE SET n = n + 1, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)',
  );
  const direct: number[] = [];
  before = rechecksSoFar(backend);
  lag.start();
  for (let i = 0; i < opts.changes + 5; i++) {
    const rid = pickRid();
    const type = types[i % types.length] ?? 'EmailOpened';
    const ts = NOW_MS - 7_200_000 - i * 1000;
    const t = performance.now();
    backend.db.transaction(() => {
      const id = typeId.get(type) as number;
      ins.run(id, rid, ts);
      stats.run(rid, id, ts, ts);
    })();
    backend.dataChanges.emit({ kind: 'interactions', types: [type], contactRids: [rid] });
    await live.whenIdle();
    if (i >= 5) direct.push(performance.now() - t);
    else if (i === 4) before = rechecksSoFar(backend);
    await yieldLoop();
  }
  const directLag = lag.stop();
  const newInteractionDirect = summarise(
    'new interaction (direct write + change hook)',
    direct,
    rechecksSoFar(backend) - before,
    directLag.maxMs,
  );

  // Bare per-contact re-check per segment (what the refresher runs on the main connection).
  log('live: per-segment single-contact re-check …');
  const segs = backend.db
    .prepare(
      `SELECT id, name, type, definition, time_zone FROM segments WHERE status = 'live' AND name LIKE 'bench:%' AND name NOT LIKE 'bench:live-extra-%' ORDER BY name`,
    )
    .all() as {
    id: string;
    name: string;
    type: 'dynamic' | 'compound';
    definition: string;
    time_zone: string;
  }[];
  const recheck: RecheckStats[] = [];
  for (const s of segs) {
    const node = { id: s.id, type: s.type, definition: JSON.parse(s.definition) as SegmentDefinition, timeZone: s.time_zone };
    const ts: number[] = [];
    for (let i = 0; i < Math.min(opts.changes, 200) + 3; i++) {
      const rid = pickRid();
      const t = performance.now();
      live.refresher.matchingAmong(node, [rid], NOW_MS);
      if (i >= 3) ts.push(performance.now() - t);
    }
    recheck.push({ segment: s.name.replace(/^bench:/, ''), medianMs: median(ts), p99Ms: percentile(ts, 99) });
  }
  return { liveSegments, profileEdit, newInteraction, newInteractionImportOnly, newInteractionDirect, recheck };
}
