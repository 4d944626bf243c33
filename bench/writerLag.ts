/**
 * What a user feels while heavy membership writes run (issue 15): the main thread's event-loop delay
 * and the longest API round trip (`segments.liveStatus`, pinged on every loop turn) during
 *  - the go-live of a segment holding nearly every contact (address1_city contains data), and
 *  - the scheduler's re-evaluation of a time-dependent segment whose window moved (a large diff),
 * once with the writer thread (db/writer.ts) and once with the writes on the main connection
 * (`writerThread: false`, as before it existed). Reduced scale by default:
 *   npm run bench:writer -- [--contacts 200000] [--interactions 1000000] [--writer-only]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../electron/backend/index.js';
import type { SegmentDefinition } from '../shared/segments/ast.js';
import { ensureData, NOW_MS } from './data.js';
import { LagMonitor } from './stats.js';

const DAY = 86_400_000;
const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const contacts = arg('contacts', 200_000);
const interactions = arg('interactions', 1_000_000);

const everyone: SegmentDefinition = {
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
        id: 'g',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r', field: 'address1_city', operator: 'containsData' }],
      },
    },
  ],
};
const sentThisYear: SegmentDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'interaction',
      id: 'b1',
      combine: 'union',
      interactionType: 'EmailSent',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'last', amount: 365, unit: 'days' },
    },
  ],
};

async function call<T>(b: Backend, channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** Runs `work` while pinging the API on every loop turn; the lag and the longest ping. */
async function underLoad<T>(
  b: Backend,
  probeId: string,
  work: () => Promise<T>,
): Promise<{ out: T; ms: number; lagMax: number; pingMax: number; pings: number }> {
  const lag = new LagMonitor();
  let finished = false;
  let pingMax = 0;
  let pings = 0;
  lag.start();
  const t0 = performance.now();
  const running = work().finally(() => (finished = true));
  while (!finished) {
    const p0 = performance.now();
    await call(b, 'segments.liveStatus', { id: probeId });
    // A ping's wait: from being sent until answered, including the turn it waited for.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const took = performance.now() - p0;
    pingMax = Math.max(pingMax, took);
    if (process.env['SS_LAG_TRACE'] && took > 50)
      console.log(`  slow ping ${took.toFixed(0)} ms at +${(p0 - t0).toFixed(0)} ms, writer jobs out: ${b.writer?.queued ?? '-'}`);
    pings++;
  }
  const out = await running;
  const ms = performance.now() - t0;
  const l = lag.stop();
  return { out, ms, lagMax: l.maxMs, pingMax, pings };
}

async function measure(source: string, writerThread: boolean): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-writerlag-'));
  const file = path.join(dir, 'db.sqlite');
  fs.copyFileSync(source, file);
  let clock = NOW_MS;
  const b = await createBackend({ dbPath: file, host: 'test', now: () => clock, writerThread });
  try {
    const probe = await call<{ id: string }>(b, 'segments.create', { name: 'probe', type: 'dynamic', definition: everyone });
    const big = await call<{ id: string }>(b, 'segments.create', { name: 'everyone', type: 'dynamic', definition: everyone });
    const timed = await call<{ id: string }>(b, 'segments.create', { name: 'sent this year', type: 'dynamic', definition: sentThisYear });
    await b.evaluator.estimate({ definition: everyone, timeZone: 'UTC', now: clock }); // columns loaded: time the write, not the load
    await b.evaluator.estimate({ definition: sentThisYear, timeZone: 'UTC', now: clock });
    const goLive = await underLoad(b, probe.id, () => call<{ segment: { memberCount: number } }>(b, 'segments.goLive', { id: big.id }));
    // Member search in the big segment: SQL on the main thread vs the worker's columnar cache (warm, median of 5).
    for (const term of ['son', 'zzq']) {
      const input = { id: big.id, search: term, limit: 100 };
      const median = async (f: () => unknown): Promise<{ ms: number; total: number }> => {
        let total = 0;
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          const t = performance.now();
          total = ((await f()) as { total: number }).total;
          if (i > 0) times.push(performance.now() - t);
        }
        return { ms: times.sort((x, y) => x - y)[2] ?? NaN, total };
      };
      const sql = await median(() => b.services.live.reader.members(input));
      const worker = await median(() => b.services.live.reader.membersPage(input));
      console.log(
        `member search "${term}" in ${goLive.out.segment.memberCount} members: ${sql.total} found; SQL on the main thread ` +
          `${sql.ms.toFixed(1)} ms, on the worker ${worker.ms.toFixed(1)} ms (${worker.total} found)`,
      );
    }
    await call(b, 'segments.goLive', { id: timed.id });
    const before = b.db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(timed.id) as number;
    clock += 200 * DAY;
    const tick = await underLoad(b, probe.id, () => b.services.live.refresher.runDue(clock));
    const after = b.db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(timed.id) as number;
    // Session 7: the other heavy work on big segments (go-live preview, insights, static add by query, deletion).
    const preview = await underLoad(b, probe.id, () =>
      call(b, 'segments.previewGoLive', { id: big.id, definition: sentThisYear, limit: 100 }),
    );
    const insights = await underLoad(b, probe.id, () =>
      call(b, 'segments.insights', { id: big.id, compositionField: 'address1_city', overlapWith: [timed.id], interactionDays: 30 }),
    );
    const picked = await call<{ id: string }>(b, 'segments.create', { name: 'picked', type: 'static' });
    await call(b, 'segments.goLive', { id: picked.id });
    const addByQuery = await underLoad(b, probe.id, () =>
      call(b, 'staticMembers.addByQuery', { segmentId: picked.id, definition: everyone }),
    );
    const deletion = await underLoad(b, probe.id, () => call(b, 'segments.delete', { id: big.id }));
    const mode = writerThread ? 'writer thread' : 'main thread  ';
    for (const [what, r] of [
      ['go-live preview (diff of the big segment)', preview],
      ['insights (composition, overlap, interactions)', insights],
      ['static add by query (every contact)', addByQuery],
      ['deletion of the big segment', deletion],
    ] as const) {
      console.log(
        `${mode} ${what}: ${r.ms.toFixed(0)} ms, lag max ${r.lagMax.toFixed(1)} ms, longest API ping ${r.pingMax.toFixed(1)} ms (${r.pings} pings)`,
      );
    }
    console.log(
      `${mode} go-live ${goLive.out.segment.memberCount} members: ${goLive.ms.toFixed(0)} ms, lag max ${goLive.lagMax.toFixed(1)} ms, ` +
        `longest API ping ${goLive.pingMax.toFixed(1)} ms (${goLive.pings} pings)`,
    );
    console.log(
      `${mode} scheduler tick ${before} → ${after} members: ${tick.ms.toFixed(0)} ms, lag max ${tick.lagMax.toFixed(1)} ms, ` +
        `longest API ping ${tick.pingMax.toFixed(1)} ms (${tick.pings} pings)`,
    );
  } finally {
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const data = ensureData({ contacts, accounts: Math.max(1, Math.round(contacts / 10)), interactions }, (s) => console.log(s));
  console.log(
    `load average before: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  // The search comparison runs in both; it does not depend on the writer.
  if (!process.argv.includes('--writer-only')) await measure(data.file, false);
  await measure(data.file, true);
  console.log(
    `load average after: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
}

void main();
