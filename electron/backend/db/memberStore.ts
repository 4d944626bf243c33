/**
 * Stored segment membership (migration 008). A segment's members are kept in chunks of 1,024 contact
 * rids: one row of `segment_member_chunks` per (segment, rid >> 10) holding the chunk's member rids as
 * an ascending JSON array and their number. Writing a 255k-member segment is ~1,000 rows of a few KB
 * instead of 255k B-tree rows (≈ 20 ms instead of 200–400 ms at 1M contacts), and a one-contact change
 * rewrites one small row.
 *
 * Readers use the view `segment_members (segment_id, chunk, contact_rid)`, which expands the chunks
 * with `json_each`. A query filtering on `segment_id` reads that segment's chunks by primary key; a
 * probe for ONE contact must also say which chunk (`chunk = rid >> 10`, see `memberProbeSql`), or it
 * expands every chunk of the segment. The view takes INSERT and DELETE through INSTEAD OF triggers
 * (tests and fixtures write it like a table); the app's writers use the functions below, which write
 * whole chunks. Call the writers inside a transaction.
 */
import type { Db } from './connection.js';
import { stmt } from './statements.js';

/** log2 of the rids per chunk. */
export const MEMBER_CHUNK_BITS = 10;
/** Rids per chunk (32 words of a bitset). */
export const MEMBER_CHUNK_SIZE = 1 << MEMBER_CHUNK_BITS;

/** SQL: the chunk number of a rid expression. */
export function memberChunkSql(ridExpr: string): string {
  return `(${ridExpr} >> ${MEMBER_CHUNK_BITS})`;
}

/**
 * SQL condition: `ridExpr` is a stored member of the segment bound to the one `?` — a primary-key
 * search of one chunk, then a scan of that chunk's at most 1,024 rids.
 */
export function memberProbeSql(ridExpr: string, alias = 'm'): string {
  return `EXISTS (SELECT 1 FROM segment_members AS ${alias} WHERE ${alias}.segment_id = ? AND ${alias}.chunk = ${memberChunkSql(ridExpr)} AND ${alias}.contact_rid = ${ridExpr})`;
}

const COUNT_SQL = 'SELECT coalesce(sum(n), 0) FROM segment_member_chunks WHERE segment_id = ?';
const CHUNK_SQL = 'SELECT rids FROM segment_member_chunks WHERE segment_id = ? AND chunk = ?';
const ALL_CHUNKS_SQL = 'SELECT chunk, rids FROM segment_member_chunks WHERE segment_id = ? ORDER BY chunk';
const PUT_SQL = 'INSERT OR REPLACE INTO segment_member_chunks (segment_id, chunk, n, rids) VALUES (?, ?, ?, ?)';
const DROP_SQL = 'DELETE FROM segment_member_chunks WHERE segment_id = ? AND chunk = ?';

/** Number of stored members (a sum over the chunks, not a count of rids). */
export function storedMemberCount(db: Db, segmentId: string): number {
  return Number(stmt(db, COUNT_SQL).pluck().get(segmentId));
}

function parseChunk(json: unknown): number[] {
  return JSON.parse(String(json)) as number[];
}

/**
 * Whether the stored chunk text (`[r1,r2,…]`, integers) lists `rid`: a substring search for the
 * number, accepted only between delimiters (so 12 is not found in 112 or 123).
 */
export function chunkTextHas(json: string, rid: number): boolean {
  const needle = String(rid);
  for (let at = json.indexOf(needle); at !== -1; at = json.indexOf(needle, at + 1)) {
    const before = json.charCodeAt(at - 1);
    const after = json.charCodeAt(at + needle.length);
    // '[' 91, ',' 44, ']' 93
    if ((before === 91 || before === 44) && (after === 44 || after === 93)) return true;
  }
  return false;
}

/**
 * SQL condition: the stored chunk text `ridsExpr` (`[r1,r2,…]`, see {@link chunkTextHas}) lists the
 * integer `ridExpr` — answered on the text, without expanding the chunk through `json_each` (which
 * parses every rid of it: ~45 µs of a contact detail's ~110 µs membership list at 1M contacts). The
 * brackets become delimiters, so 12 is not found in 112 or 123. `ridExpr` is cast to an integer: a
 * JavaScript number is bound as a REAL, whose text would be "12.0".
 */
