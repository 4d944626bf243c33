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
}

/** A log's arrays: ts ascending, contact rid per row. */
export interface LogArrays {
  ts: Float64Array;
  contact: Int32Array;
}

const fileOf = (typeId: number): string => `log-${typeId}.snap`;

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

/** Rows read per page when catching up with appended rows. */
const APPEND_PAGE = 65_536;

/** A log this far behind the table (ids, even if none of its type) is rewritten, so the next start skips the gap. */
export const REWRITE_GAP = 10_000;

const emptyLog = (): LogArrays => ({ ts: new Float64Array(0), contact: new Int32Array(0) });

/**
 * The rows appended after each wanted type's own watermark (`wanted`: type id → largest id it has),
 * up to `upTo`, per type and sorted by ts: ONE primary-key range scan from the smallest watermark.
 */
export function appendedByType(db: Db, from: number, upTo: number, wanted: ReadonlyMap<number, number>): Map<number, LogArrays> {
  // Typed, growable buffers per type: an import of millions of rows must not become millions of small arrays.
  const bufs = new Map<number, { ts: Float64Array; contact: Int32Array; n: number }>();
  for (const t of wanted.keys()) bufs.set(t, { ts: new Float64Array(1024), contact: new Int32Array(1024), n: 0 });
  const page = db.prepare('SELECT id, type_id, ts, contact_rid FROM interactions WHERE id > ? AND id <= ? ORDER BY id LIMIT ?').raw();
  // Pages of rows (`all` is about twice as fast per row as `iterate`; pages bound the memory of a huge import).
  for (let last = from; wanted.size > 0 && last < upTo;) {
    const rows = page.all(last, upTo, APPEND_PAGE) as [number, number, number, number][];
    if (rows.length === 0) break;
    last = Number(rows[rows.length - 1]![0]);
    for (const r of rows) {
      const type = Number(r[1]);
      const after = wanted.get(type);
      const b = bufs.get(type);
      if (after === undefined || !b || r[0] <= after) continue;
      if (b.n === b.ts.length) {
        const ts = new Float64Array(b.n * 2);
        ts.set(b.ts);
        const contact = new Int32Array(b.n * 2);
        contact.set(b.contact);
        b.ts = ts;
        b.contact = contact;
      }
      b.ts[b.n] = Number(r[2]);
      b.contact[b.n++] = Number(r[3]);
    }
  }
  const out = new Map<number, LogArrays>();
  for (const [type, b] of bufs) out.set(type, sortByTs(b.ts.subarray(0, b.n), b.contact.subarray(0, b.n)));
  return out;
}

/** The rows in ts order (new arrays); already-sorted input (rows imported in time order) is only copied. */
function sortByTs(ts: Float64Array, contact: Int32Array): LogArrays {
  let sorted = true;
  for (let i = 1; i < ts.length && sorted; i++) sorted = ts[i - 1]! <= ts[i]!;
  if (sorted) return { ts: ts.slice(), contact: contact.slice() };
  const order = new Uint32Array(ts.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  const outTs = new Float64Array(ts.length);
  const outContact = new Int32Array(ts.length);
  for (let i = 0; i < order.length; i++) {
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
  const added = m.maxId < stamp.maxId ? appendedRows(db, typeId, m.maxId, stamp.maxId) : emptyLog();
  return { ...mergeLogs({ ts, contact }, added), extended: added.ts.length, gap: stamp.maxId - m.maxId };
}

/** Queues a background write of a log known to equal the table at `stamp` (arrays never mutated later). */
export function saveLogSnapshot(db: Db, store: SnapshotStore, typeId: number, log: LogArrays, stamp: LogStamp): void {
  const meta: LogMeta = { kind: 'log', dbId: stamp.dbId, gen: stamp.gen, typeId, maxId: stamp.maxId, tail: tailOf(db, stamp.maxId) };
  store.write(fileOf(typeId), meta, { ts: log.ts, contact: log.contact });
}

/** `fn` in one read transaction with the current stamp (null stamp: snapshots are not trusted now). */
export function withLogStamp<T>(db: Db, fn: (stamp: LogStamp | null) => T): T {
  return inReadTransaction(db, () => fn(logStamp(db)));
}
