/**
 * The row loops of a profile rule and of a condition group (conditions.ts), as small functions of
 * their own, each tested against the row-by-row comparison (kernels.test.ts).
 */
import type { Bitset } from './bitset.js';
import type { CompactNumbers } from './snapshot/entitySnapshot.js';

/** An inclusive interval [lo, hi]; NaN bounds match nothing. */
export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Rows whose dictionary code is TRUE / FALSE in the truth table: bit `rid` of `t` / `f` set. One word
 * at a time, built in registers (no read-modify-write per row).
 */
export function dictRuleBits(codes: Int32Array | Uint16Array | Uint8Array, isT: Uint8Array, isF: Uint8Array, t: Bitset, f: Bitset): void {
  const n = codes.length;
  for (let w = 0, base = 0; base < n; w++, base += 32) {
    let tw = 0;
    let fw = 0;
    const end = Math.min(32, n - base);
    for (let j = 0; j < end; j++) {
      const c = codes[base + j]!;
      tw |= isT[c]! << j;
      fw |= isF[c]! << j;
    }
    t[w] = tw;
    f[w] = fw;
  }
}

/**
 * Sets in `m` the rows whose value lies in one of the (inclusive) intervals. Branch-free inner loops:
 * one word is built in a register per 32 rows. `values.length` is a multiple of 32 (columns.ts rounds
 * capacities), so no read falls outside the array. The two comparisons are combined with `&` of their
 * numbers, not `&&` / `?:`: V8 compiled those to branches, which mispredict on unsorted values (1M random
 * values: 9–15 ms against 1.5–2 ms; session 10, docs/performance.md). NaN fails both, as before.
 */
export function matchIntervals(values: Float64Array, intervals: readonly Interval[], m: Bitset): void {
  const n = values.length;
  for (const { lo, hi } of intervals) {
    for (let w = 0, base = 0; base < n; w++, base += 32) {
      let mw = 0;
      for (let j = 0; j < 32; j++) {
        const x = values[base + j]!;
        mw |= (+(x >= lo) & +(x <= hi)) << j;
      }
      m[w]! |= mw;
    }
  }
}

/**
 * `matchIntervals` on a compact column (snapshot u8 / u16 values, NULL rows in `nulls`, which hold 0 in
 * `values`): the same comparisons of the same whole numbers, NULL rows cleared per word. `values.length`
 * is the column's capacity (a multiple of 32), as `narrow` columns are only kept at it (columns.ts). A loop
 * of its own rather than one shared with `matchIntervals`: each then sees one array type and V8 keeps it
 * monomorphic (a shared loop over Float64Array and Uint8/Uint16Array would be compiled for all three).
 */
export function matchIntervalsNarrow(col: CompactNumbers, intervals: readonly Interval[], m: Bitset): void {
  const { values, nulls } = col;
  const n = values.length;
  for (const { lo, hi } of intervals) {
    for (let w = 0, base = 0; base < n; w++, base += 32) {
      let mw = 0;
      for (let j = 0; j < 32; j++) {
        const x = values[base + j]!;
        mw |= (+(x >= lo) & +(x <= hi)) << j;
      }
      m[w]! |= mw & ~nulls[w]!;
    }
  }
}

/** Non-NULL (not NaN) rows of a numeric column (`values.length` a multiple of 32). */
export function nonNullBits(values: Float64Array): Bitset {
  const has = new Uint32Array(values.length >>> 5);
  for (let w = 0, base = 0; base < values.length; w++, base += 32) {
    let hw = 0;
    for (let j = 0; j < 32; j++) {
      const x = values[base + j]!;
      hw |= +(x === x) << j;
    }
    has[w] = hw;
  }
  return has;
}

/** Three-valued AND into (t, f): t &= ct, f |= cf, over `words` words. */
export function and3(t: Bitset, f: Bitset, ct: Bitset, cf: Bitset, words: number): void {
  for (let i = 0; i < words; i++) {
    t[i]! &= ct[i]!;
    f[i]! |= cf[i]!;
  }
}

/** Three-valued OR into (t, f): t |= ct, f &= cf, over `words` words. */
export function or3(t: Bitset, f: Bitset, ct: Bitset, cf: Bitset, words: number): void {
  for (let i = 0; i < words; i++) {
    t[i]! |= ct[i]!;
    f[i]! &= cf[i]!;
  }
}

/** Two-valued AND / OR into t over `words` words. */
export function and2(t: Bitset, ct: Bitset, words: number): void {
  for (let i = 0; i < words; i++) t[i]! &= ct[i]!;
}

export function or2(t: Bitset, ct: Bitset, words: number): void {
  for (let i = 0; i < words; i++) t[i]! |= ct[i]!;
}
