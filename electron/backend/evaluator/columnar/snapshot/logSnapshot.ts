/**
 * Interaction-log snapshots: one file per interaction type (`log-<type id>.snap`) holding the log as
 * the engine keeps it (ts ascending + contact rid), stamped with the `interactions` generation and the
 * largest interaction id it covers. Rows added since (imports only append) are read by id range and
 * merged in, so neither a restart nor an import ever rescans the interactions of a type.
 */
import type { Db } from '../../../db/connection.js';
import { inReadTransaction, tableVersion, type TableVersion } from './generations.js';
import type { SnapshotStore } from './store.js';

/** What a log is known to equal exactly: the `interactions` version and the largest id it includes. */
export interface LogStamp extends TableVersion {
  maxId: number;
}

interface LogMeta {
  kind: 'log';
  dbId: string;
  gen: string;
  typeId: number;
  maxId: number;
  /** [type_id, ts, contact_rid] of the row with id = maxId (a copied or restored database fails this). */
  tail: [number, number, number] | null;
  /** ts of every `step`-th row (rows 0, step, 2·step, …): where a window's rows begin, without reading ts. */
  tsIndex?: { step: number; at: number[] };
}

/** Entries of a log file's ts index, about (the step is a power of two, at least 256 rows). */
const TS_INDEX_ENTRIES = 256;

/** Rows between two entries of the ts index of a log of `n` rows (7M rows: 32,768, 2.5 KB of meta). */
export function tsIndexStep(n: number): number {
  let step = 256;
  while (step * TS_INDEX_ENTRIES < n) step *= 2;
  return step;
}

/** A log's arrays: ts ascending, contact rid per row. */
export interface LogArrays {
  ts: Float64Array;
  contact: Int32Array;
}

const fileOf = (typeId: number): string => `log-${typeId}.snap`;

/**
 * Whether the log file of `typeId` is one a load would accept at `stamp` (meta and last row only; the
 * checksum is checked on load) with at most `gap` ids to catch up. `peek` reads a file's meta.
 */
export function logFileCurrent(
  db: Db,
  peek: (name: string) => unknown,
  typeId: number,
  stamp: LogStamp,
  gap: number,
): { name: string; current: boolean } {
  const name = fileOf(typeId);
  const m = peek(name) as LogMeta | null;
  const current =
    !!m &&
    m.kind === 'log' &&
    m.typeId === typeId &&
    m.dbId === stamp.dbId &&
    m.gen === stamp.gen &&
    m.maxId <= stamp.maxId &&
    stamp.maxId - m.maxId <= gap &&
    JSON.stringify(tailOf(db, m.maxId)) === JSON.stringify(m.tail);
  return { name, current };
}

/** The current stamp of `interactions` (inside the caller's read transaction), or null when untrusted. */
export function logStamp(db: Db): LogStamp | null {
  const v = tableVersion(db, 'interactions');
  if (!v) return null;
  const maxId = (db.prepare('SELECT max(id) FROM interactions').pluck().get() as number | null) ?? 0;
  return { ...v, maxId };
}

function tailOf(db: Db, id: number): [number, number, number] | null {
  if (id <= 0) return null;
  const r = db.prepare('SELECT type_id, ts, contact_rid FROM interactions WHERE id = ?').raw().get(id) as
    [number, number, number] | undefined;
  return r ? [Number(r[0]), Number(r[1]), Number(r[2])] : null;
}

/** Rows of `typeId` with `after < id <= upTo`, sorted by ts (read by the primary key: only the new rows). */
export function appendedRows(db: Db, typeId: number, after: number, upTo: number): LogArrays {
  return appendedByType(db, after, upTo, new Map([[typeId, after]])).get(typeId) ?? emptyLog();
}

/** Ids read per page when catching up with appended rows (bounds the memory of a huge import). */
const APPEND_PAGE = 262_144;

/** A log this far behind the table (ids, even if none of its type) is rewritten, so the next start skips the gap. */
export const REWRITE_GAP = 10_000;

const emptyLog = (): LogArrays => ({ ts: new Float64Array(0), contact: new Int32Array(0) });

/** Growable typed buffers of one type's appended rows. */
interface AppendBuf {
  after: number;
  ts: Float64Array;
  contact: Int32Array;
  n: number;
}

