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
import { EntityColumns, type LoadStat } from './columns.js';
import { InteractionLog } from './interactionLog.js';

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
  private storageCatalog: StorageCatalog | null = null;
  private dataVersion: number;
  private interactionMaxId: number | null = null;

  constructor(private readonly db: Db) {
    this.dataVersion = this.readDataVersion();
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
    if (this.logs.size > 0 && this.readInteractionMaxId() !== this.interactionMaxId) this.logs.clear();
    for (const [id, m] of this.members) if (this.memberToken(id) !== m.token) this.members.delete(id);
  }

  /** Cached columns of `name` (lower-cased entity name), loaded on first use. */
  entity(name: string): EntityColumns {
    const key = name.toLowerCase();
    let cols = this.entities.get(key);
    if (!cols) {
      const entity = this.storage.entities.get(key);
      if (!entity) throw new Error(`Unknown entity '${name}'`);
      cols = new EntityColumns(this.db, entity, this.loads);
      this.entities.set(key, cols);
    }
    return cols;
  }

  /** The in-memory log of one interaction type, loaded on first use. */
  log(type: StorageInteractionType): InteractionLog {
    let log = this.logs.get(type.id);
    if (!log) {
      if (this.logs.size === 0) this.interactionMaxId = this.readInteractionMaxId();
      log = InteractionLog.load(this.db, type.id, type.name, this.loads);
      this.logs.set(type.id, log);
    }
    return log;
  }

  /** Loads a log in slices (pre-warming); a no-op when it is already loaded. */
  *prewarmLog(type: StorageInteractionType, chunk?: number): Generator<void, void> {
    if (this.logs.has(type.id)) return;
    const maxId = this.readInteractionMaxId();
    const log = yield* InteractionLog.loading(this.db, type.id, type.name, this.loads, chunk);
    // A change applied meanwhile would have closed this load; still, never install a log older than the cache.
    if (this.logs.has(type.id)) return;
    if (this.logs.size === 0) this.interactionMaxId = maxId;
    else if (maxId !== this.interactionMaxId) return;
    this.logs.set(type.id, log);
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
    const token = this.memberToken(segmentId);
    const bits = new Uint32Array(words);
    const limit = words * 32;
    forEachStoredMember(this.db, segmentId, (r) => {
      if (r < limit) bits[r >>> 5]! |= 1 << (r & 31);
    });
    this.members.set(segmentId, { bits, token, version: this.readDataVersion() });
    return bits;
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
   * changed, updates) an evaluation row and sets the segment's count and evaluation time.
   */
  memberToken(segmentId: string): string {
    const row = this.db
      .prepare(
        'SELECT (SELECT max(id) FROM segment_evaluations) AS e, member_count AS n, last_evaluated_at AS at FROM segments WHERE id = ?',
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
    const types = change.types.map((t) => this.storage.interactionTypes.get(t.toLowerCase())?.id);
    for (const id of types) {
      const log = id === undefined ? undefined : this.logs.get(id);
      if (!log || id === undefined) continue;
      if (change.contactRids === 'many' || !log.patch(change.contactRids)) this.logs.delete(id);
    }
    if (types.some((id) => id === undefined)) this.logs.clear(); // a type we cannot name: be safe
    this.interactionMaxId = this.readInteractionMaxId();
  }

  /** Forgets cached memberships (a writer other than the membership writer replaced segment_members). */
  forgetMembers(): void {
    this.members.clear();
  }

  /** Drops everything (tests; a catalog change the cache cannot follow). */
  clear(): void {
    this.entities.clear();
    this.logs.clear();
    this.members.clear();
  }

  /** Memory held by the typed arrays, per part. */
  memory(): { entities: number; interactions: number; members: number } {
    let entities = 0;
    for (const e of this.entities.values()) entities += e.bytes();
    let interactions = 0;
    for (const l of this.logs.values()) interactions += l.bytes();
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
