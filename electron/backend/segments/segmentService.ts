import { randomUUID } from 'node:crypto';
import type { MethodInput } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentRecord, SegmentStatus, SegmentSummary, SegmentType } from '../../../shared/models/segment.js';
import { emptyDefinition, type SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import type { WriterHost } from '../db/writer.js';
import type { EventBus } from '../events.js';
import { assertDeletable, deleteSegment, type DeleteSegmentJob } from './segmentDelete.js';

/** A stored segment row (columns of `segments`). */
export interface SegmentRow {
  id: string;
  name: string;
  description: string;
  type: SegmentType;
  status: SegmentStatus;
  time_zone: string;
  owner: string;
  definition: string;
  member_count: number | null;
  last_evaluated_at: number | null;
  needs_attention: number;
  has_been_live: number;
  created_at: number;
  modified_at: number;
  /** Stored members of a static segment never evaluated yet (SEGMENT_COLUMNS); null otherwise. */
  static_count?: number | null;
  /** Added by migration 004 (live segments). */
  next_evaluation_at?: number | null;
}

/**
 * Every segment column, plus the stored member count of a static segment that was never evaluated: a
 * static draft has members (picked by hand) before it goes live, and the list should say how many.
 */
const SEGMENT_COLUMNS = `segments.*, CASE WHEN segments.type = 'static' AND segments.member_count IS NULL
  THEN (SELECT count(*) FROM static_members m WHERE m.segment_id = segments.id) END AS static_count`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toSummary(r: SegmentRow): SegmentSummary {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    status: r.status,
    memberCount: r.member_count ?? r.static_count ?? null,
    lastEvaluatedAt: iso(r.last_evaluated_at),
    needsAttention: r.needs_attention === 1,
    createdAt: new Date(r.created_at).toISOString(),
    modifiedAt: new Date(r.modified_at).toISOString(),
  };
}

export function toRecord(r: SegmentRow): SegmentRecord {
  return {
    ...toSummary(r),
    description: r.description,
    timeZone: r.time_zone,
    owner: r.owner,
    definition: JSON.parse(r.definition) as SegmentDefinition,
    hasBeenLive: r.has_been_live === 1,
  };
}

/** True if the IANA zone name is known to this runtime's Intl data. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface SegmentServiceDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  actor: string;
  /** The writer thread (a database file): large deletions are written there, off the main thread. */
  writer?: WriterHost | undefined;
}

/** Up to this many rows per table a deletion is written on the main connection (a few milliseconds). */
export const INLINE_DELETE_LIMIT = 5000;

/** Segment records: create, read, update within the status locks, delete. */
export class SegmentService {
  constructor(private readonly deps: SegmentServiceDeps) {}

  /** Who acts: the actor of transition rows written elsewhere (the writer thread, live/writeJobs.ts). */
  get actor(): string {
    return this.deps.actor;
  }

  list(input: MethodInput<'segments.list'>): SegmentSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (input.search) {
      where.push(`name_lower LIKE ? ESCAPE '\\'`);
      params.push(`%${input.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (input.type) {
      where.push('type = ?');
      params.push(input.type);
    }
    if (input.status) {
      where.push('status = ?');
      params.push(input.status);
    }
    const sql = `SELECT ${SEGMENT_COLUMNS} FROM segments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY modified_at DESC, name_lower`;
    return (this.deps.db.prepare(sql).all(...params) as SegmentRow[]).map(toSummary);
  }

  get(id: string): SegmentRecord {
    return toRecord(this.row(id));
  }

  create(input: MethodInput<'segments.create'>): SegmentRecord {
    const { db, now, actor } = this.deps;
    const timeZone = input.timeZone ?? 'UTC';
    if (!isValidTimeZone(timeZone))
      throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`, [
        { path: 'timeZone', message: `Unknown time zone "${timeZone}"` },
      ]);
    const definition = input.definition ?? emptyDefinition(input.type);
    if (definition.kind !== input.type) {
      throw new ApiFailure('invalid_input', `A ${input.type} segment needs a ${input.type} definition, not ${definition.kind}.`, [
        { path: 'definition.kind', message: `Expected "${input.type}"` },
      ]);
    }
    const id = randomUUID();
    const t = now();
    db.transaction(() => {
      this.assertNameFree(input.name);
      db.prepare(
        `INSERT INTO segments (id, name, name_lower, description, type, status, time_zone, owner, definition, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)`,
      ).run(
        id,
        input.name,
        input.name.toLowerCase(),
        input.description ?? '',
        input.type,
        timeZone,
        input.owner ?? actor,
        JSON.stringify(definition),
        t,
        t,
      );
      this.recordTransition(id, 'create', null, 'draft');
    })();
    this.deps.events.emit('segment.changed', { id, change: 'created' });
    return this.get(id);
  }

