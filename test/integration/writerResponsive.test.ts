/**
 * The main thread only routes (issue 15): while a large segment goes live, its members, history and
 * evaluation log are written on the writer thread (db/writer.ts) and API calls keep being answered.
 * Real backend, real SQLite file, real evaluator worker and writer thread. No timing thresholds: the
 * test asserts ORDER — reads are answered while the writer's job is out, and each sees the state wholly
 * before or after the commit (WAL: never half) — and prints the event-loop lag it measured.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { refoldRecords } from '../../electron/backend/values/storedValue.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { createFixtureStore, makeTempDir, removeTempDir } from './differentialStore.js';

/** Large enough that the go-live's write takes many event-loop turns; `SS_DEEP=1` for a bigger one. */
const CONTACTS = process.env['SS_DEEP'] ? 400_000 : 120_000;

let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = makeTempDir('ss-writer-');
  const file = `${dir}/writer.sqlite`;
  const store = createFixtureStore(file, fixtureCatalog());
  store.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CONTACTS})
    INSERT INTO ent_contact (rid, key, c_address1_city, c_numberofchildren) SELECT i, 'c' || i, 'City' || (i % 997), i % 5 FROM n;
  `);
  // The values went in as SQL; their folded shadows come from the one writer of stored values.
  const contact = new CatalogRepo(store.db).entity('contact');
  if (!contact) throw new Error('no contact entity');
  store.db.transaction(() => refoldRecords(store.db, contact))();
  store.close();
  backend = await createBackend({ dbPath: file, host: 'test' });
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

describe('writer thread', () => {
  it('answers API calls while a large go-live is written, each seeing the state wholly before or after the commit', async () => {
    const writer = backend.writer;
    if (!writer) throw new Error('a database file has a writer thread');
    const seg = await call<{ id: string }>('segments.create', { name: 'Everyone', type: 'dynamic', definition: everyone });
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    let finished = false;
    const goLive = call<{ segment: { memberCount: number } }>('segments.goLive', { id: seg.id }).finally(() => {
      finished = true;
    });
    /** Reads answered while the go-live's write job was out (posted before the read, its answer not yet back). */
    const duringWrite: { status: string; memberCount: number | null; home: boolean }[] = [];
    let pings = 0;
    while (!finished) {
      const writing = writer.queued > 0;
      const status = await call<{ status: string; memberCount: number | null }>('segments.liveStatus', { id: seg.id });
      const list = await backend.dispatch('segments.list', {});
      pings++;
      if (writing && writer.queued > 0) duringWrite.push({ status: status.status, memberCount: status.memberCount, home: list.ok });
      await turn();
    }
    const done = await goLive;
    lag.disable();
    console.log(
      `[writer] go-live of ${done.segment.memberCount} members: ${pings} API round trips answered, ${duringWrite.length} of them ` +
        `while the writer thread wrote; main-thread event-loop delay max ${(lag.max / 1e6).toFixed(1)} ms, ` +
        `p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms (load ${(await import('node:os')).loadavg()[0]?.toFixed(2)})`,
    );
    expect(done.segment.memberCount).toBe(CONTACTS);
    // Each read saw the segment wholly before the commit (going live, no members) or wholly after it
    // (the commit lands a moment before its answer reaches this thread): never a half-written list.
    const before = { status: 'goingLive', memberCount: null, home: true };
    for (const d of duringWrite) expect([before, { status: 'live', memberCount: CONTACTS, home: true }]).toContainEqual(d);
    // Order: API calls were answered while the writer thread was writing the members.
    expect(duringWrite).toContainEqual(before);
    const after = await call<{ status: string; memberCount: number }>('segments.liveStatus', { id: seg.id });
    expect(after).toMatchObject({ status: 'live', memberCount: done.segment.memberCount });
  }, 120_000);
});
