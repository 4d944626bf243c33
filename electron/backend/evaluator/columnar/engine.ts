/**
 * The worker's columnar cache (docs/columnar-engine.md): entity columns, interaction logs and member
 * bitsets of referenced segments, all loaded on first use and kept valid by
 *  1. DataChange messages from the host (patch the named rows, drop on 'many'), and
 *  2. a safety net at the start of every job: when `PRAGMA data_version` says another connection
 *     committed, cheap fingerprints (max rid per cached entity, max interaction id, the membership
 *     token per cached segment) are compared and whatever no longer matches is dropped.
 */
import type { DataChange } from '../../dataChange.js';
import type { Db } from '../../db/connection.js';
import { loadStorageCatalog, quoteIdent, type StorageCatalog, type StorageInteractionType } from '../../segments/compileCatalog.js';
import type { Bitset } from './bitset.js';
import { forEachStoredMember } from '../../db/memberStore.js';
import { EntityColumns, rowSink, type LoadStat } from './columns.js';
import { InteractionLog, logSink } from './interactionLog.js';
import {
  appendedByType,
  appendedRows,
  type LogArrays,
  type LogStamp,
  loadLogSnapshot,
  loadLogWindow,
  logStamp,
  mergeLogs,
  prepareCatchUp,
  REWRITE_GAP,
  saveLogSnapshot,
  withLogStamp,
} from './snapshot/logSnapshot.js';
import { inReadTransaction } from './snapshot/generations.js';
import type { SnapshotStore } from './snapshot/store.js';

/** Largest id range whose appended rows are read once for all types when logs load from files. */
const GAP_SHARE_LIMIT = 2_000_000;

interface CachedMembers {
  bits: Bitset;
  token: string;
  /** `PRAGMA data_version` when the bits were known to equal the stored rows. */
  version: number;
}

export class ColumnarEngine {
  /** Every load, in order (what, rows, ms): reported by the bench and the docs. */
  readonly loads: LoadStat[] = [];
  private readonly entities = new Map<string, EntityColumns>();
  private readonly logs = new Map<number, InteractionLog>();
  private readonly members = new Map<string, CachedMembers>();
  /**
   * Windows of logs not loaded whole (`windowLog`): the rows from `start` on, read from the log's file,
   * valid while the `interactions` stamp is `key`.
   */
  private readonly windows = new Map<number, { log: InteractionLog; start: number; key: string }>();
  private storageCatalog: StorageCatalog | null = null;
  private dataVersion: number;
  private interactionMaxId: number | null = null;
  /** Rows appended after log files, per type, for one id range (gapReader). */
  private gapRows: { key: string; byType: Map<number, LogArrays> } | null = null;
  /**
   * Whether this engine writes the logs it caught up (appended rows merged in) back to their files.
   * Off when the background builder runs (worker init `builder`): it rewrites them on its own thread,
   * so the checksum and write of a large log never sit between an import and the next estimate.
   */
  catchUpWrites = true;

  /**
   * @param snapshots where column and log snapshots live (snapshot/, docs/performance.md); without it
   *   every load reads the tables, as before.
   */
  constructor(
    private readonly db: Db,
    readonly snapshots?: SnapshotStore,
  ) {
    this.dataVersion = this.readDataVersion();
    prepareCatchUp(db);
    logSink(db);
    rowSink(db);
  }

  /** The storage catalog (reloaded at every job start: fields can be added at any time). */
  get storage(): StorageCatalog {
    this.storageCatalog ??= loadStorageCatalog(this.db);
    return this.storageCatalog;
  }

