/**
 * The heavy membership writes as plain functions over a connection, so the same code runs on the
 * writer thread (db/writer.ts, its own connection) and inline (an in-memory test database, which no
 * second connection can open). Each job is ONE transaction: a process killed mid-way leaves the
 * database as before or after it, never half (the kill tests pin this).
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { EvaluationReason } from '../../../shared/api/contract/live.js';
import type { SegmentStatus } from '../../../shared/models/segment.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { deleteSegment, type DeleteSegmentJob, type DeleteSegmentResult } from '../segments/segmentDelete.js';
import type { MembershipStay, SegmentInsights } from '../../../shared/api/contract/live.js';
import { historyStays, membersAsOf, type HistoryReadJob, type MembersAsOfPage } from './historyReads.js';
import { segmentInsights, type InsightsJob } from './insights.js';
import { applyStaticChange, type StaticChangeJob, type StaticChangeResult as StaticChangeOutcome } from './staticChange.js';
import { previewDiff, type PreviewDiffJob, type PreviewDiffResult } from './previewDiff.js';
import { applyFull, pruneHistory, type ApplyOutcome, type MemberSource } from './membershipWriter.js';

/**
 * A member source that can cross to another thread: compiled SQL (run on the writer's connection) or
 * the rids as a typed array (transferred, not copied).
 */
export type WireSource = { sql: string; params: unknown[] } | { rids: Float64Array };

/** Who acts and when, for rows of segment_transitions written by a job. */
export interface TransitionStamp {
  actor: string;
  /** Epoch ms of the transition rows. */
  at: number;
}

/** The commit of a go-live: members, history, evaluation log, the live status and thawed dependants. */
export interface GoLiveJob {
  kind: 'goLive';
  segmentId: string;
  /** Evaluation time (epoch ms) of the members in `source`. */
  now: number;
  source: WireSource;
  /** The definition the segment is live with (JSON text as stored). */
  definition: string;
  nextEvaluationAt: number | null;
  stamp: TransitionStamp;
  /** Time already spent evaluating before the write (ms), counted into the logged duration. */
  elapsedMs: number;
}

/** A whole re-evaluation's write (data change, schedule, manual refresh, dependency). */
export interface RefreshFullJob {
  kind: 'refreshFull';
  segmentId: string;
  reason: EvaluationReason;
  now: number;
  source: WireSource;
  /** Set for time-dependent segments: when the scheduler looks at it next (same transaction). */
  nextEvaluationAt: number | null;
  elapsedMs: number;
}

/** The scheduler's retention sweep of history and evaluation log. */
export interface PruneJob {
  kind: 'prune';
  now: number;
}

/** Every job the writer thread runs. */
export type WriteJob =
  GoLiveJob | RefreshFullJob | PruneJob | DeleteSegmentJob | PreviewDiffJob | InsightsJob | StaticChangeJob | HistoryReadJob;

/** What a go-live commit did: the membership outcome and the dependants that thawed. */
export interface GoLiveResult {
  outcome: ApplyOutcome;
  thawed: string[];
}

/** The answer of each job kind. */
export interface WriteResults {
  goLive: GoLiveResult;
  refreshFull: ApplyOutcome | null;
  prune: { stays: number; evaluations: number };
  deleteSegment: DeleteSegmentResult;
  previewDiff: PreviewDiffResult;
  insights: SegmentInsights;
  staticChange: StaticChangeOutcome;
  membersAsOf: MembersAsOfPage;
  history: MembershipStay[];
}

/** Runs `job` on `db` (one transaction). */
export function runWriteJob(db: Db, job: WriteJob): WriteResults[WriteJob['kind']] {
  // performance.now() is per thread: the start is rebuilt here from the time already spent.
  const started = performance.now() - ('elapsedMs' in job ? job.elapsedMs : 0);
  if (job.kind === 'goLive') return commitGoLive(db, job, started);
  if (job.kind === 'refreshFull') return commitRefreshFull(db, job, started);
  if (job.kind === 'deleteSegment') return deleteSegment(db, job);
  if (job.kind === 'previewDiff') return previewDiff(db, job);
  if (job.kind === 'insights') return segmentInsights(db, job.now, job.input);
  if (job.kind === 'staticChange') return applyStaticChange(db, job);
  if (job.kind === 'membersAsOf') return membersAsOf(db, job.input);
  if (job.kind === 'history') return historyStays(db, job.input);
  return pruneHistory(db, job.now);
}

function memberSource(source: WireSource): MemberSource {
  return 'sql' in source ? source : { rids: source.rids };
}

