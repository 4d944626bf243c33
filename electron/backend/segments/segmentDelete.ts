/**
 * The deletion of a segment as ONE transaction over a connection, so the same code runs on the writer
 * thread (db/writer.ts: a segment with 885k members has as many history rows, seconds of deleting)
 * and inline (an in-memory database). Every check is made again inside the transaction: between the
 * API call and the writer's turn another call may have started a go-live or made a segment use this
 * one, and the transaction must decide on what it deletes, not on what the caller saw.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentStatus } from '../../../shared/models/segment.js';
import type { Db } from '../db/connection.js';
import { deleteStoredMembers } from '../db/memberStore.js';
import { stmt } from '../db/statements.js';
import { SegmentGraph } from './graph.js';

/** A segment deletion posted to the writer thread (live/writeJobs.ts). */
export interface DeleteSegmentJob {
  kind: 'deleteSegment';
  segmentId: string;
  /** Delete even while live segments use it; they are marked "needs attention" and keep their members, frozen. */
  force: boolean;
  actor: string;
  /** Epoch ms of the attention marks and transition rows. */
  at: number;
}

/** What a deletion did: the segment's name, and the live dependants it froze. */
export interface DeleteSegmentResult {
  id: string;
  name: string;
  frozen: string[];
}

/** Refusals that depend only on the segment row and the graph; checked before posting and again inside the job. */
export function assertDeletable(db: Db, segmentId: string, force: boolean): { name: string; status: SegmentStatus; dependants: string[] } {
  const row = stmt(db, 'SELECT name, status FROM segments WHERE id = ?').get(segmentId) as
    { name: string; status: SegmentStatus } | undefined;
  if (!row) throw new ApiFailure('not_found', `No segment with id "${segmentId}".`);
  if (row.status === 'goingLive' || row.status === 'stopping') {
    throw new ApiFailure(
      'invalid_state',
      `The segment is ${row.status === 'goingLive' ? 'going live' : 'stopping'}; wait until it finishes.`,
    );
  }
  const dependants = new SegmentGraph(db).liveDependants(segmentId);
  if (dependants.length > 0 && !force) {
    const n = dependants.length;
    throw new ApiFailure(
      'conflict',
      `"${row.name}" is used by live segment${n === 1 ? '' : 's'} ${dependants.map((d) => `"${d.name}"`).join(', ')}. Stop ${n === 1 ? 'it' : 'them'} first, or force the delete: they will be marked "needs attention" and keep their last members, frozen.`,
      dependants.map((d) => ({ path: `dependants.${d.id}`, message: `Used by live segment "${d.name}"` })),
    );
  }
  return { name: row.name, status: row.status, dependants: dependants.map((d) => d.id) };
}

function transition(db: Db, job: DeleteSegmentJob, segmentId: string, action: string, from: SegmentStatus | null, detail?: unknown): void {
  stmt(
    db,
    'INSERT INTO segment_transitions (segment_id, at, actor, action, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(segmentId, job.at, job.actor, action, from, null, detail === undefined ? null : JSON.stringify(detail));
}

/**
 * Deletes the segment with its members, static members, history and evaluation log; live dependants
 * (forced) and segments already frozen by it are marked "needs attention" with the reason "deleted".
 */
export function deleteSegment(db: Db, job: DeleteSegmentJob): DeleteSegmentResult {
  return db
    .transaction(() => {
      const seg = job.segmentId;
      const { name, status, dependants } = assertDeletable(db, seg, job.force);
      stmt(db, 'DELETE FROM segments WHERE id = ?').run(seg);
      // The history and evaluation log go with the segment.
      deleteStoredMembers(db, seg);
      stmt(db, 'DELETE FROM membership_history WHERE segment_id = ?').run(seg);
      stmt(db, 'DELETE FROM static_members WHERE segment_id = ?').run(seg);
      stmt(db, 'DELETE FROM segment_evaluations WHERE segment_id = ?').run(seg);
      stmt(db, 'DELETE FROM segment_attention WHERE segment_id = ?').run(seg);
      // A deleted child stays missing for good: replace "stopped" marks by "deleted" ones.
      const marked = new Set([
        ...dependants,
        ...(stmt(db, 'SELECT segment_id FROM segment_attention WHERE child_id = ?').pluck().all(seg) as string[]),
      ]);
      for (const dep of marked) {
        stmt(
          db,
          `INSERT OR REPLACE INTO segment_attention (segment_id, child_id, child_name, reason, at) VALUES (?, ?, ?, 'deleted', ?)`,
        ).run(dep, seg, name, job.at);
        stmt(db, 'UPDATE segments SET needs_attention = 1 WHERE id = ?').run(dep);
        transition(db, job, dep, 'needsAttention', null, { child: seg, reason: 'deleted' });
      }
      transition(db, job, seg, 'delete', status, job.force ? { force: true, dependantsFrozen: dependants } : undefined);
      return { id: seg, name, frozen: dependants };
    })
    .immediate();
}
