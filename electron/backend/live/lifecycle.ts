/**
 * Lifecycle of live segments: go live (validate → goingLive → materialise → live), stop (live →
 * stopping → stopped, refused while live segments use it unless forced; forced stops freeze the
 * dependants as "needs attention"), the go-live diff, and recovery of transitions a crash cut short.
 * Every transition is recorded in segment_transitions (who, when, from, to, what).
 */
import type { EvaluationRecord, GoLiveDiff } from '../../../shared/api/contract/live.js';
import { ApiFailure, type ApiIssue } from '../../../shared/api/result.js';
import type { SegmentRecord, SegmentStatus } from '../../../shared/models/segment.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import type { EventBus } from '../events.js';
import type { SegmentRow, SegmentService } from '../segments/segmentService.js';
import { definitionReads, type RelationshipInfo } from './definitionReads.js';
import { referencedSegments, SegmentGraph } from '../segments/graph.js';
import type { LiveEngine } from './liveEngine.js';
import { contactRefs } from './contactRefs.js';
import type { WriterHost } from '../db/writer.js';
import { commitGoLive, INLINE_WRITE_LIMIT, toWire, writerFor, type GoLiveJob } from './writeJobs.js';
import { previewDiff, type PreviewDiffJob } from './previewDiff.js';
import type { LiveRefresher } from './refresher.js';
import { nextEvaluationAt } from './schedule.js';

export interface LifecycleDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  segments: SegmentService;
  engine: LiveEngine;
  refresher: LiveRefresher;
  relationship: (name: string) => RelationshipInfo | undefined;
  /** The writer thread (a database file); absent (in-memory database), the commit runs on this connection. */
  writer?: WriterHost | undefined;
}

const STATUS_WORDS: Record<SegmentStatus, string> = {
  draft: 'a draft',
  goingLive: 'going live',
  live: 'live',
  stopping: 'stopping',
  stopped: 'stopped',
};