function push(b: AppendBuf, ts: number, contact: number): void {
  if (b.n === b.ts.length) {
    const t2 = new Float64Array(b.n * 2);
    t2.set(b.ts);
    const c2 = new Int32Array(b.n * 2);
    c2.set(b.contact);
    b.ts = t2;
    b.contact = c2;
  }
  b.ts[b.n] = ts;
  b.contact[b.n++] = contact;
}

/** Where the SQL function `ss_take_interaction` of a connection puts rows (set only while a catch-up reads). */
const sinks = new WeakMap<Db, { target: ((id: number, type: number, ts: unknown, contact: unknown) => void) | null }>();

/**
 * Rows are handed to JS by a SQL function called once per row, straight into typed arrays: building
 * one JS row array per row (`.raw().all()`) cost ~1.7 µs a row, 170 ms for a 100k-row import at load 5;
 * this costs ~0.2 µs (docs/performance.md, "Column snapshots").
 */
function sinkOf(db: Db): { target: ((id: number, type: number, ts: unknown, contact: unknown) => void) | null } {
  let sink = sinks.get(db);
  if (!sink) {
    const s: { target: ((id: number, type: number, ts: unknown, contact: unknown) => void) | null } = { target: null };
    db.function(
      'ss_take_interaction',
      { directOnly: true, varargs: false },
      (id: unknown, type: unknown, ts: unknown, contact: unknown) => {
        s.target?.(Number(id), Number(type), ts, contact);
        return null;
      },
    );
    sinks.set(db, s);
    sink = s;
  }
  return sink;
}

/** Registers the catch-up's SQL function on `db` now (creating a function fails while a statement runs). */
export function prepareCatchUp(db: Db): void {
  sinkOf(db);
}

/**
 * The rows appended after each wanted type's own watermark (`wanted`: type id → largest id it has),
 * up to `upTo`, per type and sorted by ts: ONE primary-key range scan from the smallest watermark.
 */
export function appendedByType(db: Db, from: number, upTo: number, wanted: ReadonlyMap<number, number>): Map<number, LogArrays> {
  // Typed, growable buffers per type: an import of millions of rows must not become millions of small arrays.
  const bufs = new Map<number, AppendBuf>();
  for (const [t, after] of wanted) bufs.set(t, { after, ts: new Float64Array(1024), contact: new Int32Array(1024), n: 0 });
  let odd = false;
  const sink = sinkOf(db);
  sink.target = (id, type, ts, contact) => {
    const b = bufs.get(type);
    if (!b || id <= b.after) return;
    if (typeof ts !== 'number' || typeof contact !== 'number') odd = true;
    else push(b, ts, contact);
  };
  try {
    const page = db.prepare('SELECT count(ss_take_interaction(id, type_id, ts, contact_rid)) FROM interactions WHERE id > ? AND id <= ?');
    for (let last = from; wanted.size > 0 && last < upTo && !odd; last += APPEND_PAGE)
      page.pluck().get(last, Math.min(upTo, last + APPEND_PAGE));
  } finally {
    sink.target = null;
  }
  if (odd) return appendedByRows(db, from, upTo, wanted);
  const out = new Map<number, LogArrays>();
  for (const [type, b] of bufs) out.set(type, sortByTs(b.ts.subarray(0, b.n), b.contact.subarray(0, b.n)));
  return out;
}

/** The same rows as JS row arrays (a value that is not a plain number, e.g. a bigint or text, converted as a load converts it). */
function appendedByRows(db: Db, from: number, upTo: number, wanted: ReadonlyMap<number, number>): Map<number, LogArrays> {
  const bufs = new Map<number, AppendBuf>();
  for (const [t, after] of wanted) bufs.set(t, { after, ts: new Float64Array(1024), contact: new Int32Array(1024), n: 0 });
  const rows = db.prepare('SELECT id, type_id, ts, contact_rid FROM interactions WHERE id > ? AND id <= ? ORDER BY id').raw();
  for (const r of rows.iterate(from, upTo) as IterableIterator<[number, number, unknown, unknown]>) {
    const b = bufs.get(Number(r[1]));
    if (b && r[0] > b.after) push(b, Number(r[2]), Number(r[3]));
  }
  const out = new Map<number, LogArrays>();
  for (const [type, b] of bufs) out.set(type, sortByTs(b.ts.subarray(0, b.n), b.contact.subarray(0, b.n)));
  return out;
}

