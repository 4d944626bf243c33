/**
 * The go-live preview's merge equals the plain set difference of stored and new members (counts and
 * the first rids of each list), from rids in any order with repeats or from SQL, inline and on the
 * real writer thread (its own connection to the same file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { changeStoredMembers, deleteStoredMembers } from '../db/memberStore.js';
import { WriterHost } from '../db/writer.js';
import { previewDiff, type PreviewDiffResult } from './previewDiff.js';

let dir = '';
let file = '';
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-preview-'));
  file = path.join(dir, 'app.db');
  db = openDatabase(file);
  db.exec('CREATE TABLE picked (rid INTEGER)');
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function store(rids: readonly number[]): void {
  db.transaction(() => {
    deleteStoredMembers(db, 's');
    changeStoredMembers(db, 's', rids, []);
  })();
}

/** The reference: set differences, ascending. */
function expected(stored: readonly number[], next: readonly number[], limit: number): PreviewDiffResult {
  const a = new Set(stored);
  const b = new Set(next);
  const added = [...b].filter((r) => !a.has(r)).sort((x, y) => x - y);
  const removed = [...a].filter((r) => !b.has(r)).sort((x, y) => x - y);
  return {
    currentSize: a.size,
    newSize: b.size,
    adds: added.length,
    removes: removed.length,
    added: added.slice(0, limit),
    removed: removed.slice(0, limit),
  };
}

const rids = fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 300 });

describe('previewDiff', () => {
  it('equals the set difference for rids in any order, with repeats, across chunks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 300 }), rids, fc.nat(20), (stored, next, limit) => {
        store(stored);
        const out = previewDiff(db, { kind: 'previewDiff', segmentId: 's', source: { rids: Float64Array.from(next) }, limit });
        expect(out).toEqual(expected(stored, next, limit));
      }),
      { numRuns: 60 },
    );
  });

  it('reads new members from SQL too (a static segment)', () => {
    store([1, 2, 3, 2048]);
    db.exec('DELETE FROM picked; INSERT INTO picked VALUES (3), (3), (4), (NULL), (9000)');
    const out = previewDiff(db, { kind: 'previewDiff', segmentId: 's', source: { sql: 'SELECT rid FROM picked', params: [] }, limit: 10 });
    expect(out).toEqual(expected([1, 2, 3, 2048], [3, 4, 9000], 10));
  });

  it('gives the same answer on the writer thread', async () => {
    const stored = Array.from({ length: 3000 }, (_, i) => 1 + i * 3);
    const next = Array.from({ length: 4000 }, (_, i) => 4000 - i * 2);
    store(stored);
    const writer = new WriterHost(file);
    try {
      const out = await writer.run({ kind: 'previewDiff', segmentId: 's', source: { rids: Float64Array.from(next) }, limit: 50 });
      expect(out).toEqual(expected(stored, next, 50));
    } finally {
      await writer.close();
    }
  });
});
