/**
 * Plain fixed-size bitsets over a rid space (bit r = record with rid r), one bit per rid in a
 * Uint32Array. Every block result of the columnar evaluator is one of these; set operations are
 * word-wise loops (a 1M-rid set is 31,250 words: well under a millisecond per operation).
 */

/** A bitset able to hold rids 0 … size−1. */
export type Bitset = Uint32Array;

export function bitsetWords(size: number): number {
  return (size + 31) >>> 5;
}

export function newBitset(size: number): Bitset {
  return new Uint32Array(bitsetWords(size));
}

export function setBit(b: Bitset, rid: number): void {
  b[rid >>> 5]! |= 1 << (rid & 31);
}

export function clearBit(b: Bitset, rid: number): void {
  b[rid >>> 5]! &= ~(1 << (rid & 31));
}

export function hasBit(b: Bitset, rid: number): boolean {
  const w = rid >>> 5;
  return w < b.length && (b[w]! & (1 << (rid & 31))) !== 0;
}

/** A copy of `b` with `words` words (cut or zero-padded). */
export function resized(b: Bitset, words: number): Bitset {
  const out = new Uint32Array(words);
  out.set(words >= b.length ? b : b.subarray(0, words));
  return out;
}

/** a |= b (b may be shorter or longer; extra words of b beyond a are ignored). */
export function orInPlace(a: Bitset, b: Bitset): Bitset {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) a[i]! |= b[i]!;
  return a;
}

/** a &= b (words of a beyond b are cleared). */
export function andInPlace(a: Bitset, b: Bitset): Bitset {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) a[i]! &= b[i]!;
  a.fill(0, n);
  return a;
}

/** a &= ~b. */
export function andNotInPlace(a: Bitset, b: Bitset): Bitset {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) a[i]! &= ~b[i]!;
  return a;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of set bits. */
export function countBits(b: Bitset): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const w = b[i]!;
    if (w !== 0) n += popcount32(w);
  }
  return n;
}

/** Calls `fn` for every set bit in ascending order. */
export function forEachBit(b: Bitset, fn: (rid: number) => void): void {
  for (let i = 0; i < b.length; i++) {
    let w = b[i]!;
    while (w !== 0) {
      const t = w & -w;
      fn((i << 5) + 31 - Math.clz32(t));
      w ^= t;
    }
  }
}

/** The set bits as an ascending array. */
export function bitsToArray(b: Bitset): number[] {
  const out: number[] = [];
  forEachBit(b, (r) => out.push(r));
  return out;
}

/** A bitset of `words` words from rids (rids outside the range are ignored). */
export function bitsetFromRids(rids: Iterable<number>, words: number): Bitset {
  const b = new Uint32Array(words);
  const limit = words * 32;
  for (const r of rids) if (r >= 0 && r < limit && Number.isInteger(r)) b[r >>> 5]! |= 1 << (r & 31);
  return b;
}
