/**
 * Lazily loaded, cached columns of the profile entities, indexed by rid (docs/columnar-engine.md).
 *
 * - Numeric fields (integer, decimal, boolean, datetime, lookup) are a Float64Array with NaN for NULL,
 *   so range rules are a tight loop over the array.
 * - Everything else (text, choice, multichoice, date, and a numeric column holding a non-number) is
 *   dictionary-encoded: an Int32Array of codes into the stored values (code 0 = NULL; distinct, but for
 *   values patched into a column read from its snapshot, see `put`), so a
 *   text rule runs the shared rule code once per distinct value, not once per row.
 *
 * Columns stay valid by patching: a DataChange naming rids re-reads those rows; 'many' drops the
 * entity. Both are idempotent re-reads, so the order of a change and a load does not matter.
 */
import type { StoredValue } from '../../../../shared/segments/dataset.js';
import type { Db } from '../../db/connection.js';
import { quoteIdent, type StorageEntity, type StorageField } from '../../segments/compileCatalog.js';
import { bitsetWords, clearBit, hasBit, setBit, type Bitset } from './bitset.js';
import {
  entityStamp,
  loadColumnSnapshot,
  loadRidSnapshot,
  saveColumnSnapshot,
  saveRidSnapshot,
  type EntityStamp,
} from './snapshot/entitySnapshot.js';
import { inReadTransaction } from './snapshot/generations.js';
import { widenNumbers, type CompactNumbers } from './snapshot/entitySnapshot.js';
import type { FoldedDict } from './foldedDict.js';
import type { SnapshotStore } from './snapshot/store.js';
import type { ReverseIndex } from './reverseIndex.js';

