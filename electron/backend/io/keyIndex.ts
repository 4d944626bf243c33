/**
 * Contact key → rid for a big interactions import: every key of the table loaded once, answering exactly
 * as a `Map<string, number>` of them would, but cheaper per lookup. A 2M-row import spent about a quarter
 * of its CPU in `Map.get` over 1M string keys (hash the fresh string from the parser, then a cache miss in
 * a table of a million entries: docs/performance.md). Exports from CRMs name contacts by a prefix and a
 * number ("C101725", "CUST-00042" aside — see below), so keys of that shape are stored by number in one
 * dense `Int32Array` per prefix: a lookup reads the digits and indexes the array. Any other key — and
 * every key of a prefix whose numbers are too sparse for an array — stays in a `Map`.
 */
import type { Db } from '../db/connection.js';
import type { KeyLookup } from './cells.js';

/** More distinct prefixes than this and the rest go to the map (a lookup compares prefixes one by one). */
const MAX_PREFIXES = 8;
/** Longest digit run kept as a number: 15 decimal digits are exact in a double. */
const MAX_DIGITS = 15;
const NONE = -1;

/**
 * Splits `key` into a prefix and a canonical decimal number — the longest run of digits at its end,
 * with no leading zero (so the pair maps back to exactly one key) — and returns the prefix's length, or
 * -1 when the key has no such form (no trailing digits, a leading zero, too many digits).
 */
function splitAt(key: string): number {
  let i = key.length;
  while (i > 0) {
    const c = key.charCodeAt(i - 1);
    if (c < 48 || c > 57) break;
    i--;
  }
  const digits = key.length - i;
  if (digits === 0 || digits > MAX_DIGITS) return -1;
  if (digits > 1 && key.charCodeAt(i) === 48) return -1;
  return i;
}

function numberAt(key: string, from: number): number {
  let n = 0;
  for (let i = from; i < key.length; i++) n = n * 10 + (key.charCodeAt(i) - 48);
  return n;
}

/** Keys of one prefix collected while loading. */
interface Collected {
  nums: number[];
  rids: number[];
  min: number;
  max: number;
}

/** A prefix whose keys live in a dense array: `slots[n - base]` is the rid of key prefix + n, or NONE. */
interface Dense {
  prefix: string;
  base: number;
  slots: Int32Array;
}

export class KeyIndex implements KeyLookup {
  private readonly dense: Dense[] = [];
  private readonly rest = new Map<string, number>();
  private lastKey: string | null = null;
  private lastRid: number | undefined = undefined;

  /** Builds the index from key/rid pairs (each key at most once, as the table's unique key guarantees). */
  constructor(pairs: Iterable<readonly [string, number]>) {
    const byPrefix = new Map<string, Collected>();
    for (const [key, rid] of pairs) {
      const at = splitAt(key);
      const prefix = at < 0 ? null : key.slice(0, at);
      let c = prefix === null ? undefined : byPrefix.get(prefix);
      if (prefix !== null && c === undefined && byPrefix.size < MAX_PREFIXES) {
        c = { nums: [], rids: [], min: Infinity, max: -Infinity };
        byPrefix.set(prefix, c);
      }
      // Rids outside int32 (never in practice) stay in the map rather than wrapping in the array.
      if (c === undefined || rid < 0 || rid > 0x7fffffff || !Number.isInteger(rid)) {
        this.rest.set(key, rid);
        continue;
      }
      const n = numberAt(key, at);
      c.nums.push(n);
      c.rids.push(rid);
      if (n < c.min) c.min = n;
      if (n > c.max) c.max = n;
    }
    for (const [prefix, c] of byPrefix) {
      const span = c.max - c.min + 1;
      // Dense enough: at most 4 slots per key (16 bytes a key, against ~100 for a map entry and its string).
      if (span <= c.nums.length * 4 + 1024) {
        const slots = new Int32Array(span).fill(NONE);
        for (let i = 0; i < c.nums.length; i++) slots[(c.nums[i] as number) - c.min] = c.rids[i] as number;
        this.dense.push({ prefix, base: c.min, slots });
      } else {
        for (let i = 0; i < c.nums.length; i++) this.rest.set(prefix + String(c.nums[i]), c.rids[i] as number);
      }
    }
  }

  /** Loads every key of an entity table. */
  static load(db: Db, table: string): KeyIndex {
    return new KeyIndex(db.prepare(`SELECT key, rid FROM "${table}"`).raw().iterate() as IterableIterator<[string, number]>);
  }

  get(key: string): number | undefined {
    // Exports often list one contact's interactions together: the previous answer is the likeliest.
    if (key === this.lastKey) return this.lastRid;
    const rid = this.find(key);
    this.lastKey = key;
    this.lastRid = rid;
    return rid;
  }

  private find(key: string): number | undefined {
    const at = this.dense.length === 0 ? -1 : splitAt(key);
    if (at >= 0) {
      for (const d of this.dense) {
        if (d.prefix.length !== at || !key.startsWith(d.prefix)) continue;
        // Every canonical key of a dense prefix is in its array, so a miss there is a miss.
        const slot = numberAt(key, at) - d.base;
        if (slot < 0 || slot >= d.slots.length) return undefined;
        const rid = d.slots[slot] as number;
        return rid === NONE ? undefined : rid;
      }
    }
    return this.rest.get(key);
  }
}
