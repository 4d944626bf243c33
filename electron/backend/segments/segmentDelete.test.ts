/**
 * The deletion job decides inside its own transaction (it may run on the writer thread a moment after
 * the API call was checked), and a go-live or refresh written after a deletion writes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { storedMemberCount } from '../db/memberStore.js';
import { commitGoLive, commitRefreshFull } from '../live/writeJobs.js';
import { deleteSegment, type DeleteSegmentJob } from './segmentDelete.js';

let dir = '';
let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-segdelete-'));
  db = openDatabase(path.join(dir, 'app.db'));
  return db;
}

function addSegment(d: Db, id: string, status: string, definition = '{"kind":"dynamic","version":1,"blocks":[]}'): void {
  d.prepare(
    `INSERT INTO segments (id, name, name_lower, type, status, definition, member_count, created_at, modified_at)
     VALUES (?, ?, ?, 'dynamic', ?, ?, 0, 0, 0)`,
  ).run(id, id.toUpperCase(), id, status, definition);
}

const job = (segmentId: string, force = false): DeleteSegmentJob => ({ kind: 'deleteSegment', segmentId, force, actor: 't', at: 5 });
const usesA = JSON.stringify({ kind: 'dynamic', version: 1, blocks: [{ kind: 'segment', id: 'b', combine: 'union', segmentId: 'a' }] });

describe('deleteSegment (the writer job)', () => {
  it('re-checks the status inside its transaction: a segment that started going live meanwhile is kept whole', () => {
    const d = open();
    addSegment(d, 'a', 'goingLive');
    d.prepare('INSERT INTO membership_history (segment_id, contact_rid, joined_at) VALUES (?, ?, ?)').run('a', 1, 0);
    expect(() => deleteSegment(d, job('a'))).toThrow(/going live; wait/);
    expect(d.prepare('SELECT count(*) FROM segments').pluck().get()).toBe(1);
    expect(d.prepare('SELECT count(*) FROM membership_history').pluck().get()).toBe(1);
  });

  it('re-checks the dependants inside its transaction: one that went live meanwhile refuses an unforced delete', () => {
    const d = open();
    addSegment(d, 'a', 'live');
    addSegment(d, 'b', 'live', usesA);
    expect(() => deleteSegment(d, job('a'))).toThrow(/used by live segment "B"/);
    const out = deleteSegment(d, job('a', true));
    expect(out).toEqual({ id: 'a', name: 'A', frozen: ['b'] });
    expect(d.prepare('SELECT needs_attention FROM segments WHERE id = ?').pluck().get('b')).toBe(1);
    expect(d.prepare('SELECT child_id, reason, at FROM segment_attention WHERE segment_id = ?').get('b')).toEqual({
      child_id: 'a',
      reason: 'deleted',
      at: 5,
    });
    expect(d.prepare('SELECT action, detail FROM segment_transitions WHERE segment_id = ? ORDER BY id').all('a')).toEqual([
      { action: 'delete', detail: JSON.stringify({ force: true, dependantsFrozen: ['b'] }) },
    ]);
  });

  it('leaves no members behind: a go-live or whole refresh committed after the deletion writes nothing', () => {
    const d = open();
    addSegment(d, 'a', 'live');
    deleteSegment(d, job('a'));
    const rids = Float64Array.from([1, 2, 3]);
    const stamp = { actor: 't', at: 5 };
    const goLive = {
      kind: 'goLive' as const,
      segmentId: 'a',
      now: 5,
      source: { rids },
      definition: '{}',
      nextEvaluationAt: null,
      stamp,
      elapsedMs: 0,
    };
    expect(() => commitGoLive(d, goLive, 0)).toThrow(/deleted while going live/);
    const refresh = {
      kind: 'refreshFull' as const,
      segmentId: 'a',
      reason: 'manual' as const,
      now: 5,
      source: { rids },
      nextEvaluationAt: null,
      elapsedMs: 0,
    };
    expect(commitRefreshFull(d, refresh, 0)).toBeNull();
    expect(storedMemberCount(d, 'a')).toBe(0);
    expect(d.prepare('SELECT count(*) FROM membership_history').pluck().get()).toBe(0);
  });
});