const stored = (v: unknown): StoredValue => (typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

const NUMERIC_TYPES = new Set(['integer', 'decimal', 'boolean', 'datetime', 'lookup']);

/** A column read as numbers: NaN = NULL. */
export interface NumericColumn {
  kind: 'num';
  field: StorageField;
  values: Float64Array;
  /**
   * The column as its compact snapshot file holds it (u8 / u16 and NULL bits), while nothing has read
   * `values`: interval rules run on it directly (conditions.ts), and the first read of `values` (a patch,
   * a lookup, an expression) widens it once and drops this (`narrowColumn`).
   */
  narrow?: CompactNumbers | undefined;
  /** Rule results by rule description (conditions.ts); cleared whenever a row changes. */
  results: Map<string, RuleBits>;
  /**
   * For a lookup column: the rids holding each target rid (CSR: `rids[start[t] .. start[t+1]]`), built
   * on first use by a related group (conditions.ts) and dropped whenever a row changes.
   */
  reverse?: ReverseIndex | undefined;
}

/** A rule's result over the rid space: TRUE and FALSE rows (neither = UNKNOWN). Never mutated. */
export interface RuleBits {
  t: Bitset;
  f: Bitset;
}

/**
 * Dictionary codes by rid. A column read from a compact snapshot keeps the file's u8 / u16 codes (a
 * first load copies nothing); a patch whose code does not fit widens them to Int32Array (`put`).
 */
export type Codes = Int32Array | Uint16Array | Uint8Array;

/** A dictionary-encoded column: `dict[codes[rid]]` is the stored value; code 0 is NULL. */
export interface DictColumn {
  kind: 'dict';
  field: StorageField;
  codes: Codes;
  dict: StoredValue[];
  /**
   * Code of each value, for patches. A column read from its snapshot has none: for a key column (a
   * distinct value per row) building it cost more than the rest of the load (200k keys: 175–300 ms at
   * load 7) and it holds 21 MB per 200k contacts. Patches then append (see `put`).
   */
  index: Map<StoredValue, number> | null;
  /** Values appended without the map (a duplicate code each); past UNINDEXED_MAX the map is built. */
  unindexed?: number;
  /** Rule truth per code, by rule description (conditions.ts); codes are append-only, so it stays valid. */
  truths: Map<string, TruthTable>;
  /** Rule results by rule description; cleared whenever a row changes. */
  results: Map<string, RuleBits>;
  /** The values folded into one string, built by the first text `contains` (foldedDict.ts; append-only like the dictionary). */
  folded?: FoldedDict | undefined;
}

/** A rule's truth per dictionary code. */
export interface TruthTable {
  isT: Uint8Array;
  isF: Uint8Array;
}

export type Column = NumericColumn | DictColumn;

/** Timing of what was loaded, for the docs and the bench. */
export interface LoadStat {
  what: string;
  rows: number;
  ms: number;
}

/** Patched values a column without its value map appends before it builds the map (bounds duplicate codes). */
export const UNINDEXED_MAX = 65_536;

/** Rows loaded between two yields of a pre-warming load. */
export const LOAD_CHUNK = 250_000;

/** Largest rid the columnar path indexes directly (beyond it the SQL path is used). */
export const MAX_RID = 64_000_000;

const now = (): number => performance.now();

/** Where the SQL function `ss_take_row` of a connection hands rows (set only while a whole scan runs). */
const rowSinks = new WeakMap<Db, { target: ((row: unknown[]) => void) | null }>();

/** Registers `ss_take_row` on `db` (once; call when no statement runs: the engine does it at construction). */
export function rowSink(db: Db): { target: ((row: unknown[]) => void) | null } {
  let sink = rowSinks.get(db);
  if (!sink) {
    const s: { target: ((row: unknown[]) => void) | null } = { target: null };
    db.function('ss_take_row', { varargs: true, directOnly: true }, (...row: unknown[]) => {
      s.target?.(row);
      return null;
    });
    rowSinks.set(db, s);
    sink = s;
  }
  return sink;
}

/** The cached columns of one entity table. */
export class EntityColumns {
  /** rid capacity: every array has `size` slots, every bitset `words` words. */
  size = 0;
  exists: Bitset = new Uint32Array(0);
  rowCount = 0;
  maxRid = 0;
  private readonly columns = new Map<string, Column>();

  constructor(
    private readonly db: Db,
    readonly entity: StorageEntity,
    private readonly stats: LoadStat[],
    /** Where column snapshots live (snapshot/); without it every load reads the table. */
    private readonly snaps?: SnapshotStore,
  ) {
    const t0 = now();
    inReadTransaction(db, () => {
      const stamp = snaps ? entityStamp(db, entity.table) : null;
      if (snaps && stamp && stamp.maxRid <= MAX_RID) {
        const size = capacityFor(stamp.maxRid);
        const got = loadRidSnapshot(db, snaps, entity, stamp, bitsetWords(size));
        if (got) {
          this.maxRid = stamp.maxRid;
          this.rowCount = got.rowCount;
          this.size = size;
          this.exists = got.exists;
          if (got.extended > 0) saveRidSnapshot(snaps, entity, stamp, this.exists, this.rowCount);
          stats.push({ what: `${entity.name}.rid (snapshot +${got.extended})`, rows: got.rowCount, ms: now() - t0 });
          return;
        }
      }
      const rids = db
        .prepare(`SELECT rid FROM ${quoteIdent(entity.table)}`)
        .pluck()
        .all() as number[];
      let max = 0;
      for (const r of rids) if (r > max) max = r;
      if (max > MAX_RID) throw new RangeError(`rids of ${entity.name} exceed ${MAX_RID}`);
      this.maxRid = max;
      this.rowCount = rids.length;
      this.size = capacityFor(max);
      this.exists = new Uint32Array(bitsetWords(this.size));
      for (const r of rids) setBit(this.exists, r);
      if (snaps && stamp) saveRidSnapshot(snaps, entity, stamp, this.exists, this.rowCount);
      stats.push({ what: `${entity.name}.rid`, rows: rids.length, ms: now() - t0 });
    });
  }

  get words(): number {
    return this.exists.length;
  }

  /** The column of `field`, loaded on first use. */
  column(field: StorageField): Column {
    const have = this.columns.get(field.column);
    if (have) return have;
    this.load([field]);
    const col = this.columns.get(field.column);
    if (!col) throw new Error(`column ${field.column} did not load`);
    return col;
  }

  /**
   * Loads every missing column of `fields` in ONE scan of the table: on a cold page cache reading a
   * wide table costs about the same for one column as for ten.
   */
  load(fields: readonly StorageField[]): void {
    // Not sliced: the scan hands rows to JS through a SQL function (see `scan`).
    const gen = this.loading(fields, Infinity);
    while (!gen.next().done);
  }

  /**
   * The same load in slices of LOAD_CHUNK rows, yielding between them (pre-warming). The statement
   * stays open across yields (one snapshot); closing the generator early discards the partial load.
   */
  *loading(fields: readonly StorageField[], chunk = LOAD_CHUNK): Generator<void, void> {
    const wanted = [...new Map(fields.filter((f) => !this.columns.has(f.column)).map((f) => [f.column, f])).values()];
    if (wanted.length === 0) return;
    // One read transaction for the whole load: the stamp, the snapshots' catch-up and the scan see one state.
    const own = this.snaps !== undefined && !this.db.inTransaction;
    if (own) this.db.exec('BEGIN');
    try {
      const stamp = this.snaps ? entityStamp(this.db, this.entity.table) : null;
      // A stamp past our capacity would claim rows the arrays cannot hold: no snapshot then.
      const usable = stamp && stamp.maxRid < this.size ? stamp : null;
      const missing: StorageField[] = [];
      for (const f of wanted) {
        if (!usable || !this.fromSnapshot(f, usable)) missing.push(f);
        // Pre-warming: one file per slice, so a job waits for one file's decode at most, not ten.
        else if (chunk !== Infinity) yield;
      }
      yield* this.scan(missing, chunk, usable);
    } finally {
      if (own && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /** Installs `field`'s column from its snapshot (plus rows added since); false when there is none usable. */
  private fromSnapshot(field: StorageField, stamp: EntityStamp): boolean {
    if (!this.snaps) return false;
    const t0 = now();
    const got = loadColumnSnapshot(this.db, this.snaps, this.entity, field, stamp, this.size, codeOf);
    if (!got) return false;
    const c = got.column;
    const col: Column =
      c.encoding === 'num'
        ? { kind: 'num', field, values: c.values, results: new Map() }
        : c.encoding === 'narrow'
          ? narrowColumn(field, c.narrow, c.size)
          : { kind: 'dict', field, codes: c.codes, dict: c.dict, index: got.index ?? null, truths: new Map(), results: new Map() };
    this.columns.set(field.column, col);
    if (got.extended > 0) this.saveColumn(col, stamp);
    this.stats.push({ what: `${this.entity.name}.${field.name} (snapshot +${got.extended})`, rows: this.rowCount, ms: now() - t0 });
    return true;
  }

  private saveColumn(col: Column, stamp: EntityStamp): void {
    if (!this.snaps) return;
    const stored =
      col.kind === 'num'
        ? { encoding: 'num' as const, values: col.values }
        : { encoding: 'dict' as const, codes: col.codes, dict: col.dict };
    saveColumnSnapshot(this.snaps, this.entity, col.field, stamp, stored);
  }

  /** Reads `missing` from the table in one scan (slices of `chunk` rows); saves them when `stamp` is set. */
  private *scan(missing: readonly StorageField[], chunk: number, stamp: EntityStamp | null): Generator<void, void> {
    if (missing.length === 0) return;
    const t0 = now();
    const size = this.size;
    const builders = missing.map((field) => ({
      field,
      numeric: NUMERIC_TYPES.has(field.type),
      values: NUMERIC_TYPES.has(field.type) ? new Float64Array(size).fill(NaN) : null,
      codes: new Int32Array(size),
      dict: [null] as StoredValue[],
      index: new Map<StoredValue, number>([[null, 0]]),
    }));
    let n = 0;
    const take = (r: unknown[]): void => {
      const rid = r[0] as number;
      n++;
      if (rid < size) {
        for (let k = 0; k < builders.length; k++) {
          const b = builders[k]!;
          const v = r[k + 1];
          if (b.numeric && b.values) {
            if (v === null) continue;
            if (typeof v === 'number' || typeof v === 'bigint') b.values[rid] = Number(v);
            else b.numeric = false; // a non-number: this column becomes a dictionary (re-read below)
          } else if (!NUMERIC_TYPES.has(b.field.type)) {
            b.codes[rid] = codeOf(b.dict, b.index, stored(v));
          }
        }
      }
    };
    const cols = missing.map((f) => `, ${quoteIdent(f.column)}`).join('');
    if (chunk === Infinity) {
      // One statement, each row handed to `take` by a SQL function: ~3x faster than a JS row array per row
      // (6 contact columns at 200k: 180-215 ms instead of 570-600 ms, load 8).
      const sink = rowSink(this.db);
      sink.target = take;
      try {
        this.db
          .prepare(`SELECT count(ss_take_row(rid${cols})) FROM ${quoteIdent(this.entity.table)}`)
          .pluck()
          .get();
      } finally {
        sink.target = null;
      }
    } else {
      const stmt = this.db.prepare(`SELECT rid${cols} FROM ${quoteIdent(this.entity.table)}`).raw();
      for (const r of stmt.iterate() as IterableIterator<unknown[]>) {
        take(r);
        if (n % chunk === 0) yield;
      }
    }
    for (const b of builders) {
      if (b.numeric && b.values) {
        this.columns.set(b.field.column, { kind: 'num', field: b.field, values: b.values, results: new Map() });
      } else if (!NUMERIC_TYPES.has(b.field.type)) {
        this.columns.set(b.field.column, {
          kind: 'dict',
          field: b.field,
          codes: b.codes,
          dict: b.dict,
          index: b.index,
          truths: new Map(),
          results: new Map(),
        });
      } else {
        this.columns.set(b.field.column, this.readAsDictionary(b.field));
      }
      const col = this.columns.get(b.field.column);
      if (stamp && col) this.saveColumn(col, stamp);
    }
    this.stats.push({ what: `${this.entity.name}.${missing.map((f) => f.name).join('+')}`, rows: n, ms: now() - t0 });
  }

  /** A numeric field holding a non-number, as a dictionary column (the shared rule code decides). */
  private readAsDictionary(field: StorageField): DictColumn {
    const dict: StoredValue[] = [null];
    const index = new Map<StoredValue, number>([[null, 0]]);
    const codes = new Int32Array(this.size);
    for (const [rid, v] of this.db
      .prepare(`SELECT rid, ${quoteIdent(field.column)} FROM ${quoteIdent(this.entity.table)}`)
      .raw()
      .iterate() as IterableIterator<[number, unknown]>) {
      if (rid < this.size) codes[rid] = codeOf(dict, index, stored(v));
    }
    return { kind: 'dict', field, codes, dict, index, truths: new Map(), results: new Map() };
  }

  /** Re-reads `rids` for every loaded column (rows that no longer exist become NULL and leave `exists`). */
  patch(rids: readonly number[]): void {
    if (rids.length === 0) return;
    const cols = [...this.columns.values()];
    const maxNew = Math.max(...rids);
    if (maxNew > MAX_RID) throw new RangeError(`rid ${maxNew} exceeds ${MAX_RID}`);
    if (maxNew >= this.size) this.grow(capacityFor(maxNew));
    const select = `SELECT rid${cols.map((c) => `, ${quoteIdent(c.field.column)}`).join('')} FROM ${quoteIdent(this.entity.table)} WHERE rid IN (SELECT value FROM json_each(?))`;
    const rows = this.db.prepare(select).raw().all(JSON.stringify(rids)) as unknown[][];
    const seen = new Set<number>();
    // The row count follows the existence bits (one bit per stored rid): counting the table instead
    // scanned all of its rows on every patch (~2 ms per contact edit at 1M contacts, beside the live path).
    let rowCount = this.rowCount;
    for (const row of rows) {
      const rid = Number(row[0]);
      seen.add(rid);
      cols.forEach((c, i) => this.put(c, rid, row[i + 1]));
      if (!hasBit(this.exists, rid)) rowCount++;
      setBit(this.exists, rid);
      if (rid > this.maxRid) this.maxRid = rid;
    }
    for (const rid of rids) {
      if (seen.has(rid)) continue;
      if (hasBit(this.exists, rid)) rowCount--;
      clearBit(this.exists, rid);
      for (const c of cols) this.put(c, rid, null);
    }
    this.rowCount = rowCount;
  }

  /** Bytes held by the typed arrays and folded texts (dictionaries themselves not counted). */
  bytes(): number {
    let n = this.exists.byteLength;
    for (const c of this.columns.values()) {
      n +=
        c.kind === 'num' ? (c.narrow ? c.narrow.values.byteLength + c.narrow.nulls.byteLength : c.values.byteLength) : c.codes.byteLength;
      // The folded text of a searched column (foldedDict.ts): counted at 2 bytes a character, V8's worst case.
      if (c.kind === 'dict' && c.folded) n += c.folded.text.length * 2 + c.folded.start.byteLength + c.folded.isNull.byteLength;
    }
    return n;
  }

  private put(c: Column, rid: number, raw: unknown): void {
    c.results.clear();
    if (c.kind === 'num') {
      c.reverse = undefined;
      if (raw !== null && typeof raw !== 'number' && typeof raw !== 'bigint') {
        // A non-number in a numeric column: re-encode it as a dictionary column (exact semantics).
        this.columns.delete(c.field.column);
        return;
      }
      c.values[rid] = raw === null ? NaN : Number(raw);
    } else {
      const v = stored(raw);
      // The next code (a new value) may not fit narrow codes: widen first.
      if (v !== null && !(c.codes instanceof Int32Array) && c.dict.length >= (c.codes instanceof Uint8Array ? 0xff : 0xffff)) {
        c.codes = Int32Array.from(c.codes);
      }
      if (v === null) c.codes[rid] = 0;
      else if (c.index || (c.unindexed ?? 0) >= UNINDEXED_MAX) {
        c.index ??= new Map(c.dict.map((x, code) => [x, code]));
        c.codes[rid] = codeOf(c.dict, c.index, v);
      } else {
        // No value map (a column read from its snapshot): the changed value gets a new code even if the
        // dictionary has it. Equal values under two codes mean the same to every rule (truths are per
        // code); building the map for a key column would hold a Map entry per contact (200k keys: 21 MB).
        c.unindexed = (c.unindexed ?? 0) + 1;
        c.codes[rid] = c.dict.length;
        c.dict.push(v);
      }
    }
  }

  private grow(size: number): void {
    this.size = size;
    const ex = new Uint32Array(bitsetWords(size));
    ex.set(this.exists);
    this.exists = ex;
    for (const c of this.columns.values()) {
      c.results.clear();
      if (c.kind === 'num') {
        c.reverse = undefined;
        const v = new Float64Array(size).fill(NaN);
        v.set(c.values);
        c.values = v;
      } else {
        const codes = new Int32Array(size);
        codes.set(c.codes);
        c.codes = codes;
      }
    }
  }
}

function codeOf(dict: StoredValue[], index: Map<StoredValue, number>, v: StoredValue): number {
  let code = index.get(v);
  if (code === undefined) {
    code = dict.length;
    dict.push(v);
    index.set(v, code);
  }
  return code;
}

/**
 * A numeric column kept as its compact file's arrays until something reads `values`: that read widens it
 * to the Float64Array of `size` slots (one native copy plus the NULL bits) and drops `narrow`, so every
 * later read and write (patches, `grow`) sees one array.
 */
function narrowColumn(field: StorageField, narrow: CompactNumbers, size: number): NumericColumn {
  let wide: Float64Array | null = null;
  const col: NumericColumn = {
    kind: 'num',
    field,
    narrow,
    results: new Map(),
    get values(): Float64Array {
      if (!wide) {
        wide = widenNumbers(narrow, size);
        col.narrow = undefined;
      }
      return wide;
    },
    set values(v: Float64Array) {
      wide = v;
      col.narrow = undefined;
    },
  };
  return col;
}

/** Room for rids up to `maxRid` plus some headroom for new rows, rounded to whole words. */
function capacityFor(maxRid: number): number {
  return Math.ceil(((maxRid + 1) * 1.05 + 1024) / 32) * 32;
}