/** The rows in ts order (new arrays); already-sorted input (rows imported in time order) is only copied. */
export function sortByTs(ts: Float64Array, contact: Int32Array): LogArrays {
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (i > 0 && ts[i - 1]! > t) sorted = false;
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) whole = false;
  }
  if (sorted) return { ts: ts.slice(), contact: contact.slice() };
  const n = ts.length;
  const outTs = new Float64Array(n);
  const outContact = new Int32Array(n);
  if (whole && (max - min + 1) * n <= Number.MAX_SAFE_INTEGER) {
    // Whole-ms timestamps: one native numeric sort of exact keys (ts - min) * n + position, no comparator
    // calls (a comparator sort of 100k rows took 17-23 ms at load 5; this is a few ms). Ties keep input order.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (ts[i]! - min) * n + i;
    keys.sort();
    for (let k = 0; k < n; k++) {
      const i = keys[k]! % n;
      outTs[k] = ts[i]!;
      outContact[k] = contact[i]!;
    }
    return { ts: outTs, contact: outContact };
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  for (let i = 0; i < n; i++) {
    outTs[i] = ts[order[i]!]!;
    outContact[i] = contact[order[i]!]!;
  }
  return { ts: outTs, contact: outContact };
}

/** Merges two ts-sorted logs into new arrays (the inputs are not touched: a pending write may hold them). */
export function mergeLogs(a: LogArrays, b: LogArrays): LogArrays {
  if (b.ts.length === 0) return a;
  const n = a.ts.length + b.ts.length;
  const ts = new Float64Array(n);
  const contact = new Int32Array(n);
  let i = 0;
  let j = 0;
  // New interactions are mostly the latest: copy the untouched prefix in one go.
  const firstNew = b.ts[0]!;
  while (i < a.ts.length && a.ts[i]! <= firstNew) i++;
  ts.set(a.ts.subarray(0, i));
  contact.set(a.contact.subarray(0, i));
  let k = i;
  while (i < a.ts.length && j < b.ts.length) {
    if (a.ts[i]! <= b.ts[j]!) {
      ts[k] = a.ts[i]!;
      contact[k++] = a.contact[i++]!;
    } else {
      ts[k] = b.ts[j]!;
      contact[k++] = b.contact[j++]!;
    }
  }
  ts.set(a.ts.subarray(i), k);
  contact.set(a.contact.subarray(i), k);
  k += a.ts.length - i;
  ts.set(b.ts.subarray(j), k);
  contact.set(b.contact.subarray(j), k);
  return { ts, contact };
}

/**
 * The log of `typeId` from its snapshot, brought up to `stamp` by the rows appended since; null when
 * there is no usable file (missing, torn, another generation or database: the file is deleted).
 * `extended` = rows merged in (the caller rewrites the file then).
 */
export function loadLogSnapshot(
  db: Db,
  store: SnapshotStore,
  typeId: number,
  stamp: LogStamp,
  /** How to read the rows appended after the file (default: one id-range scan for this type). */
  appended?: (db: Db, typeId: number, after: number, upTo: number) => LogArrays,
): (LogArrays & { extended: number; gap: number }) | null {
  const name = fileOf(typeId);
  const snap = store.read<LogMeta>(name);
  if (!snap) return null;
  const m = snap.meta;
  const ts = snap.arrays.get('ts');
  const contact = snap.arrays.get('contact');
  let why: string | null = null;
  if (m.kind !== 'log' || m.typeId !== typeId || !(ts instanceof Float64Array) || !(contact instanceof Int32Array)) why = 'not this log';
  else if (ts.length !== contact.length) why = 'arrays of different lengths';
  else if (m.dbId !== stamp.dbId) why = 'from another database';
  else if (m.gen !== stamp.gen) why = `stale: generation ${m.gen}, the table is at ${stamp.gen}`;
  else if (m.maxId > stamp.maxId) why = `stale: covers id ${m.maxId}, the table ends at ${stamp.maxId}`;
  else if (JSON.stringify(tailOf(db, m.maxId)) !== JSON.stringify(m.tail)) why = 'stale: its last row differs';
  if (why || !(ts instanceof Float64Array) || !(contact instanceof Int32Array)) {
    store.reject(name, why ?? 'bad arrays');
    return null;
  }
  const added = m.maxId < stamp.maxId ? (appended ?? appendedRows)(db, typeId, m.maxId, stamp.maxId) : emptyLog();
  return { ...mergeLogs({ ts, contact }, added), extended: added.ts.length, gap: stamp.maxId - m.maxId };
}

