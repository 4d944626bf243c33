/**
 * One interaction type's log in memory, sorted by time: contact rid (Int32Array) + ts (Float64Array),
 * read once from the covering (type_id, ts, contact_rid) index. A window is two binary searches; a
 * count condition is one pass over the window counting per contact.
 *
 * Small changes (a DataChange naming contacts) do not reload the log: those contacts get an override
 * (their current timestamps, re-read), and their base rows are skipped. Past OVERRIDE_LIMIT contacts
 * the owner drops the log instead.
 */
import type { CountOperator } from '../../../../shared/segments/ast.js';
import { countMatches } from '../../../../shared/segments/evaluate.js';
import type { Db } from '../../db/connection.js';
import { bitsetWords, hasBit, setBit, type Bitset } from './bitset.js';
import type { LoadStat } from './columns.js';
import { mergeLogs, sortByTs, type LogArrays, type LogStamp } from './snapshot/logSnapshot.js';

/** Rows loaded between two yields of a pre-warming load. */
export const LOAD_CHUNK = 250_000;

/** Above this many overridden contacts a log is cheaper to reload than to patch. */
export const OVERRIDE_LIMIT = 20_000;

/** First index i with a[i] >= x (a sorted ascending; length when none). */
export function lowerBound(a: Float64Array, x: number, end = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with a[i] > x. */
export function upperBound(a: Float64Array, x: number, end = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `INDEXED BY name` while the index exists; nothing while a bulk load has it dropped. */
function indexHint(db: Db, name: string): string {
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck().get(name) !== undefined;
  return exists ? ` INDEXED BY ${name}` : '';
}

/** Where the SQL function `ss_take_log` of a connection puts rows (set only while `loadWhole` reads). */
const sinks = new WeakMap<Db, { target: ((ts: unknown, contact: unknown) => void) | null }>();

/** Registers `ss_take_log` on `db` (once; call when no statement runs: the engine does it at construction). */
export function logSink(db: Db): { target: ((ts: unknown, contact: unknown) => void) | null } {
  let sink = sinks.get(db);
  if (!sink) {
    const s: { target: ((ts: unknown, contact: unknown) => void) | null } = { target: null };
    db.function('ss_take_log', { directOnly: true }, (ts: unknown, contact: unknown) => {
      s.target?.(ts, contact);
      return null;
    });
    sinks.set(db, s);
    sink = s;
  }
  return sink;
}

export class InteractionLog {
  ts: Float64Array;
  contact: Int32Array;
  /** Contacts whose rows were re-read after the load: their current timestamps (sorted). */
  readonly overrides = new Map<number, Float64Array>();
  private overridden: Bitset = new Uint32Array(0);
  /**
   * The `interactions` version and largest id this log is known to equal exactly (snapshot/), or null
   * once a patch made it "right but not provably at one stamp": such a log is never written to disk.
   */
  clean: LogStamp | null = null;
  /** max(id) of interactions when the log was read (the engine's watermark). */
  loadedAt = 0;
  /** Small cache of block results: a window is identified by its index range in the log. */
  private readonly results = new Map<string, Bitset>();

  constructor(
    private readonly db: Db,
    readonly typeId: number,
    readonly typeName: string,
    ts: Float64Array,
    contact: Int32Array,
    /**
     * Rows appended after `ts`/`contact` were built (an import's catch-up), sorted by ts, kept apart so
     * a catch-up does not copy the whole log; a window is then searched in both (engine.ts merges the
     * tail into the base once it grows past an eighth of it).
     */
    readonly tail: LogArrays | null = null,
  ) {
    this.ts = ts;
    this.contact = contact;
  }

  /** Rows in the log (base and tail). */
  get length(): number {
    return this.ts.length + (this.tail?.ts.length ?? 0);
  }

  /** The whole log as one ts-sorted pair of arrays (a merge when there is a tail; for snapshot files). */
  arrays(): LogArrays {
    return this.tail ? mergeLogs({ ts: this.ts, contact: this.contact }, this.tail) : { ts: this.ts, contact: this.contact };
  }

  /** Loads the log of one type at once. */
  static load(db: Db, typeId: number, typeName: string, stats: LoadStat[]): InteractionLog {
    const gen = InteractionLog.loading(db, typeId, typeName, stats);
    for (;;) {
      const step = gen.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Loads the log of one type at once, the rows handed to JS by a SQL function called per row straight
   * into typed arrays (~0.2 µs a row instead of ~1.7 µs for a JS row array: EmailSent's 7M rows at 1M
   * contacts in ~2 s instead of ~11 s). For jobs and the background builder; pre-warming uses `loading`.
   */
  static loadWhole(db: Db, typeId: number, typeName: string, stats: LoadStat[]): InteractionLog {
    const t0 = performance.now();
    const hint = indexHint(db, 'interactions_type_ts_contact');
    const n = db.prepare(`SELECT count(*) FROM interactions${hint} WHERE type_id = ?`).pluck().get(typeId) as number;
    const buf = { ts: new Float64Array(Math.max(16, n)), contact: new Int32Array(Math.max(16, n)), n: 0, odd: false };
    const sink = logSink(db);
    sink.target = (ts, contact) => {
      if (typeof ts !== 'number' || typeof contact !== 'number') {
        buf.odd = true;
        return;
      }
      if (buf.n === buf.ts.length) {
        // Rows committed between the count and the scan: grow.
        const t2 = new Float64Array(buf.n * 2);
        t2.set(buf.ts);
        const c2 = new Int32Array(buf.n * 2);
        c2.set(buf.contact);
        buf.ts = t2;
        buf.contact = c2;
      }
      buf.ts[buf.n] = ts;
      buf.contact[buf.n++] = contact;
    };
    try {
      db.prepare(`SELECT count(ss_take_log(ts, contact_rid)) FROM interactions${hint} WHERE type_id = ?`).pluck().get(typeId);
    } finally {
      sink.target = null;
    }
    if (buf.odd) return InteractionLog.load(db, typeId, typeName, stats);
    // The covering index yields ts order; without it (a bulk load dropped it) the rows come in table order.
    const ts = buf.ts.subarray(0, buf.n);
    const contact = buf.contact.subarray(0, buf.n);
    let inOrder = true;
    for (let i = 1; i < ts.length && inOrder; i++) inOrder = ts[i - 1]! <= ts[i]!;
    const sorted = inOrder ? { ts, contact } : sortByTs(ts, contact);
    stats.push({ what: `interactions.${typeName}`, rows: buf.n, ms: performance.now() - t0 });
    return new InteractionLog(db, typeId, typeName, sorted.ts, sorted.contact);
  }

  /**
   * Loads the log in slices of CHUNK rows, yielding between them (pre-warming between jobs). The
   * statement stays open across yields, so the whole load reads one snapshot; closing the generator
   * early (`return()`) closes the statement and frees the connection.
   */
  static *loading(db: Db, typeId: number, typeName: string, stats: LoadStat[], chunk = LOAD_CHUNK): Generator<void, InteractionLog> {
    const t0 = performance.now();
    // A bulk load drops the index until its end (io/interactionImport.ts): read the table then, slowly but right.
    const hint = indexHint(db, 'interactions_type_ts_contact');
    const n = db.prepare(`SELECT count(*) FROM interactions${hint} WHERE type_id = ?`).pluck().get(typeId) as number;
    let ts = new Float64Array(n);
    let contact = new Int32Array(n);
    let i = 0;
    const rows = db.prepare(`SELECT ts, contact_rid FROM interactions${hint} WHERE type_id = ? ORDER BY ts`).raw();
    for (const row of rows.iterate(typeId) as IterableIterator<[number, number]>) {
      if (i === ts.length) {
        // Rows committed between the count and the scan: grow.
        const t2 = new Float64Array(Math.max(16, ts.length * 2));
        t2.set(ts);
        const c2 = new Int32Array(t2.length);
        c2.set(contact);
        ts = t2;
        contact = c2;
      }
      ts[i] = Number(row[0]);
      contact[i] = Number(row[1]);
      i++;
      if (i % chunk === 0) yield;
    }
    stats.push({ what: `interactions.${typeName}`, rows: i, ms: performance.now() - t0 });
    return new InteractionLog(db, typeId, typeName, ts.subarray(0, i), contact.subarray(0, i));
  }

  bytes(): number {
    let n = this.ts.byteLength + this.contact.byteLength + this.overridden.byteLength;
    if (this.tail) n += this.tail.ts.byteLength + this.tail.contact.byteLength;
    for (const o of this.overrides.values()) n += o.byteLength;
    return n;
  }

  /** Re-reads the rows of `contactRids`; returns false when the log should be dropped instead. */
  patch(contactRids: readonly number[]): boolean {
    if (this.overrides.size + contactRids.length > OVERRIDE_LIMIT) return false;
    this.clean = null;
    this.results.clear();
    const read = this.db
      .prepare(
        `SELECT ts FROM interactions${indexHint(this.db, 'interactions_contact_type_ts')} WHERE contact_rid = ? AND type_id = ? ORDER BY ts`,
      )
      .pluck();
    for (const rid of contactRids) {
      if (!Number.isInteger(rid) || rid < 0) continue;
      const words = bitsetWords(rid + 1);
      if (words > this.overridden.length) {
        const b = new Uint32Array(Math.max(words, this.overridden.length * 2));
        b.set(this.overridden);
        this.overridden = b;
      }
      setBit(this.overridden, rid);
      this.overrides.set(rid, Float64Array.from(read.all(rid, this.typeId) as number[]));
    }
    return true;
  }

  /**
   * Contacts (as a bitset of `words` words) with a count in [start, now] that meets the condition.
   * Interactions after `now` do not exist yet; `start` undefined = lifetime.
   */
  matching(start: number | undefined, now: number, op: CountOperator, value: number, words: number): Bitset {
    const ranges: [Int32Array, number, number][] = [];
    for (const part of this.tail ? [{ ts: this.ts, contact: this.contact }, this.tail] : [{ ts: this.ts, contact: this.contact }]) {
      ranges.push([part.contact, start === undefined ? 0 : lowerBound(part.ts, start), upperBound(part.ts, now)]);
    }
    const key = `${ranges.map((r) => `${r[1]}:${r[2]}`).join(':')}:${start ?? ''}:${now}:${op}:${value}:${words}`;
    const cached = this.results.get(key);
    if (cached) return cached.slice();
    const out = new Uint32Array(words);
    const limit = words * 32;
    const { overridden } = this;
    const hasOverrides = this.overrides.size > 0;
    if (op === 'atLeast' && value <= 1) {
      // "At least once": no counting needed.
      for (const [contact, lo, hi] of ranges) {
        for (let i = lo; i < hi; i++) {
          const c = contact[i]!;
          if (c < 0 || c >= limit || (hasOverrides && hasBit(overridden, c))) continue;
          out[c >>> 5]! |= 1 << (c & 31);
        }
      }
    } else {
      const counts = new Int32Array(limit);
      for (const [contact, lo, hi] of ranges) {
        for (let i = lo; i < hi; i++) {
          const c = contact[i]!;
          if (c < 0 || c >= limit || (hasOverrides && hasBit(overridden, c))) continue;
          counts[c]!++;
        }
      }
      for (let c = 0; c < limit; c++) {
        const n = counts[c]!;
        if (n !== 0 && countMatches(op, n, value)) out[c >>> 5]! |= 1 << (c & 31);
      }
    }
    for (const [c, list] of this.overrides) {
      if (c >= limit) continue;
      const a = start === undefined ? 0 : lowerBound(list, start);
      const n = upperBound(list, now) - a;
      const bit = 1 << (c & 31);
      if (countMatches(op, Math.max(0, n), value)) out[c >>> 5]! |= bit;
      else out[c >>> 5]! &= ~bit;
    }
    if (this.results.size >= 8) this.results.delete(this.results.keys().next().value as string);
    this.results.set(key, out.slice());
    return out;
  }
}
