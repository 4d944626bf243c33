/**
 * Chunked member storage (migration 008): the writers, the `segment_members` view and its triggers
 * must agree with a plain set of rids through any sequence of changes, and a database migrated from
 * the old one-row-per-member table keeps its members.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeMemberBits } from '../evaluator/columnar/writeMembers.js';
import { openDatabase, type Db } from './connection.js';
import {
  changeStoredMembers,
  chunkTextHas,
  deleteStoredMembers,
  isStoredMember,
  MEMBER_CHUNK_SIZE,
  memberProbeSql,
  sharedMemberCount,
  storedMemberCount,
  storedMemberRids,
} from './memberStore.js';
import { MIGRATIONS } from './migrations/index.js';

const SPACE = 5 * MEMBER_CHUNK_SIZE + 300; // several chunks and a partly used last one

function viewRids(db: Db, seg: string): number[] {
  return db.prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ? ORDER BY contact_rid').pluck().all(seg) as number[];
}

function expectStored(db: Db, seg: string, model: Set<number>): void {
  const want = [...model].sort((a, b) => a - b);
  expect(storedMemberRids(db, seg)).toEqual(want);
  expect(viewRids(db, seg)).toEqual(want);
  expect(storedMemberCount(db, seg)).toBe(want.length);
  // Every chunk row is non-empty, ascending, in its own chunk, and counts its rids.
  for (const r of db.prepare('SELECT chunk, n, rids FROM segment_member_chunks WHERE segment_id = ?').all(seg) as {
    chunk: number;
    n: number;
    rids: string;
  }[]) {
    const rids = JSON.parse(r.rids) as number[];
    expect(rids.length).toBe(r.n);
    expect(r.n).toBeGreaterThan(0);
    expect(rids).toEqual([...rids].sort((a, b) => a - b));
    for (const rid of rids) expect(Math.floor(rid / MEMBER_CHUNK_SIZE)).toBe(r.chunk);
  }
}

const rid = fc.integer({ min: 0, max: SPACE - 1 });

describe('chunked segment members', () => {
  it('changeStoredMembers follows a set through random adds and removes, and reports exactly what changed', () => {
    const db = openDatabase(':memory:');
    fc.assert(
      fc.property(
        fc.array(fc.record({ add: fc.array(rid, { maxLength: 60 }), remove: fc.array(rid, { maxLength: 60 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (steps) => {
          deleteStoredMembers(db, 's');
          deleteStoredMembers(db, 'other');
          changeStoredMembers(db, 'other', [1, 2, MEMBER_CHUNK_SIZE + 1], []);
          const model = new Set<number>();
          for (const step of steps) {
            const before = new Set(model);
            for (const r of step.remove) model.delete(r);
            for (const r of step.add) model.add(r);
            const { joined, left } = changeStoredMembers(db, 's', step.add, step.remove);
            expect(joined).toEqual([...model].filter((r) => !before.has(r)).sort((a, b) => a - b));
            expect(left).toEqual([...before].filter((r) => !model.has(r)).sort((a, b) => a - b));
            expectStored(db, 's', model);
          }
          for (const r of [0, 1, 2, MEMBER_CHUNK_SIZE, SPACE - 1]) expect(isStoredMember(db, 's', r)).toBe(model.has(r));
          expectStored(db, 'other', new Set([1, 2, MEMBER_CHUNK_SIZE + 1]));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writeMemberBits writes the differing chunks only, drops rids beyond the bitset, and counts the change', () => {
    const db = openDatabase(':memory:');
    fc.assert(
      fc.property(
        fc.uniqueArray(rid, { maxLength: 400 }),
        fc.uniqueArray(rid, { maxLength: 400 }),
        fc.integer({ min: 1, max: SPACE >> 5 }),
        (before, after, words) => {
          deleteStoredMembers(db, 's');
          changeStoredMembers(db, 's', before, []);
          const limit = words * 32;
          const bits = (rids: number[]): Uint32Array => {
            const b = new Uint32Array(words);
            for (const r of rids) if (r < limit) b[r >>> 5]! |= 1 << (r & 31);
            return b;
          };
          const untouched = db.prepare('SELECT chunk, rids FROM segment_member_chunks WHERE segment_id = ?').all('s') as {
            chunk: number;
            rids: string;
          }[];
          const { added, removed } = writeMemberBits(db, 's', bits(after), bits(before));
          const want = new Set(after.filter((r) => r < limit));
          expectStored(db, 's', want);
          const had = new Set(before);
          expect(added).toBe([...want].filter((r) => !had.has(r)).length);
          expect(removed).toBe(before.filter((r) => !want.has(r)).length);
          // A chunk whose members did not change keeps its row as it was.
          for (const r of untouched) {
            const lo = r.chunk * MEMBER_CHUNK_SIZE;
            const same = (rids: Iterable<number>): string =>
              JSON.stringify([...rids].filter((x) => x >= lo && x < lo + MEMBER_CHUNK_SIZE).sort((a, b) => a - b));
            if (same(had) === same(want)) {
              expect(
                db.prepare('SELECT rids FROM segment_member_chunks WHERE segment_id = ? AND chunk = ?').pluck().get('s', r.chunk),
              ).toBe(r.rids);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the view takes INSERT and DELETE like the old table (triggers)', () => {
    const db = openDatabase(':memory:');
    const model = new Set<number>();
    const ins = db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)');
    const del = db.prepare('DELETE FROM segment_members WHERE segment_id = ? AND contact_rid = ?');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), rid), { maxLength: 80 }), (ops) => {
        for (const [add, r] of ops) {
          if (add) {
            ins.run('s', r);
            model.add(r);
          } else {
            del.run('s', r);
            model.delete(r);
          }
        }
        expectStored(db, 's', model);
        // Stored as integers, whatever the binding (better-sqlite3 binds numbers as REAL).
        expect(
          db.prepare("SELECT count(*) FROM segment_members WHERE segment_id = 's' AND typeof(contact_rid) <> 'integer'").pluck().get(),
        ).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('sharedMemberCount counts the intersection of two segments', () => {
    const db = openDatabase(':memory:');
    fc.assert(
      fc.property(fc.uniqueArray(rid, { maxLength: 500 }), fc.uniqueArray(rid, { maxLength: 500 }), (a, b) => {
        deleteStoredMembers(db, 'a');
        deleteStoredMembers(db, 'b');
        changeStoredMembers(db, 'a', a, []);
        changeStoredMembers(db, 'b', b, []);
        const inB = new Set(b);
        const want = a.filter((r) => inB.has(r)).length;
        expect(sharedMemberCount(db, 'a', 'b')).toBe(want);
        expect(sharedMemberCount(db, 'b', 'a')).toBe(want);
      }),
      { numRuns: 100 },
    );
  });

  it('the one-contact probe reads one chunk by primary key', () => {
    const db = openDatabase(':memory:');
    changeStoredMembers(db, 's', [5, 7, 5000], []);
    const probe = db.prepare(`SELECT ${memberProbeSql('?')}`).pluck();
    // memberProbeSql binds the segment first, then the rid expression's parameters in order.
    expect(probe.get('s', 5000, 5000)).toBe(1);
    expect(probe.get('s', 6, 6)).toBe(0);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT ${memberProbeSql('?')}`).all('s', 1, 1) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('SEARCH c USING PRIMARY KEY (segment_id=? AND chunk=?)');
  });

  it('a database with one row per member keeps its members through migration 8', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.filter((x) => x.version < 8)) db.transaction(() => m.up(db))();
    const ins = db.prepare('INSERT INTO segment_members (segment_id, contact_rid) VALUES (?, ?)');
    const want: Record<string, number[]> = { a: [1, 3, 1023, 1024, 99_999], b: [2] };
    for (const [seg, rids] of Object.entries(want)) for (const r of [...rids].reverse()) ins.run(seg, r);
    for (const m of MIGRATIONS.filter((x) => x.version >= 8)) db.transaction(() => m.up(db))();
    for (const [seg, rids] of Object.entries(want)) {
      expect(viewRids(db, seg)).toEqual(rids);
      expect(storedMemberCount(db, seg)).toBe(rids.length);
      expect(storedMemberRids(db, seg)).toEqual(rids);
    }
    db.close();
  });
});

describe('chunkTextHas (membership answered on the stored text)', () => {
  it('agrees with the parsed chunk for every rid, also prefixes and suffixes of members', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3000 }),
        (rids, probe) => {
          const json = `[${[...rids].sort((a, b) => a - b).join(',')}]`;
          for (const rid of [probe, ...rids, ...rids.map((r) => Math.floor(r / 10)), ...rids.map((r) => r * 10 + 1)]) {
            expect(chunkTextHas(json, rid)).toBe(rids.includes(rid));
          }
        },
      ),
    );
    expect(chunkTextHas('[112,123,1212]', 12)).toBe(false);
    expect(chunkTextHas('[12]', 12)).toBe(true);
  });
});
