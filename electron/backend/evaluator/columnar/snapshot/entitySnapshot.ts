/**
 * Entity-column snapshots: per entity table one rid file (`ent-<table>.rid.snap`: the existence
 * bitset) and one file per loaded column (`ent-<table>.col-<column>.snap`: Float64 values, or Int32
 * dictionary codes with the dictionary in the meta). Each is stamped with the table's generation,
 * its schema (a dropped and re-added column must not match) and the largest rid it covers; rows added
 * since are read by rid range (INTEGER PRIMARY KEY) and put in.
 */
import crypto from 'node:crypto';
import type { StoredValue } from '../../../../../shared/segments/dataset.js';
import type { Db } from '../../../db/connection.js';
import { quoteIdent, type StorageEntity, type StorageField } from '../../../segments/compileCatalog.js';
import { setBit, type Bitset } from '../bitset.js';
import type { Codes } from '../columns.js';
import { tableVersion, type TableVersion } from './generations.js';
import type { SnapshotArray } from './format.js';
import type { SnapshotStore } from './store.js';

/** What an entity's cached rows are known to equal: its table's version, schema and largest rid. */
export interface EntityStamp extends TableVersion {
  schema: string;
  maxRid: number;
  /** Key of the row with rid = maxRid (a copied or restored database fails this). */
  tailKey: string | null;
}

interface EntityMeta extends EntityStamp {
  kind: 'rids' | 'col';
  table: string;
  rowCount?: number;
  column?: string;
  fieldType?: string;
  encoding?: 'num' | 'dict';
  /** The dictionary as JSON (any values; older files and dictionaries with non-text values). */
  dict?: StoredValue[];
  /** Or: a dictionary of NULL + texts packed in the arrays `dictText` / `dictEnds` (packDict). */
  dictText?: PackedDictMeta;
}

/** How a packed dictionary's text is stored: one string of all values, its encoding and size. */
interface PackedDictMeta {
  encoding: 'latin1' | 'utf16le';
  bytes: number;
  /** Values after code 0 (NULL). */
  count: number;
}

/** A column as stored: numbers (NaN = NULL) or dictionary codes (0 = NULL) with their dictionary. */
export type StoredColumn =
  | { encoding: 'num'; values: Float64Array }
  /** A compact numeric file read as is (nothing to add, its length the capacity): widened only when needed. */
  | { encoding: 'narrow'; narrow: CompactNumbers; size: number }
  | { encoding: 'dict'; codes: Codes; dict: StoredValue[] };

const safeName = (s: string): string => encodeURIComponent(s).replace(/\./g, '%2E');
const ridFile = (table: string): string => `ent-${safeName(table)}.rid.snap`;
const colFile = (table: string, column: string): string => `ent-${safeName(table)}.col-${safeName(column)}.snap`;

/**
 * Whether the file of the rid set (no `field`) or of `field`'s column is one a load would accept at
 * `stamp` (meta and last row only; the checksum is checked on load) with at most `gap` rids to catch up.
 * `peek` reads a file's meta (SnapshotStore.peekMeta, possibly cached by the caller).
 */
export function entityFileCurrent(
  db: Db,
  peek: (name: string) => unknown,
  table: string,
  field: StorageField | null,
  stamp: EntityStamp,
  gap: number,
): { name: string; current: boolean } {
  const name = field ? colFile(table, field.column) : ridFile(table);
  const m = peek(name) as EntityMeta | null;
  if (!m || m.kind !== (field ? 'col' : 'rids')) return { name, current: false };
  if (field && (m.column !== field.column || m.fieldType !== field.type)) return { name, current: false };
  return { name, current: stamp.maxRid - m.maxRid <= gap && staleness(db, table, m, stamp) === null };
}

