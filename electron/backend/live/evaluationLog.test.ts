/**
 * The evaluation log's latest-row read (every live refresh does it) must stay one index probe however
 * long the log grows; it used to sort all of the segment's rows (regression, migration 007).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import type { EvaluationRecord } from '../../../shared/api/contract/live.js';
import { LAST_EVALUATION_SQL, applyContacts, applyFull, toEvaluation } from './membershipWriter.js';

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

  it('returns each evaluation exactly as the row it wrote (built without reading it back)', () => {
    const d = open();
    const stored = (id: number): unknown => toEvaluation(d.prepare('SELECT * FROM segment_evaluations WHERE id = ?').get(id) as never);
    const apply = (now: number, checked: number[], matching: number[]): EvaluationRecord =>
      d.transaction(() => applyContacts(d, { segmentId: 's1', reason: 'dataChange', now }, checked, new Set(matching), now - 0.25))()
        .evaluation;
    for (const [now, checked, matching] of [
      [1000, [1, 2], [1]], // a new row (joins)
      [2000, [1, 2], [1]], // a new "no change" row
      [2500, [1, 2, 3], [1]], // compacted: repeats, last_at, duration and contacts checked add up
      [2600, [2], []], // compacted again
      [3000, [1], []], // leaves: a new row
    ] as [number, number[], number[]][]) {
      const out = apply(now, checked, matching);
      expect(out).toEqual(stored(out.id));
    }
    expect(stored(2)).toMatchObject({ repeats: 3, contactsChecked: 6, lastAt: new Date(2600).toISOString() });
    // A whole re-evaluation's row (contacts checked: null) is returned as stored too.
    d.exec('CREATE TABLE scratch (rid INTEGER)');
    const full = d.transaction(() =>
      applyFull(d, { segmentId: 's1', reason: 'manual', now: 4000 }, { sql: 'SELECT rid FROM scratch', params: [] }, 3999),
    )();
    expect(full.evaluation).toEqual(stored(full.evaluation.id));
    expect(full.evaluation.contactsChecked).toBeNull();
  });
});