  update(input: MethodInput<'segments.update'>): SegmentRecord {
    const { db, now } = this.deps;
    const row = this.row(input.id);
    const status = row.status;
    // Field locks by status: everything is editable in draft and stopped (spec F3 says "a stopped
    // segment can be edited and saved, then taken live again"; we deliberately let its name,
    // description and owner change too — marketers stop a segment to edit it, and compounds refer to
    // it by id, so a rename breaks nothing). Everything is locked while live or in transition.
    const fields = (['name', 'description', 'owner', 'definition', 'timeZone'] as const).filter((f) => input[f] !== undefined);
    if (fields.length > 0 && status !== 'draft' && status !== 'stopped') {
      const labels = fields.map((f) => (f === 'timeZone' ? 'time zone' : f));
      throw new ApiFailure(
        'invalid_state',
        `The ${labels.join(', ')} can only be changed while the segment is a draft or stopped (it is ${status}). Stop it first.`,
      );
    }
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      throw new ApiFailure('invalid_input', `Unknown time zone "${input.timeZone}".`, [
        { path: 'timeZone', message: `Unknown time zone "${input.timeZone}"` },
      ]);
    }
    if (input.definition && input.definition.kind !== row.type) {
      throw new ApiFailure(
        'invalid_input',
        `The segment type is fixed: a ${row.type} segment cannot take a ${input.definition.kind} definition.`,
        [{ path: 'definition.kind', message: `Expected "${row.type}"` }],
      );
    }
    db.transaction(() => {
      if (input.name !== undefined && input.name.toLowerCase() !== row.name.toLowerCase()) this.assertNameFree(input.name);
      db.prepare(
        `UPDATE segments SET name = ?, name_lower = ?, description = ?, owner = ?, time_zone = ?, definition = ?, modified_at = ? WHERE id = ?`,
      ).run(
        input.name ?? row.name,
        (input.name ?? row.name).toLowerCase(),
        input.description ?? row.description,
        input.owner ?? row.owner,
        input.timeZone ?? row.time_zone,
        input.definition ? JSON.stringify(input.definition) : row.definition,
        Math.max(now(), row.modified_at),
        row.id,
      );
    })();
    this.deps.events.emit('segment.changed', { id: row.id, change: 'updated' });
    return this.get(row.id);
  }

  /**
   * Deletes a segment with its members, static members, history and evaluation log. Refused while
   * live segments use it unless `force`; then they are marked "needs attention" and keep their last
   * members, frozen, until they are changed to no longer use it. One transaction, written on the
   * writer thread when the segment is large (segmentDelete.ts): its history alone may be 885k rows.
   */
  async delete(input: MethodInput<'segments.delete'>): Promise<{ id: string }> {
    const { db, now, actor, writer } = this.deps;
    // The same refusals as inside the job, answered at once (nothing is posted when they fail).
    assertDeletable(db, input.id, input.force === true);
    const job: DeleteSegmentJob = { kind: 'deleteSegment', segmentId: input.id, force: input.force === true, actor, at: now() };
    const result = writer && this.large(input.id) ? await writer.run(job) : deleteSegment(db, job);
    this.deps.events.emit('segment.changed', { id: result.id, change: 'deleted' });
    for (const d of result.frozen) this.deps.events.emit('segment.changed', { id: d, change: 'updated' });
    return { id: result.id };
  }

  /** More rows to delete than a few milliseconds' worth (bounded probes: never counts a large segment). */
  private large(id: string): boolean {
    const { db } = this.deps;
    const members = stmt(db, 'SELECT coalesce(member_count, 0) FROM segments WHERE id = ?').pluck().get(id) as number;
    const beyond = (table: string): boolean =>
      stmt(db, `SELECT 1 FROM ${table} WHERE segment_id = ? LIMIT 1 OFFSET ${INLINE_DELETE_LIMIT}`).get(id) !== undefined;
    return members > INLINE_DELETE_LIMIT || beyond('membership_history') || beyond('static_members') || beyond('segment_evaluations');
  }

  /** The stored row, or a not_found failure. */
  row(id: string): SegmentRow {
    const row = this.deps.db.prepare(`SELECT ${SEGMENT_COLUMNS} FROM segments WHERE id = ?`).get(id) as SegmentRow | undefined;
    if (!row) throw new ApiFailure('not_found', `No segment with id "${id}".`);
    return row;
  }

  recordTransition(segmentId: string, action: string, from: SegmentStatus | null, to: SegmentStatus | null, detail?: unknown): void {
    this.deps.db
      .prepare(
        'INSERT INTO segment_transitions (segment_id, at, actor, action, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(segmentId, this.deps.now(), this.deps.actor, action, from, to, detail === undefined ? null : JSON.stringify(detail));
  }

  private assertNameFree(name: string): void {
    const clash = this.deps.db.prepare('SELECT id FROM segments WHERE name_lower = ?').get(name.toLowerCase());
    if (clash)
      throw new ApiFailure('conflict', `A segment named "${name}" already exists.`, [{ path: 'name', message: 'This name is taken' }]);
  }
}