export function chunkTextHasSql(ridsExpr: string, ridExpr: string): string {
  return `instr(replace(replace(${ridsExpr}, '[', ','), ']', ','), ',' || CAST(${ridExpr} AS INTEGER) || ',') > 0`;
}

/** Whether `rid` is a stored member of the segment. */
export function isStoredMember(db: Db, segmentId: string, rid: number): boolean {
  const json = stmt(db, CHUNK_SQL)
    .pluck()
    .get(segmentId, rid >> MEMBER_CHUNK_BITS);
  return json !== undefined && parseChunk(json).includes(rid);
}

/** Calls `fn` with every member rid of the segment, ascending. */
export function forEachStoredMember(db: Db, segmentId: string, fn: (rid: number) => void): void {
  for (const row of stmt(db, ALL_CHUNKS_SQL).iterate(segmentId) as Iterable<{ rids: string }>) {
    for (const rid of parseChunk(row.rids)) fn(rid);
  }
}

/** The stored rids of one chunk, ascending (empty when the chunk has no members). */
export function storedMemberChunk(db: Db, segmentId: string, chunk: number): number[] {
  const json = stmt(db, CHUNK_SQL).pluck().get(segmentId, chunk);
  return json === undefined ? [] : parseChunk(json);
}

/** Total members stored in chunks `fromChunk` and after. */
export function storedMembersFromChunk(db: Db, segmentId: string, fromChunk: number): number {
  return Number(
    stmt(db, 'SELECT coalesce(sum(n), 0) FROM segment_member_chunks WHERE segment_id = ? AND chunk >= ?').pluck().get(segmentId, fromChunk),
  );
}

/** Deletes chunks `fromChunk` and after. */
export function deleteMemberChunksFrom(db: Db, segmentId: string, fromChunk: number): void {
  stmt(db, 'DELETE FROM segment_member_chunks WHERE segment_id = ? AND chunk >= ?').run(segmentId, fromChunk);
}

/**
 * Number of contacts stored as members of both segments: chunk by chunk, merging the two ascending
 * lists of each chunk number both have (a join of the expanded view would scan b's chunk once per
 * member of a).
 */
export function sharedMemberCount(db: Db, a: string, b: string): number {
  const other = new Map<number, string>();
  for (const row of stmt(db, ALL_CHUNKS_SQL).iterate(b) as Iterable<{ chunk: number; rids: string }>)
    other.set(Number(row.chunk), row.rids);
  let shared = 0;
  for (const row of stmt(db, ALL_CHUNKS_SQL).iterate(a) as Iterable<{ chunk: number; rids: string }>) {
    const json = other.get(Number(row.chunk));
    if (json === undefined) continue;
    const x = parseChunk(row.rids);
    const y = parseChunk(json);
    for (let i = 0, j = 0; i < x.length && j < y.length;) {
      if (x[i]! < y[j]!) i++;
      else if (x[i]! > y[j]!) j++;
      else {
        shared++;
        i++;
        j++;
      }
    }
  }
  return shared;
}

/** The segment's member rids, ascending. */
export function storedMemberRids(db: Db, segmentId: string): number[] {
  const out: number[] = [];
  forEachStoredMember(db, segmentId, (r) => out.push(r));
  return out;
}

/** Replaces one chunk's members with `rids` (ascending, all in that chunk); none deletes the chunk. */
export function putMemberChunk(db: Db, segmentId: string, chunk: number, rids: readonly number[]): void {
  if (rids.length === 0) stmt(db, DROP_SQL).run(segmentId, chunk);
  else stmt(db, PUT_SQL).run(segmentId, chunk, rids.length, `[${rids.join(',')}]`);
}

/** The rids ascending, each once, in a typed array (8 bytes a rid: a go-live may pass ~900k). */
function sortedUnique(rids: Iterable<number>): Float64Array {
  // An array is copied without the iterator protocol; one or no rid (a contact edit's re-check) needs no sort.
  const a = Array.isArray(rids) ? new Float64Array(rids as number[]) : Float64Array.from(rids);
  if (a.length <= 1) return a;
  a.sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (n === 0 || a[i] !== a[n - 1]) a[n++] = a[i]!;
  return a.subarray(0, n);
}

