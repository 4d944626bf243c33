/** Merging appended rows into a log: the result is the ts-sorted union, and the inputs stay untouched. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { appendedByType, mergeLogs, sortByTs, type LogArrays } from './logSnapshot.js';

const logOf = (rows: [number, number][]): LogArrays => {
  const sorted = [...rows].sort((a, b) => a[0] - b[0]);
  return { ts: Float64Array.from(sorted.map((r) => r[0])), contact: Int32Array.from(sorted.map((r) => r[1])) };
};
const pairs = (l: LogArrays): string[] => Array.from(l.ts, (t, i) => `${t}:${l.contact[i]}`).sort();

describe('mergeLogs', () => {
  it('gives every row of both logs, in ts order, without changing them', () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 40 }), (a, b) => {
        const la = logOf(a);
        const lb = logOf(b);
        const before = [pairs(la), pairs(lb)];
        const m = mergeLogs(la, lb);
        for (let i = 1; i < m.ts.length; i++) expect(m.ts[i - 1]!).toBeLessThanOrEqual(m.ts[i]!);
        expect(pairs(m)).toEqual([...before[0]!, ...before[1]!].sort());
        expect([pairs(la), pairs(lb)]).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sortByTs', () => {
  it('orders by ts and keeps the input order of ties, whatever the timestamps (whole, fractional, far apart)', () => {
    const ts = fc.oneof(
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_050 }),
      fc.integer({ min: -5, max: 5 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
    );
    fc.assert(
      fc.property(fc.array(ts, { maxLength: 60 }), (list) => {
        const input = { ts: Float64Array.from(list), contact: Int32Array.from(list.map((_, i) => i)) };
        const out = sortByTs(input.ts, input.contact);
        const want = list.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(Array.from(out.ts)).toEqual(want.map((w) => w[0]));
        expect(Array.from(out.contact)).toEqual(want.map((w) => w[1]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('appendedByType', () => {
  it("reads the rows after each type's own watermark, and the same when a value is not a plain number", () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE interactions (id INTEGER PRIMARY KEY, type_id INTEGER, contact_rid INTEGER, ts)'); // ts untyped: text stays text
    const add = db.prepare('INSERT INTO interactions (id, type_id, contact_rid, ts) VALUES (?, ?, ?, ?)');
    for (let id = 1; id <= 40; id++) add.run(id, 1 + (id % 3), id * 7, 1000 - id * 13);
    const wanted = new Map([
      [1, 10],
      [2, 30],
    ]);
    const plain = appendedByType(db, 10, 40, wanted);
    expect(Array.from(plain.get(1)?.contact ?? [])).toEqual([39, 36, 33, 30, 27, 24, 21, 18, 15, 12].map((i) => i * 7));
    expect(Array.from(plain.get(2)?.contact ?? [])).toEqual([40, 37, 34, 31].map((i) => i * 7));
    expect(plain.has(3)).toBe(false);
    // A text timestamp (a column without type checks can hold one): the row path converts it like a load does.
    db.prepare('UPDATE interactions SET ts = ? WHERE id = 39').run('950');
    const odd = appendedByType(db, 10, 40, wanted);
    expect(Array.from(odd.get(1)?.ts ?? [])).toEqual([532, 571, 610, 649, 688, 727, 766, 805, 844, 950]);
    db.close();
  });
});
