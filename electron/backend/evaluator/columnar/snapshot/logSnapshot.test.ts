/** Merging appended rows into a log: the result is the ts-sorted union, and the inputs stay untouched. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLogs, type LogArrays } from './logSnapshot.js';

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