/** The current stamp of an entity table (inside the caller's read transaction), or null when untrusted. */
export function entityStamp(db: Db, table: string): EntityStamp | null {
  const v = tableVersion(db, table);
  if (!v) return null;
  const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(table) as string | undefined;
  if (!sql) return null;
  const maxRid =
    (db
      .prepare(`SELECT max(rid) FROM ${quoteIdent(table)}`)
      .pluck()
      .get() as number | null) ?? 0;
  return { ...v, schema: crypto.createHash('sha1').update(sql).digest('hex'), maxRid, tailKey: keyAt(db, table, maxRid) };
}

function keyAt(db: Db, table: string, rid: number): string | null {
  const k = db
    .prepare(`SELECT key FROM ${quoteIdent(table)} WHERE rid = ?`)
    .pluck()
    .get(rid) as string | undefined;
  return k ?? null;
}

/** Why a file's meta does not describe the table at `stamp` (null: it does, up to its maxRid). */
function staleness(db: Db, table: string, m: EntityMeta, stamp: EntityStamp): string | null {
  if (m.table !== table) return 'not this table';
  if (m.dbId !== stamp.dbId) return 'from another database';
  if (m.gen !== stamp.gen) return `stale: generation ${m.gen}, the table is at ${stamp.gen}`;
  if (m.schema !== stamp.schema) return 'stale: the table was altered';
  if (m.maxRid > stamp.maxRid) return `stale: covers rid ${m.maxRid}, the table ends at ${stamp.maxRid}`;
  if (keyAt(db, table, m.maxRid) !== m.tailKey) return 'stale: its last row differs';
  return null;
}

/** The rid set of `entity` from its snapshot plus rows added since, in `words` words; null when unusable. */
export function loadRidSnapshot(
  db: Db,
  store: SnapshotStore,
  entity: StorageEntity,
  stamp: EntityStamp,
  words: number,
): { exists: Bitset; rowCount: number; extended: number } | null {
  const name = ridFile(entity.table);
  const snap = store.read<EntityMeta>(name);
  if (!snap) return null;
  const bits = snap.arrays.get('exists');
  const why =
    snap.meta.kind !== 'rids' || !(bits instanceof Uint32Array) || typeof snap.meta.rowCount !== 'number'
      ? 'not a rid file'
      : staleness(db, entity.table, snap.meta, stamp);
  if (why || !(bits instanceof Uint32Array)) {
    store.reject(name, why ?? 'not a rid file');
    return null;
  }
  const exists = new Uint32Array(words);
  exists.set(bits.length > words ? bits.subarray(0, words) : bits);
  const added = db
    .prepare(`SELECT rid FROM ${quoteIdent(entity.table)} WHERE rid > ?`)
    .pluck()
    .all(snap.meta.maxRid) as number[];
  for (const r of added) if (r < words * 32) setBit(exists, r);
  return { exists, rowCount: (snap.meta.rowCount ?? 0) + added.length, extended: added.length };
}

/** Queues a background write of the rid set (a copy is taken now). */
export function saveRidSnapshot(store: SnapshotStore, entity: StorageEntity, stamp: EntityStamp, exists: Bitset, rowCount: number): void {
  const meta: EntityMeta = { ...stamp, kind: 'rids', table: entity.table, rowCount };
  store.write(ridFile(entity.table), meta, { exists: exists.slice() });
}

/**
 * The column of `field` from its snapshot plus rows added since, sized `size`; null when unusable (or
 * when an added row holds a non-number in a numeric column: the caller's load handles that case).
 */