export class Lifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /** Problems that keep `definition` from going live as segment `id` (engine validation + graph rules). */
  problems(id: string, type: string, definition: SegmentDefinition): ApiIssue[] {
    if (definition.kind !== type) return [{ path: 'definition.kind', message: `A ${type} segment needs a ${type} definition.` }];
    const issues = definition.kind === 'static' ? [] : [...this.deps.engine.validate(definition, id)];
    const refs = referencedSegments(definition);
    const graph = new SegmentGraph(this.deps.db);
    // One block is enough for a split group: it is one part of a live segment (splits/).
    if (definition.kind === 'compound' && definition.blocks.length < 2 && !definition.blocks.some((b) => b.split)) {
      issues.push({ path: 'definition.blocks', message: 'A compound segment combines at least two live segments.' });
    }
    for (const b of definition.kind === 'static' ? [] : definition.blocks) {
      if (b.kind !== 'segment') continue;
      const child = graph.nodes.get(b.segmentId);
      const already = issues.some((i) => i.nodeId === b.id);
      if (already) continue;
      if (b.segmentId === id) issues.push({ path: `block ${b.id}`, nodeId: b.id, message: 'A segment cannot use itself.' });
      else if (!child)
        issues.push({ path: `block ${b.id}`, nodeId: b.id, message: `The referenced segment ${b.segmentId} does not exist.` });
      else if (child.status !== 'live')
        issues.push({
          path: `block ${b.id}`,
          nodeId: b.id,
          message: `"${child.name}" is ${STATUS_WORDS[child.status as SegmentStatus] ?? child.status}; only live segments can be used.`,
        });
    }
    if (refs.length > 0 && graph.wouldCycle(id, refs) && !issues.some((i) => /itself|cycle/i.test(i.message))) {
      issues.push({ path: 'definition.blocks', message: 'These references would make a cycle: a segment would depend on itself.' });
    }
    return issues;
  }

  /**
   * Validates and takes a segment live (from draft or stopped; from live when `definition` changes a
   * live segment). Nothing changes when validation fails. Membership, count, evaluation log, history
   * and the final status are written in one transaction.
   */
  async goLive(id: string, definition?: SegmentDefinition): Promise<{ segment: SegmentRecord; evaluation: EvaluationRecord }> {
    const { db, segments } = this.deps;
    const row = segments.row(id);
    const from = row.status;
    if (from === 'goingLive' || from === 'stopping')
      throw new ApiFailure('invalid_state', `The segment is ${STATUS_WORDS[from]}; wait until it finishes.`);
    if (from === 'live' && !definition)
      throw new ApiFailure('invalid_state', 'The segment is already live. Refresh it, or send a changed definition to go live with it.');
    const def = definition ?? (JSON.parse(row.definition) as SegmentDefinition);
    const issues = this.problems(id, row.type, def);
    if (issues.length > 0) {
      throw new ApiFailure(
        'validation_failed',
        `The segment cannot go live: ${issues.length} problem${issues.length === 1 ? '' : 's'} (first: ${issues[0]?.message ?? ''})`,
        issues,
      );
    }
    db.transaction(() => {
      db.prepare(`UPDATE segments SET status = 'goingLive' WHERE id = ?`).run(id);
      segments.recordTransition(id, 'goLive', from, 'goingLive');
    })();
    this.statusChanged(id, from, 'goingLive');
    try {
      return await this.deps.refresher.enqueue(() => this.materialise(row, def, from));
    } catch (err) {
      db.transaction(() => {
        db.prepare('UPDATE segments SET status = ? WHERE id = ?').run(from, id);
        segments.recordTransition(id, 'goLiveFailed', 'goingLive', from, { error: err instanceof Error ? err.message : String(err) });
      })();
      this.statusChanged(id, 'goingLive', from);
      throw err;
    }
  }

  private async materialise(
    row: SegmentRow,
    def: SegmentDefinition,
    from: SegmentStatus,
  ): Promise<{ segment: SegmentRecord; evaluation: EvaluationRecord }> {
    const { db, segments, refresher } = this.deps;
    const started = performance.now();
    const now = this.deps.now();
    const source = await refresher.memberSource({ id: row.id, type: row.type, definition: def, timeZone: row.time_zone }, now);
    const timeDependent = definitionReads(def, this.deps.relationship).timeDependent;
    // Members, history, evaluation log, status and thawed dependants: one transaction, on the writer
    // thread when there is one (an 885k-member go-live writes for seconds; the main loop must not wait).
    const job: GoLiveJob = {
      kind: 'goLive',
      segmentId: row.id,
      now,
      source: toWire(source),
      definition: JSON.stringify(def),
      nextEvaluationAt: timeDependent ? nextEvaluationAt(now, row.time_zone) : null,
      stamp: { actor: segments.actor, at: this.deps.now() },
      elapsedMs: performance.now() - started,
    };
    const writer = writerFor(this.deps.writer, job.source);
    const { outcome, thawed } = writer ? await writer.run(job) : commitGoLive(db, job, started);
    this.statusChanged(row.id, 'goingLive', 'live');
    for (const dep of thawed) this.statusChanged(dep, null, segments.row(dep).status);
    this.deps.events.emit('membership.changed', {
      segmentId: row.id,
      reason: 'goLive',
      size: outcome.size,
      added: outcome.added,
      removed: outcome.removed,
      at: new Date(now).toISOString(),
    });
    // Dependants follow: thawed ones wholly, live ones for the contacts that changed. Not awaited
    // here (we are inside the queue); callers wanting "current" await refresher.whenIdle().
    if (thawed.length > 0) void refresher.refreshWhole(thawed, 'dependency');
    if (from === 'live') void refresher.cascadeFrom(row.id, outcome.added + outcome.removed === 0 ? [] : outcome.changedRids);
    return { segment: segments.get(row.id), evaluation: outcome.evaluation };
  }

  /** Stops a live segment. Live dependants refuse it unless `force`; then they are frozen. */
  stop(id: string, force: boolean): { segment: SegmentRecord; frozenDependants: string[] } {
    const { db, segments } = this.deps;
    const row = segments.row(id);
    if (row.status !== 'live')
      throw new ApiFailure('invalid_state', `Only a live segment can be stopped (this one is ${STATUS_WORDS[row.status]}).`);
    const dependants = new SegmentGraph(db).liveDependants(id);
    if (dependants.length > 0 && !force) {
      throw new ApiFailure(
        'conflict',
        `"${row.name}" is used by live segment${dependants.length === 1 ? '' : 's'} ${dependants.map((d) => `"${d.name}"`).join(', ')}. Stop ${dependants.length === 1 ? 'it' : 'them'} first, or force the stop: they will be marked "needs attention" and keep their last members, frozen.`,
        dependants.map((d) => ({ path: `dependants.${d.id}`, message: `Used by live segment "${d.name}"` })),
      );
    }
    const now = this.deps.now();
    db.transaction(() => {
      db.prepare(`UPDATE segments SET status = 'stopping' WHERE id = ?`).run(id);
      segments.recordTransition(id, 'stop', 'live', 'stopping', force ? { force: true } : undefined);
      // Members stay as they were (frozen, not refreshed) so a later go-live can show its diff.
      db.prepare(`UPDATE segments SET status = 'stopped', next_evaluation_at = NULL WHERE id = ?`).run(id);
      segments.recordTransition(id, 'stop', 'stopping', 'stopped', {
        size: row.member_count,
        dependantsFrozen: dependants.map((d) => d.id),
      });
      this.freeze(
        dependants.map((d) => d.id),
        id,
        row.name,
        'stopped',
        now,
      );
    })();
    this.statusChanged(id, 'live', 'stopping');
    this.statusChanged(id, 'stopping', 'stopped');
    for (const d of dependants) this.statusChanged(d.id, null, d.status as SegmentStatus);
    return { segment: segments.get(id), frozenDependants: dependants.map((d) => d.id) };
  }

  /** Marks dependants "needs attention" because `childId` stopped or was deleted (inside a transaction). */
  freeze(dependantIds: string[], childId: string, childName: string, reason: 'stopped' | 'deleted', now: number): void {
    const { db, segments } = this.deps;
    for (const dep of dependantIds) {
      db.prepare('INSERT OR REPLACE INTO segment_attention (segment_id, child_id, child_name, reason, at) VALUES (?, ?, ?, ?, ?)').run(
        dep,
        childId,
        childName,
        reason,
        now,
      );
      db.prepare('UPDATE segments SET needs_attention = 1 WHERE id = ?').run(dep);
      segments.recordTransition(dep, 'needsAttention', null, null, { child: childId, reason });
    }
  }

  /** What going live would change, without changing anything. */
  async previewGoLive(id: string, definition: SegmentDefinition | undefined, limit: number): Promise<GoLiveDiff> {
    const { db, segments, refresher } = this.deps;
    const row = segments.row(id);
    const def = definition ?? (JSON.parse(row.definition) as SegmentDefinition);
    const issues = this.problems(id, row.type, def);
    if (issues.length > 0)
      throw new ApiFailure('validation_failed', `The definition has ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, issues);
    const source = await refresher.memberSource({ id, type: row.type, definition: def, timeZone: row.time_zone }, this.deps.now(), true);
    // Diffed on the writer thread when either side is large (an 885k-member merge must not hold the main
    // thread); after the queued refreshes, so it compares with members as they will be.
    return refresher.enqueue(async () => {
      const job: PreviewDiffJob = { kind: 'previewDiff', segmentId: id, source: toWire(source), limit };
      const stored = segments.row(id).member_count ?? 0;
      const writer = stored > INLINE_WRITE_LIMIT ? this.deps.writer : writerFor(this.deps.writer, job.source);
      const diff = writer ? await writer.run(job) : previewDiff(db, job);
      return { ...diff, added: contactRefs(db, diff.added), removed: contactRefs(db, diff.removed) };
    });
  }

  /** Finishes transitions a crash interrupted: goingLive → previous status, stopping → stopped. */
  recover(): void {
    const { db, segments } = this.deps;
    const stuck = db.prepare(`SELECT id, status FROM segments WHERE status IN ('goingLive', 'stopping')`).all() as {
      id: string;
      status: SegmentStatus;
    }[];
    for (const s of stuck) {
      db.transaction(() => {
        if (s.status === 'stopping') {
          db.prepare(`UPDATE segments SET status = 'stopped', next_evaluation_at = NULL WHERE id = ?`).run(s.id);
          segments.recordTransition(s.id, 'recovered', 'stopping', 'stopped');
          return;
        }
        const prev = db
          .prepare(`SELECT from_status FROM segment_transitions WHERE segment_id = ? AND to_status = 'goingLive' ORDER BY id DESC LIMIT 1`)
          .pluck()
          .get(s.id) as SegmentStatus | null | undefined;
        const back = prev ?? 'draft';
        db.prepare('UPDATE segments SET status = ? WHERE id = ?').run(back, s.id);
        segments.recordTransition(s.id, 'recovered', 'goingLive', back, {
          note: 'The app stopped while going live; membership is as before.',
        });
      })();
    }
  }

  statusChanged(id: string, from: SegmentStatus | null, to: SegmentStatus): void {
    const needsAttention =
      (this.deps.db.prepare('SELECT needs_attention FROM segments WHERE id = ?').pluck().get(id) as number | undefined) === 1;
    this.deps.events.emit('segmentStatus.changed', { id, from, to, needsAttention });
    this.deps.events.emit('segment.changed', { id, change: 'updated' });
  }
}
