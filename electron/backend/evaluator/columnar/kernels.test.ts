import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasBit } from './bitset.js';
import { and2, and3, dictRuleBits, matchIntervals, nonNullBits, or2, or3 } from './kernels.js';

/** Rows are a multiple of 32, as columns.ts sizes every column. */
const rowsArb = fc.integer({ min: 1, max: 6 }).map((w) => w * 32);

describe('kernels', () => {
  it('dictRuleBits sets exactly the rows whose code is TRUE / FALSE in the tables', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 9 }), fc.nat(), (rows, dictSize, seed) => {
        const codes = Int32Array.from({ length: rows }, (_, i) => (i * 31 + seed) % dictSize);
        const isT = Uint8Array.from({ length: dictSize }, (_, c) => ((c + seed) % 3 === 0 ? 1 : 0));
        const isF = Uint8Array.from({ length: dictSize }, (_, c) => ((c + seed) % 3 === 1 ? 1 : 0));
        const t = new Uint32Array(rows / 32);
        const f = new Uint32Array(rows / 32);
        dictRuleBits(codes, isT, isF, t, f);
        for (let r = 0; r < rows; r++) {
          expect(hasBit(t, r)).toBe(isT[codes[r]!] === 1);
          expect(hasBit(f, r)).toBe(isF[codes[r]!] === 1);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('matchIntervals and nonNullBits follow the comparisons row by row (NaN = NULL matches nothing)', () => {
    const value = fc.oneof(fc.double(), fc.constant(NaN), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.array(value, { minLength: rows, maxLength: rows })),
        fc.array(fc.tuple(fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 })), fc.integer({ min: 0, max: 4 })), { maxLength: 3 }),
        (xs, bounds) => {
          const values = Float64Array.from(xs);
          const intervals = bounds.map(([lo, width]) => ({ lo, hi: lo + width }));
          const m = new Uint32Array(xs.length / 32);
          matchIntervals(values, intervals, m);
          const has = nonNullBits(values);
          xs.forEach((x, r) => {
            expect(hasBit(m, r)).toBe(intervals.some(({ lo, hi }) => x >= lo && x <= hi));
            expect(hasBit(has, r)).toBe(!Number.isNaN(x));
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the group loops are Kleene AND / OR word by word', () => {
    const words = 3;
    const bits = (seed: number): Uint32Array => Uint32Array.from({ length: words }, (_, i) => Math.imul(seed + i, 0x9e3779b1) >>> 0);
    const [t, f, ct, cf] = [bits(1), bits(2), bits(3), bits(4)];
    const a = { t: t.slice(), f: f.slice() };
    and3(a.t, a.f, ct, cf, words);
    const o = { t: t.slice(), f: f.slice() };
    or3(o.t, o.f, ct, cf, words);
    const a2 = t.slice();
    and2(a2, ct, words);
    const o2 = t.slice();
    or2(o2, ct, words);
    for (let i = 0; i < words; i++) {
      expect(a.t[i]).toBe((t[i]! & ct[i]!) >>> 0);
      expect(a.f[i]).toBe((f[i]! | cf[i]!) >>> 0);
      expect(o.t[i]).toBe((t[i]! | ct[i]!) >>> 0);
      expect(o.f[i]).toBe((f[i]! & cf[i]!) >>> 0);
      expect(a2[i]).toBe(a.t[i]);
      expect(o2[i]).toBe(o.t[i]);
    }
  });
});