export function loadColumnSnapshot(
  db: Db,
  store: SnapshotStore,
  entity: StorageEntity,
  field: StorageField,
  stamp: EntityStamp,
  size: number,
  codeOf: (dict: StoredValue[], index: Map<StoredValue, number>, v: StoredValue) => number,
): { column: StoredColumn; index?: Map<StoredValue, number>; extended: number } | null {
  const name = colFile(entity.table, field.column);
  const snap = store.read<EntityMeta>(name);
  if (!snap) return null;
  const m = snap.meta;
  const num = snap.arrays.get('values');
  const codes = snap.arrays.get('codes');
  let why: string | null;
  if (m.kind !== 'col' || m.column !== field.column) why = 'not this column';
  else if (m.fieldType !== field.type) why = `stale: field type ${m.fieldType}, now ${field.type}`;
  else if (m.encoding === 'num' ? !numbersOk(num, snap.arrays.get('nulls')) : !codesOk(codes) || !(Array.isArray(m.dict) || m.dictText))
    why = 'bad arrays';
  else why = staleness(db, entity.table, m, stamp);
  let dict = m.dict;
  if (!why && m.encoding === 'dict' && !dict) {
    dict = unpackDict(m.dictText, snap.arrays.get('dictText'), snap.arrays.get('dictEnds')) ?? undefined;
    if (!dict) why = 'bad dictionary';
  }
  if (why) {
    store.reject(name, why);
    return null;
  }
  const added = db
    .prepare(`SELECT rid, ${quoteIdent(field.column)} FROM ${quoteIdent(entity.table)} WHERE rid > ?`)
    .raw()
    .all(m.maxRid) as [number, unknown][];
  const nulls = snap.arrays.get('nulls');
  if (m.encoding === 'num' && numbersOk(num, nulls) && !(num instanceof Float64Array) && added.length === 0 && num.length === size)
    return { column: { encoding: 'narrow', narrow: { values: num, nulls: nulls as Uint32Array }, size }, extended: 0 };
  if (m.encoding === 'num' && numbersOk(num, nulls)) {
    const values = num instanceof Float64Array ? sized(num, size, NaN) : widenNumbers({ values: num, nulls: nulls as Uint32Array }, size);
    for (const [rid, v] of added) {
      if (rid >= size || v === null) continue;
      if (typeof v !== 'number' && typeof v !== 'bigint') return null;
      values[rid] = Number(v);
    }
    return { column: { encoding: 'num', values }, extended: added.length };
  }
  if (!codesOk(codes) || !dict) return null;
  // Narrow codes stay as read when nothing is to be added (the usual restart); else Int32 (new codes).
  if (added.length === 0 && !(codes instanceof Int32Array) && codes.length === size)
    return { column: { encoding: 'dict', codes, dict }, extended: 0 };
  const out = codes instanceof Int32Array ? sized(codes, size, 0) : widenCodes(codes, size);
  // The value → code map only when rows were added (columns.ts builds it on a first patch otherwise).
  if (added.length === 0) return { column: { encoding: 'dict', codes: out, dict }, extended: 0 };
  const index = new Map<StoredValue, number>(dict.map((v, i) => [v, i]));
  for (const [rid, v] of added) {
    if (rid < size)
      out[rid] = codeOf(dict, index, typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  }
  return { column: { encoding: 'dict', codes: out, dict }, index, extended: added.length };
}

/**
 * The stored array as one of `size` slots (`fill` beyond what the file has). When the file was written
 * at this capacity (no rows added since: the usual restart) the view over the file's own buffer is used
 * as is (a view over the whole file's buffer): a copy would touch every page of a second array of the same size (at 1M contacts 4–8 MB per
 * column, ~10 ms of a first estimate's page faults on the shared machine, docs/performance.md).
 */
function sized<A extends Float64Array | Int32Array>(stored: A, size: number, fill: number): A {
  // Not when the file is mostly a dictionary (a key column): the view would keep its JSON bytes alive.
  if (stored.length === size && stored.buffer.byteLength <= 2 * stored.byteLength) return stored;
  const out = (stored instanceof Float64Array ? new Float64Array(size) : new Int32Array(size)) as A;
  if (fill !== 0) out.fill(fill);
  out.set(stored.length > size ? stored.subarray(0, size) : stored);
  return out;
}

/** A numeric column in 1 or 2 bytes a row (NULL rows hold 0) and its NULL rows as a bitset. */
export interface CompactNumbers {
  values: Uint8Array | Uint16Array;
  nulls: Uint32Array;
}

/** A stored numeric array this format reads: f64 (NaN = NULL), or u8 / u16 with a NULL bitset covering it. */
function numbersOk(a: unknown, nulls: unknown): a is Float64Array | Uint8Array | Uint16Array {
  if (a instanceof Float64Array) return nulls === undefined;
  return (a instanceof Uint8Array || a instanceof Uint16Array) && nulls instanceof Uint32Array && nulls.length === Math.ceil(a.length / 32);
}

const codesOk = (a: unknown): a is Int32Array | Uint16Array | Uint8Array =>
  a instanceof Int32Array || a instanceof Uint16Array || a instanceof Uint8Array;

/**
 * The column in 1 or 2 bytes a row plus a NULL bitset when every value is NULL or a whole number that
 * fits (booleans, counts, small choices stored as numbers); else null (kept as f64). -0 stays f64 (a
 * whole number, but u8 would make it 0). NULLs as a bitset, not a code: widening is then one native
 * copy plus a walk over the NULL bits (a per-row loop cost 7–12 ms per 1M rows, unoptimised).
 */
export function compactNumbers(values: Float64Array): CompactNumbers | null {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    if (!(x >= 0 && x <= 0xffff && Number.isInteger(x)) || Object.is(x, -0)) return null;
    if (x > max) max = x;
  }
  const out = max <= 0xff ? new Uint8Array(values.length) : new Uint16Array(values.length);
  const nulls = new Uint32Array(Math.ceil(values.length / 32));
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) out[i] = x;
    else nulls[i >>> 5]! |= 1 << (i & 31);
  }
  return { values: out, nulls };
}

