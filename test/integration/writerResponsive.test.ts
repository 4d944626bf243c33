/**
 * The main thread only routes (issue 15): while a large segment goes live, or the scheduler re-evaluates
 * one, its members, history and evaluation log are written on the writer thread (db/writer.ts) and API
 * calls keep being answered.
 * Real backend, real SQLite file, real evaluator worker and writer thread. No timing thresholds: the
 * test asserts ORDER — reads are answered while the writer's job is out, and each sees the state wholly
 * before or after the commit (WAL: never half) — and prints the event-loop lag it measured.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { refoldRecords } from '../../electron/backend/values/storedValue.js';
import type { SegmentInsights } from '../../shared/api/contract/live.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { segmentInsights } from '../../electron/backend/live/insights.js';
import { historyStays, membersAsOf, type MembersAsOfPage } from '../../electron/backend/live/historyReads.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir } from './differentialStore.js';

/** Large enough that the go-live's write takes many event-loop turns; `SS_DEEP=1` for a bigger one. */
const CONTACTS = process.env['SS_DEEP'] ? 400_000 : 120_000;

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-15T12:00:00Z');
let clock = T0;
let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = makeTempDir('ss-writer-');
  const file = `${dir}/writer.sqlite`;
  const store = createFixtureStore(file, fixtureCatalog());
  store.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS})
    INSERT INTO ent_contact (rid, key, c_address1_city, c_numberofchildren) SELECT i, 'c' || i, 'City' || (i % 997), i % 5 FROM n;
    -- One interaction of each type per contact, (i % 400) days before T0: a moving window keeps part of them.
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS})
    INSERT INTO interactions (type_id, contact_rid, ts)
      SELECT t.id, i, ${T0} - (i % 400) * ${DAY} FROM n, (SELECT 1 AS id UNION ALL SELECT 2 UNION ALL SELECT 3) t;
    INSERT INTO contact_type_stats SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY contact_rid, type_id;
  `);
  // The values went in as SQL; their folded shadows come from the one writer of stored values.
  const contact = new CatalogRepo(store.db).entity('contact');
  if (!contact) throw new Error('no contact entity');
  store.db.transaction(() => refoldRecords(store.db, contact))();
  store.close();
  backend = await createBackend({ dbPath: file, host: 'test', now: () => clock });
}, 120_000);

afterAll(async () => {
  await backend.close();
  removeTempDir(dir);
});

/** Every contact ("City0" … "City996" all contain "ty"). */
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
        children: [{ kind: 'rule', id: 'r', field: 'address1_city', operator: 'contains', values: ['ty'] }],
      },
    },
  ],
};

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** One turn of the event loop: lets worker messages (macrotasks) in between the pings. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A read answered while a write job was out (posted before the read, its answer not yet back). */
interface Seen {
  status: string;
  memberCount: number | null;
}

/**
 * Runs `work` while reading the segment's status (and the segment list) on every loop turn; returns
 * what `work` gave and the reads answered while the writer thread had a job out.
 */
async function readWhile<T>(segmentId: string, work: Promise<T>): Promise<{ out: T; duringWrite: Seen[] }> {
  const writer = backend.writer;
  if (!writer) throw new Error('a database file has a writer thread');
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  let finished = false;
  const running = work.finally(() => {
    finished = true;
  });
  const duringWrite: Seen[] = [];
  let pings = 0;
  while (!finished) {
    const writing = writer.queued > 0;
    const status = await call<Seen>('segments.liveStatus', { id: segmentId });
    expect((await backend.dispatch('segments.list', {})).ok).toBe(true);
    pings++;
    if (writing && writer.queued > 0) duringWrite.push({ status: status.status, memberCount: status.memberCount });
    await turn();
  }
  const out = await running;
  lag.disable();
  console.log(
    `[writer] ${pings} API round trips answered, ${duringWrite.length} of them while the writer thread wrote; main-thread ` +
      `event-loop delay max ${(lag.max / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms ` +
      `(load ${os.loadavg()[0]?.toFixed(2)})`,
  );
  return { out, duringWrite };
}

describe('writer thread', () => {
  it('answers API calls while a large go-live is written, each seeing the state wholly before or after the commit', async () => {
    const seg = await call<{ id: string }>('segments.create', { name: 'Everyone', type: 'dynamic', definition: everyone });
    const { out, duringWrite } = await readWhile(seg.id, call<{ segment: { memberCount: number } }>('segments.goLive', { id: seg.id }));
    expect(out.segment.memberCount).toBe(CONTACTS);
    // Each read saw the segment wholly before the commit (going live, no members) or wholly after it
    // (the commit lands a moment before its answer reaches this thread): never a half-written list.
    const before = { status: 'goingLive', memberCount: null };
    for (const d of duringWrite) expect([before, { status: 'live', memberCount: CONTACTS }]).toContainEqual(d);
    // Order: API calls were answered while the writer thread was writing the members.
    expect(duringWrite).toContainEqual(before);
    expect(await call<Seen>('segments.liveStatus', { id: seg.id })).toMatchObject({ status: 'live', memberCount: CONTACTS });
  }, 120_000);

  it("answers API calls while the scheduler's re-evaluation of a moved window is written", async () => {
    const opened: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'EmailOpened',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'last', amount: 200, unit: 'days' },
        },
      ],
    };
    const seg = await call<{ id: string }>('segments.create', { name: 'Opened lately', type: 'dynamic', definition: opened });
    const live = await call<{ segment: { memberCount: number } }>('segments.goLive', { id: seg.id });
    // 100 days on, a quarter of the contacts leave: a diff far too large for the main connection.
    clock = T0 + 100 * DAY;
    const { out, duringWrite } = await readWhile(seg.id, backend.services.live.refresher.runDue(clock));
    expect(out).toContain(seg.id);
    const after = await call<Seen>('segments.liveStatus', { id: seg.id });
    expect(live.segment.memberCount - (after.memberCount ?? 0)).toBeGreaterThan(CONTACTS / 5);
    const states = [
      { status: 'live', memberCount: live.segment.memberCount },
      { status: 'live', memberCount: after.memberCount },
    ];
    for (const d of duringWrite) expect(states).toContainEqual(d);
    expect(duringWrite).toContainEqual({ status: 'live', memberCount: live.segment.memberCount });
  }, 120_000);

  it('answers API calls while the go-live preview of a large segment is diffed on the writer thread; the preview equals the go-live', async () => {
    const id = (await call<{ id: string }[]>('segments.list', { search: 'Opened lately' }))[0]?.id ?? '';
    const wider: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'EmailOpened',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'last', amount: 300, unit: 'days' },
        },
      ],
    };
    const preview = call<{ currentSize: number; newSize: number; adds: number; removes: number; added: { rid: number }[] }>(
      'segments.previewGoLive',
      { id, definition: wider, limit: 5 },
    );
    const { out, duringWrite } = await readWhile(id, preview);
    expect(duringWrite.length).toBeGreaterThan(0);
    expect(out.adds).toBeGreaterThan(0);
    expect(out.added.map((r) => r.rid)).toEqual([...out.added.map((r) => r.rid)].sort((a, b) => a - b));
    const live = await call<{ segment: { memberCount: number }; evaluation: { added: number; removed: number } }>('segments.goLive', {
      id,
      definition: wider,
    });
    expect({ newSize: out.newSize, adds: out.adds, removes: out.removes }).toEqual({
      newSize: live.segment.memberCount,
      adds: live.evaluation.added,
      removes: live.evaluation.removed,
    });
  }, 120_000);

  it('answers API calls while insights of large segments are read on the writer thread, equal to reading them here', async () => {
    const [everyoneId, openedId] = await Promise.all(
      ['Everyone', 'Opened lately'].map(
        async (n) => (await call<{ id: string; name: string }[]>('segments.list', { search: n }))[0]?.id ?? '',
      ),
    );
    const input = { id: openedId ?? '', compositionField: 'address1_city', top: 5, overlapWith: [everyoneId ?? ''], interactionDays: 30 };
    const { out, duringWrite } = await readWhile(openedId ?? '', call<SegmentInsights>('segments.insights', input));
    expect(duringWrite.length).toBeGreaterThan(0);
    expect(out.composition?.top).toHaveLength(5);
    expect(out.overlap?.shared[0]?.[1]).toBeGreaterThan(0);
    // The same function on the main connection (what a small segment gets) gives the same answer.
    expect(out).toEqual(segmentInsights(backend.db, clock, input));
  }, 120_000);

  it('answers API calls while a large history is read on the writer thread (members as of a date, latest stays)', async () => {
    const id = (await call<{ id: string }[]>('segments.list', { search: 'Opened lately' }))[0]?.id ?? '';
    const asOf = { id, at: new Date(T0 + 50 * DAY).toISOString(), limit: 3 };
    const { out, duringWrite } = await readWhile(id, call<MembersAsOfPage>('segments.membersAsOf', asOf));
    expect(duringWrite.length).toBeGreaterThan(0);
    expect(out.total).toBeGreaterThan(CONTACTS / 5);
    expect(out).toEqual(membersAsOf(backend.db, asOf));
    const latest = await call<unknown[]>('segments.history', { id, limit: 4 });
    expect(latest).toHaveLength(4);
    expect(latest).toEqual(historyStays(backend.db, { id, limit: 4 }));
  }, 120_000);

  it('answers API calls while a query adds every contact to a live static segment (evaluated on the worker, written on the writer)', async () => {
    const picked = await call<{ id: string }>('segments.create', { name: 'Picked', type: 'static' });
    await call('segments.goLive', { id: picked.id });
    const adding = call<{ changed: number; size: number }>('staticMembers.addByQuery', { segmentId: picked.id, definition: everyone });
    const { out, duringWrite } = await readWhile(picked.id, adding);
    expect(out).toMatchObject({ changed: CONTACTS, size: CONTACTS });
    expect(duringWrite.length).toBeGreaterThan(0);
    for (const d of duringWrite)
      expect([
        { status: 'live', memberCount: 0 },
        { status: 'live', memberCount: CONTACTS },
      ]).toContainEqual(d);
    expect(await call<Seen>('segments.liveStatus', { id: picked.id })).toMatchObject({ memberCount: CONTACTS });
    expect(backend.db.prepare('SELECT count(*) FROM membership_history WHERE segment_id = ?').pluck().get(picked.id)).toBe(CONTACTS);
  }, 120_000);

  it('answers API calls while a large segment is deleted (forced), and freezes its live dependant in the same transaction', async () => {
    const everyoneId = (await call<{ id: string; name: string }[]>('segments.list', { search: 'Everyone' }))[0]?.id ?? '';
    const dependant = await call<{ id: string }>('segments.create', {
      name: 'Everyone again',
      type: 'dynamic',
      definition: { kind: 'dynamic', version: 1, blocks: [{ kind: 'segment', id: 'b1', combine: 'union', segmentId: everyoneId }] },
    });
    await call('segments.goLive', { id: dependant.id });
    const history = backend.db.prepare('SELECT count(*) FROM membership_history WHERE segment_id = ?').pluck();
    expect(history.get(everyoneId)).toBe(CONTACTS);
    const changed: unknown[] = [];
    const off = backend.events.onAny((event, payload) => {
      if (event === 'segment.changed') changed.push(payload);
    });
    const writer = backend.writer;
    if (!writer) throw new Error('a database file has a writer thread');
    let finished = false;
    const deleting = call('segments.delete', { id: everyoneId, force: true }).finally(() => {
      finished = true;
    });
    // Each answer while the job is out sees the segment wholly there (before the commit) or wholly gone.
    const listedDuringWrite: boolean[] = [];
    while (!finished) {
      const writing = writer.queued > 0;
      const listed = (await call<{ id: string }[]>('segments.list', {})).some((s) => s.id === everyoneId);
      const status = await call<{ needsAttention: boolean }>('segments.liveStatus', { id: dependant.id });
      if (writing && writer.queued > 0) {
        listedDuringWrite.push(listed);
        // The dependant is frozen in the deletion's own transaction: never deleted-but-not-frozen.
        if (!listed) expect(status.needsAttention).toBe(true);
      }
      await turn();
    }
    await deleting;
    off();
    // Order: an API call was answered while the writer thread was deleting, seeing the state before it.
    expect(listedDuringWrite).toContain(true);
    expect(history.get(everyoneId)).toBe(0);
    expect(backend.db.prepare('SELECT count(*) FROM segment_member_chunks WHERE segment_id = ?').pluck().get(everyoneId)).toBe(0);
    expect(await call('segments.liveStatus', { id: dependant.id })).toMatchObject({
      needsAttention: true,
      missingChildren: [{ id: everyoneId, name: 'Everyone', reason: 'deleted' }],
      memberCount: CONTACTS,
    });
    expect(changed).toEqual([
      { id: everyoneId, change: 'deleted' },
      { id: dependant.id, change: 'updated' },
    ]);
  }, 120_000);
});