/** Whether ascending `a` holds `x` (binary search). */
function sortedHas(a: Float64Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Adds `add` and removes `remove` (a rid in both is added); returns the rids whose membership
 * actually changed, ascending. Each touched chunk is read, changed and written once. Both lists are
 * sorted into typed arrays and walked chunk by chunk, so a go-live's ~900k joiners cost 8 bytes each
 * rather than a Map entry each (~80 bytes: 125 MB of writer-thread heap at 1M contacts).
 */
export function changeStoredMembers(
  db: Db,
  segmentId: string,
  add: Iterable<number>,
  remove: Iterable<number>,
): { joined: number[]; left: number[] } {
  const adds = sortedUnique(add);
  const removes = sortedUnique(remove);
  const joined: number[] = [];
  const left: number[] = [];
  let i = 0;
  let j = 0;
  while (i < adds.length || j < removes.length) {
    const chunk = Math.min(
      i < adds.length ? adds[i]! >> MEMBER_CHUNK_BITS : Number.POSITIVE_INFINITY,
      j < removes.length ? removes[j]! >> MEMBER_CHUNK_BITS : Number.POSITIVE_INFINITY,
    );
    let i2 = i;
    while (i2 < adds.length && adds[i2]! >> MEMBER_CHUNK_BITS === chunk) i2++;
    let j2 = j;
    while (j2 < removes.length && removes[j2]! >> MEMBER_CHUNK_BITS === chunk) j2++;
    changeChunk(db, segmentId, chunk, adds.subarray(i, i2), removes.subarray(j, j2), joined, left);
    i = i2;
    j = j2;
  }
  return { joined, left };
}

/** One chunk of {@link changeStoredMembers}: `add` and `remove` ascending, all in `chunk`. */
function changeChunk(
  db: Db,
  segmentId: string,
  chunk: number,
  add: Float64Array,
  remove: Float64Array,
  joined: number[],
  left: number[],
): void {
  const json = stmt(db, CHUNK_SQL).pluck().get(segmentId, chunk) as string | undefined;
  // Usually nothing changes (a re-checked contact stays in or out): answered on the JSON text,
  // without parsing the chunk's up to 1,024 rids (tens of microseconds per segment and edit).
  let unchanged = true;
  for (let k = 0; unchanged && k < add.length; k++) if (json === undefined || !chunkTextHas(json, add[k]!)) unchanged = false;
  for (let k = 0; unchanged && k < remove.length; k++) {
    const rid = remove[k]!;
    if (json !== undefined && chunkTextHas(json, rid) && !sortedHas(add, rid)) unchanged = false;
  }
  if (unchanged) return;
  // Merge of three ascending lists: the chunk's members, the rids to add, the rids to remove.
  const current = json === undefined ? [] : parseChunk(json);
  const next: number[] = [];
  let c = 0;
  let a = 0;
  let r = 0;
  while (c < current.length || a < add.length) {
    const cur = c < current.length ? current[c]! : Number.POSITIVE_INFINITY;
    const ad = a < add.length ? add[a]! : Number.POSITIVE_INFINITY;
    if (ad < cur) {
      next.push(ad);
      joined.push(ad);
      a++;
      continue;
    }
    if (ad === cur) a++;
    else {
      while (r < remove.length && remove[r]! < cur) r++;
      if (r < remove.length && remove[r] === cur) {
        left.push(cur);
        c++;
        continue;
      }
    }
    next.push(cur);
    c++;
  }
  putMemberChunk(db, segmentId, chunk, next);
}

/**
 * Makes the stored members equal to the `rid` column of `scratchTable` (a TEMP table with rid as its
 * primary key): leavers and joiners are found in SQL, then each touched chunk is rewritten once.
 */
export function replaceStoredMembers(db: Db, segmentId: string, scratchTable: string): { joined: number[]; left: number[] } {
  const leavers = stmt(
    db,
    `SELECT contact_rid FROM segment_members WHERE segment_id = ? AND contact_rid NOT IN (SELECT rid FROM ${scratchTable})`,
  )
    .pluck()
    .all(segmentId) as number[];
  const joiners = stmt(
    db,
    `SELECT rid FROM ${scratchTable} WHERE rid NOT IN (SELECT contact_rid FROM segment_members WHERE segment_id = ?)`,
  )
    .pluck()
    .all(segmentId) as number[];
  return changeStoredMembers(db, segmentId, joiners, leavers);
}

/** Forgets every stored member of the segment. */
export function deleteStoredMembers(db: Db, segmentId: string): void {
  stmt(db, 'DELETE FROM segment_member_chunks WHERE segment_id = ?').run(segmentId);
}