/** Dictionary codes (0 ≤ code < dictLength) in 1 or 2 bytes a row when the dictionary is small enough. */
export function compactCodes(codes: Codes, dictLength: number): Codes {
  if (dictLength <= 0x100) return codes instanceof Uint8Array ? codes : new Uint8Array(codes);
  if (dictLength <= 0x10000) return codes instanceof Uint16Array ? codes : new Uint16Array(codes);
  return codes instanceof Int32Array ? codes : new Int32Array(codes);
}

/** A compact numeric column as the engine's Float64Array of `size` slots (NaN for NULL and beyond the file). */
export function widenNumbers(stored: CompactNumbers, size: number): Float64Array {
  const out = new Float64Array(size);
  const n = Math.min(size, stored.values.length);
  out.set(n < stored.values.length ? stored.values.subarray(0, n) : stored.values);
  const { nulls } = stored;
  for (let w = 0; w < nulls.length; w++) {
    let bits = nulls[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      const i = (w << 5) + 31 - Math.clz32(low);
      if (i < n) out[i] = NaN;
      bits ^= low;
    }
  }
  if (n < size) out.fill(NaN, n);
  return out;
}

/** Compact codes as the engine's Int32Array of `size` slots (0 = NULL beyond the file); one native copy. */
function widenCodes(stored: Uint8Array | Uint16Array, size: number): Int32Array {
  const out = new Int32Array(size);
  out.set(stored.length > size ? stored.subarray(0, size) : stored);
  return out;
}

/** A value JSON carries exactly (no NaN/Infinity, no -0). */
const jsonExact = (v: StoredValue): boolean => typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0));

