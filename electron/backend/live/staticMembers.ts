/**
 * Static segment members: add / remove by contact key (unknown keys reported, not fatal), by a query
 * run once (find shows the matches; add/remove all of them), and from a contact record. Allowed in
 * draft, live and stopped (spec F11: static members are managed on a live static segment too). On a
 * live static segment the change reaches segment_members (and history) in the same transaction, and
 * segments using it follow.
 */
import type { ContactRef, StaticChangeResult } from '../../../shared/api/contract/live.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import type { EventBus } from '../events.js';
import type { SegmentRow, SegmentService } from '../segments/segmentService.js';
import { contactRefs } from './contactRefs.js';
import type { LiveEngine } from './liveEngine.js';
import type { WriterHost } from '../db/writer.js';
import { applyStaticChange, type StaticChangeJob } from './staticChange.js';
import { INLINE_WRITE_LIMIT } from './writeJobs.js';
import type { LiveRefresher } from './refresher.js';

/** Keys are resolved in chunks of this size (one statement each); one progress event follows the change. */
export const STATIC_CHUNK = 20_000;

export interface StaticDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  segments: SegmentService;
  engine: LiveEngine;
  refresher: LiveRefresher;
  /** The writer thread (a database file): large changes are written there. */
  writer?: WriterHost | undefined;
}

export class StaticMembers {
  constructor(private readonly deps: StaticDeps) {}

  private editable(segmentId: string): SegmentRow {
    const row = this.deps.segments.row(segmentId);
    if (row.type !== 'static')
      throw new ApiFailure(
        'invalid_state',
        `"${row.name}" is a ${row.type} segment; members can only be added to or removed from static segments.`,
      );
    if (row.status === 'goingLive' || row.status === 'stopping')
      throw new ApiFailure('invalid_state', `"${row.name}" is changing status; try again in a moment.`);
    return row;
  }

  /** Resolves keys to rids; returns the rids found and the keys that match no contact. */
  private resolve(keys: readonly string[]): { rids: number[]; unknownKeys: string[] } {
    const { db } = this.deps;
    const unique = [...new Set(keys)];
    const rids: number[] = [];
    const found = new Set<string>();
    for (let i = 0; i < unique.length; i += STATIC_CHUNK) {
      const rows = db
        .prepare('SELECT rid, key FROM ent_contact WHERE key IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(unique.slice(i, i + STATIC_CHUNK))) as {
        rid: number;
        key: string;
      }[];
      for (const r of rows) {
        rids.push(r.rid);
        found.add(r.key);
      }
    }
    return { rids, unknownKeys: unique.filter((k) => !found.has(k)) };
  }

  add(segmentId: string, keys: readonly string[]): Promise<StaticChangeResult> {
    const { rids, unknownKeys } = this.resolve(keys);
    return this.change(segmentId, rids, 'add', unknownKeys);
  }

  remove(segmentId: string, keys: readonly string[]): Promise<StaticChangeResult> {
    const { rids, unknownKeys } = this.resolve(keys);
    return this.change(segmentId, rids, 'remove', unknownKeys);
  }

  /** Which of `rids` are static members of the segment (ascending); a picker marks them. */
  which(segmentId: string, rids: readonly number[]): number[] {
    this.deps.segments.row(segmentId);
    return this.deps.db
      .prepare('SELECT contact_rid FROM static_members WHERE segment_id = ? AND contact_rid IN (SELECT value FROM json_each(?)) ORDER BY 1')
      .pluck()
      .all(segmentId, JSON.stringify(rids)) as number[];
  }

  /** Runs a query once (on the evaluator worker when there is one): total and the first `limit` matches. Nothing changes. */
  async find(segmentId: string, definition: SegmentDefinition, limit: number): Promise<{ total: number; matches: ContactRef[] }> {
    this.editable(segmentId);
    const rids = await this.queryRids(segmentId, definition);
    return { total: rids.length, matches: contactRefs(this.deps.db, Array.from(rids.subarray(0, limit))) };
  }

  async addByQuery(segmentId: string, definition: SegmentDefinition): Promise<StaticChangeResult> {
    this.editable(segmentId);
    return this.change(segmentId, await this.queryRids(segmentId, definition), 'add', []);
  }

  async removeByQuery(segmentId: string, definition: SegmentDefinition): Promise<StaticChangeResult> {
    this.editable(segmentId);
    return this.change(segmentId, await this.queryRids(segmentId, definition), 'remove', []);
  }

  private async queryRids(segmentId: string, definition: SegmentDefinition): Promise<Float64Array> {
    if (definition.kind !== 'dynamic')
      throw new ApiFailure('invalid_input', 'A member query is a dynamic definition (profile, interaction or segment blocks).', [
        { path: 'definition.kind', message: 'Expected "dynamic"' },
      ]);
    const issues = this.deps.engine.validate(definition, segmentId);
    if (issues.length > 0)
      throw new ApiFailure(
        'validation_failed',
        `The query has ${issues.length} problem${issues.length === 1 ? '' : 's'} (first: ${issues[0]?.message ?? ''}).`,
        issues,
      );
    const row = this.deps.segments.row(segmentId);
    // The whole query is an evaluation like a go-live's: on the worker's columnar cache (ascending rids),
    // or compiled SQL here when there is no worker (an in-memory database).
    const node = { id: segmentId, type: 'dynamic', definition, timeZone: row.time_zone };
    const source = await this.deps.refresher.memberSource(node, this.deps.now(), true);
    if ('rids' in source) return Float64Array.from(source.rids);
    return Float64Array.from(
      this.deps.db
        .prepare(`SELECT DISTINCT rid FROM (${source.sql}) ORDER BY rid`)
        .pluck()
        .all(...source.params) as number[],
    );
  }

  /**
   * Applies an add/remove in one transaction (through the refresh queue, so refreshes never interleave):
   * on the writer thread when it is large (staticChange.ts), here when small.
   */
  private async change(
    segmentId: string,
    rids: readonly number[] | Float64Array,
    op: 'add' | 'remove',
    unknownKeys: string[],
  ): Promise<StaticChangeResult> {
    const { db, events, now: clock, writer } = this.deps;
    this.editable(segmentId);
    const total = rids.length;
    const result = await this.deps.refresher.enqueue(() => {
      const job: StaticChangeJob = { kind: 'staticChange', segmentId, op, rids: Float64Array.from(rids), now: clock() };
      return writer && total > INLINE_WRITE_LIMIT ? writer.run(job) : applyStaticChange(db, job);
    });
    events.emit('staticMembers.progressed', { segmentId, done: total, total });
    const out = result.outcome;
    if (out && out.added + out.removed > 0) {
      events.emit('membership.changed', {
        segmentId,
        reason: 'staticEdit',
        size: out.size,
        added: out.added,
        removed: out.removed,
        at: new Date(clock()).toISOString(),
      });
    }
    if (out) void this.deps.refresher.cascadeFrom(segmentId, out.changedRids);
    events.emit('segment.changed', { id: segmentId, change: 'updated' });
    return { segmentId, changed: result.changed, unchanged: total - result.changed, unknownKeys, size: result.size };
  }
}