/**
 * Queues a background write of a log known to equal the table at `stamp` (arrays never mutated later;
 * `log` may be a function: then the arrays, e.g. a merge, are made when the write runs, off the job's path).
 */
export function saveLogSnapshot(db: Db, store: SnapshotStore, typeId: number, log: LogArrays | (() => LogArrays), stamp: LogStamp): void {
  const meta: LogMeta = { kind: 'log', dbId: stamp.dbId, gen: stamp.gen, typeId, maxId: stamp.maxId, tail: tailOf(db, stamp.maxId) };
  store.write(
    fileOf(typeId),
    (a: LogArrays): LogMeta => {
      const step = tsIndexStep(a.ts.length);
      const at: number[] = [];
      for (let i = 0; i < a.ts.length; i += step) at.push(a.ts[i]!);
      // JSON has no NaN/Infinity: such a log has no index (a window then reads the whole file).
      return at.every(Number.isFinite) ? { ...meta, tsIndex: { step, at } } : meta;
    },
    () => {
      const l = typeof log === 'function' ? log() : log;
      return { ts: l.ts, contact: l.contact };
    },
  );
}

/**
 * The rows of `typeId`'s log with ts ≥ `start` — and possibly some before — read from its file without
 * the rows before them (only the blocks holding them: a first "in the last 90 days" reads a tenth of a
 * big log), brought up to `stamp` by the rows appended since (`tail`, ts-sorted). Null when the file
 * cannot say where `start` begins (no index, or the window holds more than half the rows: the caller
 * loads the whole log) or is unusable (stale, torn: then it is deleted, as `loadLogSnapshot` does).
 */
export function loadLogWindow(
  db: Db,
  store: SnapshotStore,
  typeId: number,
  stamp: LogStamp,
  start: number,
  appended?: (db: Db, typeId: number, after: number, upTo: number) => LogArrays,
): { base: LogArrays; tail: LogArrays; rows: number } | null {
  const name = fileOf(typeId);
  let why: string | null = null;
  let maxId = 0;
  const snap = store.readRanges<LogMeta>(name, (m, lengths) => {
    const n = lengths.get('ts');
    if (m.kind !== 'log' || m.typeId !== typeId || n === undefined || lengths.get('contact') !== n) why = 'not this log';
    else if (m.dbId !== stamp.dbId) why = 'from another database';
    else if (m.gen !== stamp.gen) why = `stale: generation ${m.gen}, the table is at ${stamp.gen}`;
    else if (m.maxId > stamp.maxId) why = `stale: covers id ${m.maxId}, the table ends at ${stamp.maxId}`;
    else if (JSON.stringify(tailOf(db, m.maxId)) !== JSON.stringify(m.tail)) why = 'stale: its last row differs';
    if (why || n === undefined || !m.tsIndex) return null;
    // Rows before k·step all have ts ≤ at[k] < start: the window begins at or after the last such k.
    const { step, at } = m.tsIndex;
    if (!Number.isInteger(step) || step <= 0 || !Array.isArray(at)) return null;
    let k = -1;
    while (k + 1 < at.length && at[k + 1]! < start) k++;
    const from = Math.max(0, k) * step;
    if (from === 0 || n - from > n / 2) return null;
    maxId = m.maxId;
    return { ts: [from, n], contact: [from, n] };
  });
  if (why) {
    store.reject(name, why);
    return null;
  }
  const ts = snap?.arrays.get('ts');
  const contact = snap?.arrays.get('contact');
  if (!(ts instanceof Float64Array) || !(contact instanceof Int32Array)) return null;
  const tail = maxId < stamp.maxId ? (appended ?? appendedRows)(db, typeId, maxId, stamp.maxId) : emptyLog();
  return { base: { ts, contact }, tail, rows: ts.length + tail.ts.length };
}

/** `fn` in one read transaction with the current stamp (null stamp: snapshots are not trusted now). */
export function withLogStamp<T>(db: Db, fn: (stamp: LogStamp | null) => T): T {
  return inReadTransaction(db, () => fn(logStamp(db)));
}