/** Queues a background write of a column known to equal the table at `stamp` (copies are taken now). */
export function saveColumnSnapshot(
  store: SnapshotStore,
  entity: StorageEntity,
  field: StorageField,
  stamp: EntityStamp,
  col: Exclude<StoredColumn, { encoding: 'narrow' }>,
): void {
  const base: EntityMeta = { ...stamp, kind: 'col', table: entity.table, column: field.column, fieldType: field.type };
  if (col.encoding === 'num') {
    const copy = col.values.slice();
    // Made when the write runs (off the job's path): a pass over the column decides its width.
    store.write(colFile(entity.table, field.column), { ...base, encoding: 'num' }, (): Record<string, SnapshotArray> => {
      const c = compactNumbers(copy);
      return c ? { values: c.values, nulls: c.nulls } : { values: copy };
    });
    return;
  }
  const dict = col.dict.slice();
  const wide = col.codes.slice();
  // Narrowed when the write runs, as the dictionary is packed.
  const codes = (): Codes => compactCodes(wide, dict.length);
  if (dict[0] === null && dict.every((v, i) => i === 0 || typeof v === 'string')) {
    // Packed when the write runs (off the job's path): a 1M-key dictionary as JSON took 0.3–0.7 s to parse.
    let packed: PackedDict | null = null;
    const pack = (): PackedDict => (packed ??= packDict(dict as [null, ...string[]]));
    store.write(
      colFile(entity.table, field.column),
      () => ({ ...base, encoding: 'dict', dictText: pack().meta }),
      () => ({ codes: codes(), dictText: pack().text, dictEnds: pack().ends }),
    );
    return;
  }
  if (!dict.every(jsonExact)) return; // such a column is simply rebuilt from the table next time
  store.write(colFile(entity.table, field.column), { ...base, encoding: 'dict', dict }, () => ({ codes: codes() }));
}

/** A packed dictionary: the values' text back to back (`text`, padded to 4 bytes) and where each ends. */
export interface PackedDict {
  meta: PackedDictMeta;
  text: Uint32Array;
  /** End of value i (code i + 1) in UTF-16 code units of the joined text. */
  ends: Uint32Array;
}

/**
 * Packs a dictionary of NULL (code 0) and texts: one joined string, stored as Latin-1 when every code
 * unit fits a byte, else UTF-16 — both exact for any JS string (lone surrogates too, which UTF-8 is not).
 */
export function packDict(dict: readonly [null, ...string[]]): PackedDict {
  const values = dict.slice(1) as string[];
  const ends = new Uint32Array(values.length);
  let at = 0;
  values.forEach((v, i) => (ends[i] = at += v.length));
  const joined = values.join('');
  // Latin-1 keeps only the low byte of each code unit: exact when the round trip gives the same text.
  const latin1 = Buffer.from(joined, 'latin1');
  const encoding = latin1.toString('latin1') === joined ? 'latin1' : 'utf16le';
  const bytes = encoding === 'latin1' ? latin1 : Buffer.from(joined, 'utf16le');
  const text = new Uint32Array(Math.ceil(bytes.length / 4));
  new Uint8Array(text.buffer).set(bytes);
  return { meta: { encoding, bytes: bytes.length, count: values.length }, text, ends };
}

/**
 * The dictionary of a packed one (null when the parts do not fit together): one decode of the text and
 * one slice per value — no JSON.parse (1M keys: ~30 ms instead of 0.3–0.7 s).
 */
export function unpackDict(meta: PackedDictMeta | undefined, text: unknown, ends: unknown): StoredValue[] | null {
  if (!meta || !(text instanceof Uint32Array) || !(ends instanceof Uint32Array) || ends.length !== meta.count) return null;
  if ((meta.encoding !== 'latin1' && meta.encoding !== 'utf16le') || meta.bytes > text.byteLength) return null;
  const joined = Buffer.from(text.buffer, text.byteOffset, meta.bytes).toString(meta.encoding);
  const dict: StoredValue[] = new Array<StoredValue>(ends.length + 1);
  dict[0] = null;
  let from = 0;
  for (let i = 0; i < ends.length; i++) {
    const to = ends[i]!;
    if (to < from || to > joined.length) return null;
    dict[i + 1] = joined.slice(from, to);
    from = to;
  }
  return from === joined.length ? dict : null;
}
