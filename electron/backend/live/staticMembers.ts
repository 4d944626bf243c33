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
import { applyContacts } from './membershipWriter.js';
import type { LiveRefresher } from './refresher.js';

/** Keys are resolved and written in chunks of this size; a progress event follows each chunk. */
export const STATIC_CHUNK = 20_000;

export interface StaticDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  segments: SegmentService;
  engine: LiveEngine;
  refresher: LiveRefresher;
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

  /** Runs a query once: total and the first `limit` matches. Nothing changes. */
  find(segmentId: string, definition: SegmentDefinition, limit: number): { total: number; matches: ContactRef[] } {
    this.editable(segmentId);
    const rids = this.queryRids(segmentId, definition);
    return { total: rids.length, matches: contactRefs(this.deps.db, rids.slice(0, limit)) };
  }

  addByQuery(segmentId: string, definition: SegmentDefinition): Promise<StaticChangeResult> {
    this.editable(segmentId);
    return this.change(segmentId, this.queryRids(segmentId, definition), 'add', []);
  }

  removeByQuery(segmentId: string, definition: SegmentDefinition): Promise<StaticChangeResult> {
    this.editable(segmentId);
    return this.change(segmentId, this.queryRids(segmentId, definition), 'remove', []);
  }

  private queryRids(segmentId: string, definition: SegmentDefinition): number[] {
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
    const q = this.deps.engine.compile(definition, row.time_zone, this.deps.now());
    return this.deps.db
      .prepare(`SELECT rid FROM (${q.sql}) ORDER BY rid`)
      .pluck()
      .all(...q.params) as number[];
  }

  /** Applies an add/remove in one transaction (through the refresh queue, so refreshes never interleave). */
  private async change(segmentId: string, rids: number[], op: 'add' | 'remove', unknownKeys: string[]): Promise<StaticChangeResult> {
    const { db, events, now: clock } = this.deps;
    this.editable(segmentId);
    const result = await this.deps.refresher.enqueue(() => {
      const row = this.editable(segmentId);
      const now = clock();
      const started = performance.now();
      return db
        .transaction(() => {
          const ins = db.prepare('INSERT OR IGNORE INTO static_members (segment_id, contact_rid, added_at) VALUES (?, ?, ?)');
          const del = db.prepare('DELETE FROM static_members WHERE segment_id = ? AND contact_rid = ?');
          let changed = 0;
          for (let i = 0; i < rids.length; i++) {
            changed += op === 'add' ? ins.run(segmentId, rids[i], now).changes : del.run(segmentId, rids[i]).changes;
            if ((i + 1) % STATIC_CHUNK === 0) events.emit('staticMembers.progressed', { segmentId, done: i + 1, total: rids.length });
          }
          events.emit('staticMembers.progressed', { segmentId, done: rids.length, total: rids.length });
          let cascade: number[] | null = [];
          if (row.status === 'live') {
            const members = new Set(op === 'add' ? rids : []);
            const out = applyContacts(db, { segmentId, reason: 'staticEdit', now }, rids, members, started);
            cascade = out.changedRids;
            if (out.added + out.removed > 0) {
              events.emit('membership.changed', {
                segmentId,
                reason: 'staticEdit',
                size: out.size,
                added: out.added,
                removed: out.removed,
                at: new Date(now).toISOString(),
              });
            }
          }
          db.prepare('UPDATE segments SET modified_at = max(modified_at, ?) WHERE id = ?').run(now, segmentId);
          const size = db.prepare('SELECT count(*) FROM static_members WHERE segment_id = ?').pluck().get(segmentId) as number;
          return { changed, size, cascade, live: row.status === 'live' };
        })
        .immediate();
    });
    if (result.live) void this.deps.refresher.cascadeFrom(segmentId, result.cascade);
    events.emit('segment.changed', { id: segmentId, change: 'updated' });
    return { segmentId, changed: result.changed, unchanged: rids.length - result.changed, unknownKeys, size: result.size };
  }
}