  /** Call at the start of every job: reloads the catalog and runs the safety net. */
  beginJob(): void {
    this.storageCatalog = loadStorageCatalog(this.db);
    const v = this.readDataVersion();
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    for (const [name, cols] of this.entities) {
      const max =
        (this.db
          .prepare(`SELECT max(rid) FROM ${quoteIdent(cols.entity.table)}`)
          .pluck()
          .get() as number | null) ?? 0;
      if (max !== cols.maxRid) this.entities.delete(name);
    }
    if (this.logs.size > 0 && this.readInteractionMaxId() !== this.interactionMaxId) this.catchUpLogs('all');
    for (const [id, m] of this.members) if (this.memberToken(id) !== m.token) this.members.delete(id);
  }

  /** Cached columns of `name` (lower-cased entity name), loaded on first use. */
  entity(name: string): EntityColumns {
    const key = name.toLowerCase();
    let cols = this.entities.get(key);
    if (!cols) {
      const entity = this.storage.entities.get(key);
      if (!entity) throw new Error(`Unknown entity '${name}'`);
      cols = new EntityColumns(this.db, entity, this.loads, this.snapshots);
      this.entities.set(key, cols);
    }
    return cols;
  }

  /** The in-memory log of one interaction type, loaded on first use (from its snapshot when there is one). */
  log(type: StorageInteractionType): InteractionLog {
    let log = this.logs.get(type.id);
    if (!log) {
      const gen = this.loadingLog(type, undefined, false);
      for (;;) {
        const step = gen.next();
        if (step.done) {
          log = step.value;
          break;
        }
      }
      this.installLog(log);
    }
    return log;
  }

  /**
   * The log to answer a window from `start` (undefined: lifetime) with: the loaded log; else, with a log
   * file that has a ts index, only its rows from `start` on (a first "in the last 90 days" after opening
   * reads a tenth of EmailSent's 84 MB at 1M: docs/performance.md, session 9), kept for later windows
   * that start no earlier while the table is unchanged; else the whole log, loaded and cached.
   */
  windowLog(type: StorageInteractionType, start: number | undefined): InteractionLog {
    const loaded = this.logs.get(type.id);
    if (loaded || start === undefined || !this.snapshots) return loaded ?? this.log(type);
    const snapshots = this.snapshots;
    const log = withLogStamp(this.db, (stamp) => {
      if (!stamp) return null;
      const key = `${stamp.dbId}|${stamp.gen}|${stamp.maxId}`;
      const have = this.windows.get(type.id);
      if (have && have.key === key && have.start <= start) return have.log;
      const t0 = performance.now();
      const got = loadLogWindow(this.db, snapshots, type.id, stamp, start, this.gapReader(stamp));
      if (!got) return null;
      const w = new InteractionLog(this.db, type.id, type.name, got.base.ts, got.base.contact, got.tail.ts.length > 0 ? got.tail : null);
      this.windows.set(type.id, { log: w, start, key });
      this.loads.push({
        what: `interactions.${type.name} window (snapshot +${got.tail.ts.length})`,
        rows: got.rows,
        ms: performance.now() - t0,
      });
      return w;
    });
    return log ?? this.log(type);
  }

  /** Loads a log in slices (pre-warming); a no-op when it is already loaded. */
  *prewarmLog(type: StorageInteractionType, chunk?: number): Generator<void, void> {
    if (this.logs.has(type.id)) return;
    const log = yield* this.loadingLog(type, chunk);
    // A change applied meanwhile would have closed this load; still, never install a log older than the cache.
    if (this.logs.has(type.id)) return;
    if (this.logs.size > 0 && log.loadedAt !== this.interactionMaxId) return;
    this.installLog(log);
  }

