/**
 * The static add/remove job: one transaction that decides on the segment as it is when it runs (it may
 * run on the writer thread after the API call was checked), and the same result there as inline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { storedMemberRids } from '../db/memberStore.js';
import { WriterHost } from '../db/writer.js';
import { applyStaticChange, type StaticChangeJob } from './staticChange.js';

let dir = '';
let file = '';
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-static-'));
  file = path.join(dir, 'app.db');
  db = openDatabase(file);
  const add = db.prepare(
    `INSERT INTO segments (id, name, name_lower, type, status, definition, member_count, created_at, modified_at)
     VALUES (?, ?, ?, 'static', ?, '{"kind":"static"}', 0, 0, 0)`,
  );
  for (const [id, status] of [
    ['draft', 'draft'],
    ['live', 'live'],
    ['going', 'goingLive'],
  ])
    add.run(id, id, id, status);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const job = (segmentId: string, op: 'add' | 'remove', rids: number[]): StaticChangeJob => ({
  kind: 'staticChange',
  segmentId,
  op,
  rids: Float64Array.from(rids),
  now: 1000,
});
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
const staticRids = (id: string): number[] =>
  db.prepare('SELECT contact_rid FROM static_members WHERE segment_id = ? ORDER BY 1').pluck().all(id) as number[];

describe('applyStaticChange', () => {
  it('counts only rows that changed, across 50k-rid slices, and keeps a draft out of live membership', () => {
    expect(applyStaticChange(db, job('draft', 'add', range(1, 60_000)))).toEqual({ changed: 60_000, size: 60_000, outcome: null });
    expect(applyStaticChange(db, job('draft', 'add', range(59_001, 2000)))).toMatchObject({ changed: 1000, size: 61_000 });
    expect(applyStaticChange(db, job('draft', 'remove', [1, 2, 99_999]))).toMatchObject({ changed: 2, size: 60_998 });
    expect(storedMemberRids(db, 'draft')).toEqual([]);
  });

  it('refuses a segment that started going live meanwhile, changing nothing', () => {
    expect(() => applyStaticChange(db, job('going', 'add', [1]))).toThrow(/changing status/);
    expect(staticRids('going')).toEqual([]);
  });

  it("writes a live segment's members and history in the same transaction, the same on the writer thread as inline", async () => {
    const writer = new WriterHost(file);
    try {
      const out = await writer.run(job('live', 'add', range(10, 7000)));
      expect(out).toEqual({ changed: 7000, size: 7000, outcome: { size: 7000, added: 7000, removed: 0, changedRids: null } });
      expect(storedMemberRids(db, 'live')).toEqual(range(10, 7000));
      const back = applyStaticChange(db, job('live', 'remove', [10, 11]));
      expect(back).toEqual({ changed: 2, size: 6998, outcome: { size: 6998, added: 0, removed: 2, changedRids: [10, 11] } });
      expect(db.prepare('SELECT count(*) FROM membership_history WHERE segment_id = ? AND left_at IS NULL').pluck().get('live')).toBe(6998);
    } finally {
      await writer.close();
    }
  });
});
