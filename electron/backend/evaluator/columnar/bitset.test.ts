import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  andInPlace,
  andNotInPlace,
  bitsetFromRids,
  bitsToArray,
  clearBit,
  countBits,
  hasBit,
  newBitset,
  orInPlace,
  resized,
  setBit,
} from './bitset.js';

const SIZE = 200;
const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

describe('bitset', () => {
  it('sets, clears and tests single bits, including word edges', () => {
    const b = newBitset(SIZE);
    for (const r of [0, 31, 32, 63, 64, 199]) setBit(b, r);
    clearBit(b, 63);
    expect(bitsToArray(b)).toEqual([0, 31, 32, 64, 199]);
    expect(hasBit(b, 31)).toBe(true);
    expect(hasBit(b, 63)).toBe(false);
    expect(hasBit(b, 10_000)).toBe(false); // beyond the words: not a member, no throw
    expect(countBits(b)).toBe(5);
  });

  it('union / intersect / except and counts agree with Set semantics', () => {
    const arb = fc.array(fc.integer({ min: 0, max: SIZE - 1 }), { maxLength: 80 });
    fc.assert(
      fc.property(arb, arb, (xs, ys) => {
        const words = newBitset(SIZE).length;
        const a = () => bitsetFromRids(xs, words);
        const b = bitsetFromRids(ys, words);
        const A = new Set(xs);
        const B = new Set(ys);
        expect(bitsToArray(orInPlace(a(), b))).toEqual(sorted(new Set([...A, ...B])));
        expect(bitsToArray(andInPlace(a(), b))).toEqual(sorted(new Set([...A].filter((x) => B.has(x)))));
        expect(bitsToArray(andNotInPlace(a(), b))).toEqual(sorted(new Set([...A].filter((x) => !B.has(x)))));
        expect(countBits(a())).toBe(A.size);
      }),
    );
  });

  it('ignores rids outside the range and non-integers; resizes by cutting or padding', () => {
    const b = bitsetFromRids([-1, 1.5, 3, 64, 1000], 2);
    expect(bitsToArray(b)).toEqual([3]);
    expect(bitsToArray(resized(bitsetFromRids([3, 40], 2), 1))).toEqual([3]);
    expect(resized(b, 4).length).toBe(4);
    // intersect with a shorter set clears the tail
    expect(bitsToArray(andInPlace(bitsetFromRids([3, 40], 2), bitsetFromRids([3], 1)))).toEqual([3]);
  });
});