  /**
   * One read transaction: the snapshot (caught up with the rows appended since) when it is usable, else
   * the table in slices; a log read from the table, or caught up, is written back in the background.
   */
  private *loadingLog(type: StorageInteractionType, chunk?: number, sliced = true): Generator<void, InteractionLog> {
    const own = !this.db.inTransaction;
    if (own) this.db.exec('BEGIN');
    try {
      // The stamp is kept even without snapshot files: it lets an import's rows extend the log in memory.
      const stamp = logStamp(this.db);
      const maxId = stamp?.maxId ?? this.readInteractionMaxId();
      const t0 = performance.now();
      const snap = this.snapshots && stamp ? loadLogSnapshot(this.db, this.snapshots, type.id, stamp, this.gapReader(stamp)) : null;
      let log: InteractionLog;
      if (snap) {
        log = new InteractionLog(this.db, type.id, type.name, snap.ts, snap.contact);
        this.loads.push({
          what: `interactions.${type.name} (snapshot +${snap.extended})`,
          rows: snap.ts.length,
          ms: performance.now() - t0,
        });
      } else {
        log = sliced
          ? yield* InteractionLog.loading(this.db, type.id, type.name, this.loads, chunk)
          : InteractionLog.loadWhole(this.db, type.id, type.name, this.loads);
      }
      log.clean = stamp;
      const rewrite = !snap || (this.catchUpWrites && (snap.extended > 0 || snap.gap > REWRITE_GAP));
      if (stamp && this.snapshots && rewrite) saveLogSnapshot(this.db, this.snapshots, type.id, () => log.arrays(), stamp);
      log.loadedAt = maxId;
      return log;
    } finally {
      if (own && this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /**
   * Reads the rows appended after a log file for every type at once and keeps them for the other logs
   * behind by the same range (a restart after an import the builder had not caught up yet: each log
   * would otherwise scan the same id range for its own rows). Only for ranges up to GAP_SHARE_LIMIT ids.
   */
  private gapReader(stamp: LogStamp): (db: Db, typeId: number, after: number, upTo: number) => LogArrays {
    return (db, typeId, after, upTo) => {
      const key = `${stamp.dbId}|${stamp.gen}|${after}|${upTo}`;
      if (upTo - after > GAP_SHARE_LIMIT) return appendedRows(db, typeId, after, upTo);
      if (this.gapRows?.key !== key) {
        const all = new Map([...this.storage.interactionTypes.values()].map((t) => [t.id, after]));
        all.set(typeId, after);
        this.gapRows = { key, byType: appendedByType(db, after, upTo, all) };
      }
      // Each type's rows are handed out once (then released); a second load of the same type reads again.
      const rows = this.gapRows.byType.get(typeId);
      if (!rows) return appendedRows(db, typeId, after, upTo);
      this.gapRows.byType.delete(typeId);
      return rows;
    };
  }

  private installLog(log: InteractionLog): void {
    if (this.logs.size === 0) this.interactionMaxId = log.loadedAt;
    this.logs.set(log.typeId, log);
    this.windows.delete(log.typeId);
  }

  /**
   * Brings the cached logs up to the table: a log that is exact at a stamp with the current generation
   * gets the rows appended since (read by id range, merged in). A log that is not (patched, or the
   * table had an update or delete since) is dropped when `named` includes it (its next use reloads, from
   * the snapshot when that is still usable); otherwise it stays — every change is reported, so it is
   * right — but is no longer provably at a stamp. This is how an import's rows reach the logs.
   */
  private catchUpLogs(named: ReadonlySet<number> | 'all'): void {
    withLogStamp(this.db, (stamp) => {
      const behind = new Map<number, number>();
      for (const [id, log] of this.logs) {
        const c = log.clean;
        if (stamp && c && c.gen === stamp.gen && c.dbId === stamp.dbId && c.maxId <= stamp.maxId) {
          if (c.maxId < stamp.maxId) behind.set(id, c.maxId);
        } else if (named === 'all' || named.has(id)) this.logs.delete(id);
        else log.clean = null;
      }
      if (stamp && behind.size > 0) {
        const t0 = performance.now();
        const added = appendedByType(this.db, Math.min(...behind.values()), stamp.maxId, behind);
        const readMs = performance.now() - t0;
        for (const [id, rows] of added) {
          const log = this.logs.get(id);
          if (!log) continue;
          if (rows.ts.length === 0) {
            // Nothing of this type was appended: the same log is exact at the newer stamp (its result cache
            // stays); past a large gap its file is rewritten so the next start does not read the gap again.
            if (this.snapshots && this.catchUpWrites && stamp.maxId - (behind.get(id) ?? stamp.maxId) > REWRITE_GAP)
              saveLogSnapshot(this.db, this.snapshots, id, () => log.arrays(), stamp);
            log.clean = stamp;
            log.loadedAt = stamp.maxId;
            continue;
          }
          const t1 = performance.now();
          // The appended rows stay a sorted tail (no copy of the whole log on the way to the next estimate)
          // until the tail outgrows an eighth of the base; then one merge.
          const tail = log.tail ? mergeLogs(log.tail, rows) : rows;
          const next =
            tail.ts.length * 8 > log.ts.length
              ? (() => {
                  const merged = mergeLogs({ ts: log.ts, contact: log.contact }, tail);
                  return new InteractionLog(this.db, id, log.typeName, merged.ts, merged.contact);
                })()
              : new InteractionLog(this.db, id, log.typeName, log.ts, log.contact, tail);
          next.clean = stamp;
          next.loadedAt = stamp.maxId;
          this.logs.set(id, next);
          const what = `interactions.${log.typeName} (+${rows.ts.length} appended)`;
          this.loads.push({ what, rows: next.length, ms: performance.now() - t1 + readMs / added.size });
          if (this.snapshots && this.catchUpWrites) saveLogSnapshot(this.db, this.snapshots, id, () => next.arrays(), stamp);
        }
      }
      this.interactionMaxId = stamp?.maxId ?? this.readInteractionMaxId();
    });
  }

  /** rid of the record of `entity` whose key is exactly `key` (the key column is unique and indexed). */
  lookupRid(entity: string, key: string): number | undefined {
    const e = this.storage.entities.get(entity.toLowerCase());
    if (!e) return undefined;
    const rid = this.db
      .prepare(`SELECT rid FROM ${quoteIdent(e.table)} WHERE key = ?`)
      .pluck()
      .get(key) as number | undefined;
    return rid === undefined ? undefined : Number(rid);
  }

  /** Current members of a stored segment as a bitset of `words` words (cached while its token holds). */
  segmentMembers(segmentId: string, words: number): Bitset {
    const have = this.members.get(segmentId);
    if (have && have.bits.length === words) return have.bits;
    const t0 = performance.now();
    // The token and the rows in one read transaction: the token must describe exactly these members.
    // (A digit-by-digit scan of the chunk texts was measured slower than JSON.parse: 30–44 vs 19–26 ms CPU for 893k.)
    const bits = new Uint32Array(words);
    const limit = words * 32;
    let count = 0;
    // The version first: a commit after it makes the entry look older than it is (a reload), never newer.
    const entry = inReadTransaction(this.db, () => {
      const version = this.readDataVersion();
      const token = this.memberToken(segmentId);
      forEachStoredMember(this.db, segmentId, (r) => {
        count++;
        if (r < limit) bits[r >>> 5]! |= 1 << (r & 31);
      });
      return { bits, token, version };
    });
    this.members.set(segmentId, entry);
    this.loads.push({ what: `members of segment ${segmentId}`, rows: count, ms: performance.now() - t0 });
    return bits;
  }

  /**
   * Loads a segment's stored members now unless the cached ones still carry its current token (or it
   * no longer exists): called between jobs after a whole re-evaluation was written by another thread
   * (a go-live's 893k members), so the first member search does not read them. The same load and
   * token as `segmentMembers`: nothing here can be staler than what a job would read.
   */
  refreshMembers(segmentId: string): void {
    const token = this.memberToken(segmentId);
    if (token === 'gone') return;
    if (this.members.get(segmentId)?.token === token) return;
    this.members.delete(segmentId);
    this.segmentMembers(segmentId, this.entity('contact').words);
  }

  /**
   * The stored members exactly, for a materialise diff (call inside the write transaction): the
   * cached bits only when no other connection has committed anything since they were known to be
   * exact, else the rows themselves.
   */
  currentMembers(segmentId: string, words: number): Bitset {
    const have = this.members.get(segmentId);
    if (have && have.bits.length === words && have.version === this.readDataVersion()) return have.bits;
    this.members.delete(segmentId);
    return this.segmentMembers(segmentId, words);
  }

  /** `PRAGMA data_version` now (inside a write transaction: no other commit can follow until it ends). */
  get currentDataVersion(): number {
    return this.readDataVersion();
  }

  /** After this worker wrote a segment's members itself (`version` read inside that transaction). */
  membersWritten(segmentId: string, bits: Bitset, version: number): void {
    this.members.set(segmentId, { bits: bits.slice(), token: this.memberToken(segmentId), version });
  }

  /**
   * Membership token of a segment: any write by the membership writer adds (or, when nothing
   * changed, updates) an evaluation row of that segment and sets its count and evaluation time. Only
   * the segment's own rows count (index `(segment_id, id)`): another segment's evaluation — a live
   * re-check after every edit — must not throw away 893k cached members.
   */
  memberToken(segmentId: string): string {
    const row = this.db
      .prepare(
        'SELECT (SELECT max(id) FROM segment_evaluations WHERE segment_id = s.id) AS e, member_count AS n, last_evaluated_at AS at FROM segments s WHERE id = ?',
      )
      .get(segmentId) as { e: number | null; n: number | null; at: number | null } | undefined;
    return row ? `${row.e}|${row.n}|${row.at}` : 'gone';
  }

  /** Applies a committed data change reported by the host. */
  applyChange(change: DataChange): void {
    if (change.kind === 'profile') {
      const key = change.entity.toLowerCase();
      const cols = this.entities.get(key);
      if (!cols) return;
      if (change.rids === 'many') this.entities.delete(key);
      else cols.patch(change.rids);
      return;
    }
    // Windows check the table's stamp at every use; dropping them here only frees their memory early.
    this.windows.clear();
    const types = change.types.map((t) => this.storage.interactionTypes.get(t.toLowerCase())?.id);
    if (types.some((id) => id === undefined)) this.logs.clear(); // a type we cannot name: be safe
    if (change.contactRids === 'many') {
      // A big change (an import): appended rows extend the logs; a named log that cannot be extended is dropped.
      this.catchUpLogs(new Set(types.filter((id): id is number => id !== undefined)));
      return;
    }
    const rids = change.contactRids;
    for (const id of types) {
      const log = id === undefined ? undefined : this.logs.get(id);
      if (!log || id === undefined) continue;
      if (!log.patch(rids)) this.logs.delete(id);
    }
    inReadTransaction(this.db, () => {
      const maxId = this.readInteractionMaxId();
      // Logs not named by the change may still be exact at the old maximum; they stay valid but behind
      // (the next catch-up reads the rows between), so only the shared watermark moves.
      this.interactionMaxId = maxId;
    });
  }

  /** Forgets cached memberships (a writer other than the membership writer replaced segment_members). */
  forgetMembers(): void {
    this.members.clear();
  }

  /** Drops everything (tests; a catalog change the cache cannot follow). */
  clear(): void {
    this.entities.clear();
    this.logs.clear();
    this.windows.clear();
    this.members.clear();
  }

  /** Memory held by the typed arrays, per part. */
  memory(): { entities: number; interactions: number; members: number } {
    let entities = 0;
    for (const e of this.entities.values()) entities += e.bytes();
    let interactions = 0;
    for (const l of this.logs.values()) interactions += l.bytes();
    for (const w of this.windows.values()) interactions += w.log.bytes();
    let members = 0;
    for (const m of this.members.values()) members += m.bits.byteLength;
    return { entities, interactions, members };
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private readInteractionMaxId(): number {
    return (this.db.prepare('SELECT max(id) FROM interactions').pluck().get() as number | null) ?? 0;
  }
}
