/**
 * The row loops of a profile rule and of a condition group (conditions.ts), as small functions of
 * their own, and `warmKernels`, which runs each of them on a small synthetic column until V8 has
 * optimised it. Why: a first estimate in a fresh worker ran its 1M-row loops unoptimised — Q6 at 1M,
 * eight rules, ~40–70 ms of its first 110 ms against 14–17 ms warm (docs/performance.md, "session 10,
 * first estimate"). The worker calls `warmKernels` while it boots, before its first job; the code V8
 * optimises is the very code the rules then run (one function per loop, same array types).
 */
import { andInPlace, countBits, orInPlace, type Bitset } from './bitset.js';

/** An inclusive interval [lo, hi]; NaN bounds match nothing. */
export interface Interval {
  lo: number;
  hi: number;
}

/**
 * Rows whose dictionary code is TRUE / FALSE in the truth table: bit `rid` of `t` / `f` set. One word
 * at a time, built in registers (no read-modify-write per row).
 */
export function dictRuleBits(codes: Int32Array, isT: Uint8Array, isF: Uint8Array, t: Bitset, f: Bitset): void {
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
 * capacities), so no read falls outside the array.
 */
export function matchIntervals(values: Float64Array, intervals: readonly Interval[], m: Bitset): void {
  const n = values.length;
  for (const { lo, hi } of intervals) {
    for (let w = 0, base = 0; base < n; w++, base += 32) {
      let mw = 0;
      for (let j = 0; j < 32; j++) {
        const x = values[base + j]!;
        mw |= (x >= lo && x <= hi ? 1 : 0) << j;
      }
      m[w]! |= mw;
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
      hw |= (x === x ? 1 : 0) << j;
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

/** Rows of the synthetic column `warmKernels` runs on (a multiple of 32). */
const WARM_ROWS = 1 << 15;
/**
 * Passes over it per kernel. V8 (Node 20) optimises a function after enough calls and loop
 * iterations; 40 passes of 32k rows got every kernel optimised in the measurements of session 10
 * (its cost, ~3–6 ms at boot, is in docs/performance.md).
 */
const WARM_PASSES = 40;

/**
 * Runs every kernel on a synthetic column (random codes, values with NULLs) so V8 optimises them
 * before the first real rule; returns a checksum of the results so none of the work is dead code.
 */
export function warmKernels(rows = WARM_ROWS, passes = WARM_PASSES): number {
  const words = rows >>> 5;
  const codes = new Int32Array(rows);
  const values = new Float64Array(rows);
  const isT = new Uint8Array(16);
  const isF = new Uint8Array(16);
  for (let c = 1; c < 16; c++) {
    isT[c] = c & 1;
    isF[c] = (c & 1) ^ 1;
  }
  for (let i = 0; i < rows; i++) {
    codes[i] = (i * 7) & 15;
    values[i] = i % 11 === 0 ? NaN : (i * 13) % 97;
  }
  const intervals: Interval[] = [{ lo: 10, hi: 50 }];
  let sum = 0;
  for (let p = 0; p < passes; p++) {
    const t = new Uint32Array(words);
    const f = new Uint32Array(words);
    dictRuleBits(codes, isT, isF, t, f);
    const m = new Uint32Array(words);
    matchIntervals(values, intervals, m);
    const has = nonNullBits(values);
    and3(t, f, m, has, words);
    or3(t, f, has, m, words);
    and2(t, m, words);
    or2(t, has, words);
    orInPlace(andInPlace(m, has), f);
    sum += countBits(t) + countBits(m);
  }
  return sum;
}