function recordTransition(
  db: Db,
  stamp: TransitionStamp,
  segmentId: string,
  action: string,
  from: SegmentStatus | null,
  to: SegmentStatus | null,
  detail?: unknown,
): void {
  stmt(
    db,
    'INSERT INTO segment_transitions (segment_id, at, actor, action, from_status, to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(segmentId, stamp.at, stamp.actor, action, from, to, detail === undefined ? null : JSON.stringify(detail));
}

/** The go-live commit (see lifecycle.ts): membership diff, status live, attention cleared, dependants thawed. */
export function commitGoLive(db: Db, job: GoLiveJob, started: number): GoLiveResult {
  const thawed: string[] = [];
  const seg = job.segmentId;
  const outcome = db
    .transaction(() => {
      // A segment deleted meanwhile (segments.delete is a writer job too) gets no members.
      if (stmt(db, 'SELECT status FROM segments WHERE id = ?').pluck().get(seg) !== 'goingLive')
        throw new ApiFailure('invalid_state', 'The segment was deleted while going live; nothing was written.');
      const out = applyFull(db, { segmentId: seg, reason: 'goLive', now: job.now }, memberSource(job.source), started);
      stmt(
        db,
        `UPDATE segments SET status = 'live', has_been_live = 1, needs_attention = 0, definition = ?, next_evaluation_at = ?,
                modified_at = max(modified_at, ?) WHERE id = ?`,
      ).run(job.definition, job.nextEvaluationAt, job.now, seg);
      stmt(db, 'DELETE FROM segment_attention WHERE segment_id = ?').run(seg);
      recordTransition(db, job.stamp, seg, 'goLive', 'goingLive', 'live', { size: out.size, added: out.added, removed: out.removed });
      // Dependants frozen because this segment stopped thaw once no other child is missing.
      const frozen = stmt(db, 'SELECT segment_id FROM segment_attention WHERE child_id = ?').pluck().all(seg) as string[];
      stmt(db, 'DELETE FROM segment_attention WHERE child_id = ?').run(seg);
      for (const dep of frozen) {
        if (stmt(db, 'SELECT 1 FROM segment_attention WHERE segment_id = ?').get(dep)) continue;
        stmt(db, 'UPDATE segments SET needs_attention = 0 WHERE id = ?').run(dep);
        recordTransition(db, job.stamp, dep, 'attentionCleared', null, null, { child: seg });
        thawed.push(dep);
      }
      return out;
    })
    .immediate();
  return { outcome, thawed };
}

/**
 * Whether a segment's members may still be refreshed: it is live and not frozen. A refresh decided on
 * before a stop, a forced stop or delete of a child, or a deletion committed writes nothing.
 */
export function stillRefreshable(db: Db, segmentId: string): boolean {
  return stmt(db, "SELECT 1 FROM segments WHERE id = ? AND status = 'live' AND needs_attention = 0").get(segmentId) !== undefined;
}

/**
 * A whole re-evaluation's membership diff, plus the next scheduled evaluation, in one transaction;
 * null (nothing written) when the segment is no longer refreshable.
 */
export function commitRefreshFull(db: Db, job: RefreshFullJob, started: number): ApplyOutcome | null {
  return db
    .transaction(() => {
      if (!stillRefreshable(db, job.segmentId)) return null;
      const out = applyFull(db, { segmentId: job.segmentId, reason: job.reason, now: job.now }, memberSource(job.source), started);
      if (job.nextEvaluationAt !== null)
        stmt(db, 'UPDATE segments SET next_evaluation_at = ? WHERE id = ?').run(job.nextEvaluationAt, job.segmentId);
      return out;
    })
    .immediate();
}

/**
 * Up to this many member rids a whole re-evaluation's write takes a few milliseconds: it runs on the
 * main connection, where posting it to the writer thread (and, in a short-lived CLI process, starting
 * that thread) would cost more than the write.
 */
export const INLINE_WRITE_LIMIT = 5000;

/** The writer thread for a job writing `source`, or undefined when it is small enough to write here. */
export function writerFor<W>(writer: W | undefined, source: WireSource): W | undefined {
  return 'rids' in source && source.rids.length <= INLINE_WRITE_LIMIT ? undefined : writer;
}

/** Turns a main-thread member source into one that can be posted (rids into one typed array). */
export function toWire(source: MemberSource): WireSource {
  if ('sql' in source) return source;
  return { rids: source.rids instanceof Float64Array ? source.rids : Float64Array.from(source.rids) };
}
