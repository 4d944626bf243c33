/**
 * The writer thread (writer.ts): a real worker thread on a real SQLite file. Jobs are answered in the
 * order they were posted; what a job wrote is visible to the main connection when its answer arrives;
 * a failing job changes nothing and the thread goes on; closing waits for the jobs already posted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events.js';
import { SegmentService } from '../segments/segmentService.js';
import { openDatabase, type Db } from './connection.js';
import { storedMemberCount, storedMemberRids } from './memberStore.js';
import { DEFAULT_CHECKPOINT_PAGES, MAIN_FALLBACK_CHECKPOINT_PAGES, WriterHost } from './writer.js';

let dir: string;
let db: Db;
let writer: WriterHost;
let segmentId: string;
const NOW = Date.parse('2026-03-01T00:00:00Z');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-writer-unit-'));
  const file = path.join(dir, 'w.db');
  db = openDatabase(file);
  const segments = new SegmentService({ db, events: new EventBus(), now: () => NOW, actor: 'tester' });
  segmentId = segments.create({ name: 'S', type: 'dynamic', definition: { kind: 'dynamic', version: 1, blocks: [] } }).id;
  // Whole refreshes write only live segments (a refresh landing after a stop or delete writes nothing).
  db.prepare(`UPDATE segments SET status = 'live' WHERE id = ?`).run(segmentId);
  writer = new WriterHost(file);
});
afterEach(async () => {
  await writer.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const range = (from: number, to: number): Float64Array => Float64Array.from({ length: to - from + 1 }, (_, i) => from + i);

function refresh(rids: Float64Array | { sql: string; params: unknown[] }, now: number): Parameters<WriterHost['run']>[0] {
  return {
    kind: 'refreshFull',
    segmentId,
    reason: 'manual',
    now,
    source: rids instanceof Float64Array ? { rids } : rids,
    nextEvaluationAt: null,
    elapsedMs: 0,
  };
}

describe('WriterHost', () => {
  it('answers jobs in order, each visible to the main connection once answered', async () => {
    const answered: number[] = [];
    const first = writer.run(refresh(range(1, 3000), NOW)).then((out) => {
      answered.push(1);
      // Committed before the answer was sent: the main connection reads it.
      expect(storedMemberCount(db, segmentId)).toBe(3000);
      return out;
    });
    const second = writer.run(refresh(range(2001, 5000), NOW + 1000)).then((out) => {
      answered.push(2);
      return out;
    });
    expect(writer.queued).toBe(2);
    const [a, b] = await Promise.all([first, second]);
    expect(answered).toEqual([1, 2]);
    expect(a).toMatchObject({ size: 3000, added: 3000, removed: 0 });
    expect(b).toMatchObject({ size: 3000, added: 2000, removed: 2000 });
    expect(storedMemberRids(db, segmentId)).toEqual(Array.from(range(2001, 5000)));
    const stays = db
      .prepare('SELECT count(*) FROM membership_history WHERE segment_id = ? AND left_at = ?')
      .pluck()
      .get(segmentId, NOW + 1000);
    expect(stays).toBe(2000);
  });

  it('rolls a failing job back whole and keeps serving', async () => {
    await writer.run(refresh(range(1, 100), NOW));
    const failed = await writer.run(refresh({ sql: 'SELECT rid FROM no_such_table', params: [] }, NOW + 1)).catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: 'internal', message: expect.stringContaining('no_such_table') as string });
    expect(storedMemberCount(db, segmentId)).toBe(100);
    expect(db.prepare('SELECT count(*) FROM segment_evaluations WHERE segment_id = ?').pluck().get(segmentId)).toBe(1);
    expect(await writer.run(refresh(range(1, 50), NOW + 2))).toMatchObject({ size: 50, removed: 50 });
  });

  it('finishes the jobs already posted when closed, then refuses new ones', async () => {
    const posted = writer.run(refresh(range(1, 2000), NOW));
    await writer.close();
    expect(await posted).toMatchObject({ size: 2000 });
    await expect(writer.run({ kind: 'prune', now: NOW })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it("takes over the main connection's WAL checkpoints while it runs, and gives them back when closed", async () => {
    const own = new WriterHost(path.join(dir, 'w.db'), { checkpointsOf: db, checkpointEveryMs: 0 });
    const threshold = (): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;
    expect(threshold()).toBe(DEFAULT_CHECKPOINT_PAGES);
    // checkpointEveryMs 0: no thread checkpoints, so the main connection keeps its own.
    await own.run({ kind: 'prune', now: NOW });
    expect(threshold()).toBe(DEFAULT_CHECKPOINT_PAGES);
    await own.close();

    // An hour between the thread's own checkpoints: only the one asked for below runs in this test.
    const taking = new WriterHost(path.join(dir, 'w.db'), { checkpointsOf: db, checkpointEveryMs: 3_600_000 });
    await taking.run({ kind: 'prune', now: NOW });
    expect(threshold()).toBe(MAIN_FALLBACK_CHECKPOINT_PAGES);
    // A main-connection commit of 1,500 pages stays in the WAL (SQLite's default would checkpoint it in the COMMIT) ...
    db.exec('CREATE TABLE filler (x BLOB)');
    const fill = db.prepare('INSERT INTO filler (x) VALUES (zeroblob(3000))');
    db.transaction(() => {
      for (let i = 0; i < 1500; i++) fill.run();
    })();
    const before = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(before[0]?.log).toBeGreaterThan(DEFAULT_CHECKPOINT_PAGES);
    expect(before[0]?.checkpointed).toBe(0);
    // ... until the thread copies them back, every frame of them.
    const done = await taking.checkpoint();
    expect(done.busy).toBe(0);
    expect(done.checkpointed).toBe(done.log);
    expect(done.log).toBeGreaterThanOrEqual(before[0]?.log ?? Infinity);
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1500);
    await taking.close();
    expect(threshold()).toBe(DEFAULT_CHECKPOINT_PAGES);
  });
});
