/**
 * The evaluation log's latest-row read (every live refresh does it) must stay one index probe however
 * long the log grows; it used to sort all of the segment's rows (regression, migration 007).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { LAST_EVALUATION_SQL, applyContacts } from './membershipWriter.js';

let dir = '';
let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-evallog-'));
  db = openDatabase(path.join(dir, 'app.db'));
  db.prepare(
    `INSERT INTO segments (id, name, name_lower, type, status, definition, member_count, created_at, modified_at) VALUES ('s1', 'S', 's', 'dynamic', 'live', '{}', 0, 0, 0)`,
  ).run();
  return db;
}

describe('evaluation log', () => {
  it('reads the latest row of a segment through the (segment_id, id) index, without sorting', () => {
    const d = open();
    const plan = (d.prepare(`EXPLAIN QUERY PLAN ${LAST_EVALUATION_SQL}`).all('s1') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toContain('USING INDEX segment_evaluations_segment_id (segment_id=?)');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('compacts a run of unchanged re-checks into the latest row, also when the clock went back in between', () => {
    const d = open();
    const apply = (now: number, matching: number[]): void => {
      d.transaction(() => applyContacts(d, { segmentId: 's1', reason: 'dataChange', now }, [1, 2], new Set(matching), performance.now()))();
    };
    apply(1000, [1]); // joins 1: a row of its own
    apply(2000, [1]); // unchanged: a new "no change" row
    apply(1500, [1]); // unchanged again, earlier clock: compacted into the latest row by id
    const rows = d.prepare('SELECT id, at, last_at, repeats, added FROM segment_evaluations WHERE segment_id = ? ORDER BY id').all('s1');
    expect(rows).toEqual([
      { id: 1, at: 1000, last_at: 1000, repeats: 1, added: 1 },
      { id: 2, at: 2000, last_at: 1500, repeats: 2, added: 0 },
    ]);
  });
});
