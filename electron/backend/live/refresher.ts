/**
 * Keeps live membership current. Data changes, schedules, static edits and go-lives all run through
 * one queue, so refreshes never interleave and "wait until current" is simply waiting for the queue.
 * Affected segments are refreshed in dependency order (children before the segments using them);
 * a child's changed contacts are re-checked in its dependants, or the dependant is refreshed wholly
 * when too many contacts changed.
 */
import type { EvaluationReason } from '../../../shared/api/contract/live.js';
import type { Statement, Transaction } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import type { EventBus } from '../events.js';
import { definitionReads, impactOf, type DataChangeLike, type DefinitionReads, type RelationshipInfo } from './definitionReads.js';
import { SegmentGraph, type GraphNode } from '../segments/graph.js';
import type { LiveEngine, WorkerMembersJob } from './liveEngine.js';
import { applyContacts, type ApplyOutcome, type MemberSource } from './membershipWriter.js';
import type { WriterHost } from '../db/writer.js';
import { commitRefreshFull, toWire, writerFor, type RefreshFullJob } from './writeJobs.js';
import { nextEvaluationAt } from './schedule.js';

/** Above this many changed contacts a segment is re-evaluated wholly rather than per contact. */
export const PER_CONTACT_LIMIT = 2000;

export interface RefresherDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  engine: LiveEngine;
  /** Relationship facts by lower-cased name (to know which lookup field a related group reads). */
  relationship: (name: string) => RelationshipInfo | undefined;
  /** The contact entity's key field (a change including it may have created contacts). */
  contactKeyField: () => string;
  /**
   * Evaluates a whole definition on the evaluator worker (its columnar cache, docs/columnar-engine.md);
   * absent → the compiled query runs on this connection.
   */
  runOnWorker?: (job: WorkerMembersJob) => Promise<Iterable<number>>;
  /** The writer thread for whole re-evaluations' writes (absent: they run on this connection). */
  writer?: WriterHost | undefined;
}

/** Pending work per segment: everything, or some contacts. */
type Work = { full: true; reason: EvaluationReason } | { full: false; rids: Set<number>; reason: EvaluationReason };

/** The segments and what each reads, cached until a segment changes (see `invalidate`). */
interface LiveModel {
  graph: SegmentGraph;
  reads: Map<string, DefinitionReads>;
  contactKeyField: string;
}

/** A prepared per-contact check of one segment (reused while its definition stays the same). */
interface ContactCheck {
  /** The definition object it was compiled from (the model's, reused until `invalidate`). */
  definition: unknown;
  key: string;
  stmt: Statement;
  params: unknown[];
  /** Compiled for this `now` (time-dependent definitions are recompiled for every batch). */
  now: number | null;
}

/** The stored counts of those of `ids` that are still live and not frozen (one statement for a change's segments). */
export function refreshableCounts(db: Db, ids: readonly string[]): Map<string, number | null> {
  const rows = stmt(
    db,
    "SELECT id, member_count FROM segments WHERE id IN (SELECT value FROM json_each(?)) AND status = 'live' AND needs_attention = 0",
  ).all(JSON.stringify(ids)) as { id: string; member_count: number | null }[];
  return new Map(rows.map((r) => [r.id, r.member_count]));
}

export class LiveRefresher {
  private chain: Promise<unknown> = Promise.resolve();
  private model: LiveModel | null = null;
  private readonly checks = new Map<string, ContactCheck>();
  private readonly pendingChanges: DataChangeLike[] = [];
  private pendingJob: Promise<void> | null = null;

  /** Runs `fn` in a transaction (one wrapper for every batch: building one per call costs more than a probe). */
  private readonly inTransaction: Transaction<(fn: () => void) => void>;

  constructor(private readonly deps: RefresherDeps) {
    this.inTransaction = deps.db.transaction((fn: () => void) => fn());
  }

  /** Drops cached segment facts; called whenever a segment is created, changed, deleted or changes status. */
  invalidate(): void {
    this.model = null;
  }

  /** Segments, their reads and the contact key field; rebuilt after `invalidate`. */
  private current(): LiveModel {
    if (this.model) return this.model;
    const graph = new SegmentGraph(this.deps.db);
    const reads = new Map<string, DefinitionReads>();
    for (const n of graph.nodes.values()) reads.set(n.id, definitionReads(n.definition, this.deps.relationship));
    this.model = { graph, reads, contactKeyField: this.deps.contactKeyField() };
    return this.model;
  }

  /** Runs `job` after every earlier queued job; the queue continues even when a job fails. */
  enqueue<T>(job: () => T | Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued refresh has finished. */
  whenIdle(): Promise<void> {
    return this.enqueue(() => undefined);
  }

  /**
   * A committed data change: re-evaluate the live segments it can affect. Changes that arrive while
   * earlier ones wait in the queue are merged into one job (an import's batches then cost one
   * refresh per segment, not one per batch); the promise resolves once members reflect this change.
   */
  onDataChanged(change: DataChangeLike): Promise<void> {
    // The re-checks commit on this connection: the writer thread takes its WAL checkpoints (db/writer.ts).
    this.deps.writer?.warm();
    this.pendingChanges.push(change);
    this.pendingJob ??= this.enqueue(async () => {
      const changes = this.pendingChanges.splice(0);
      this.pendingJob = null;
      const { graph, reads, contactKeyField } = this.current();
      const work = new Map<string, Work>();
      for (const node of this.refreshable(graph)) {
        const nodeReads = reads.get(node.id);
        if (node.type === 'static' || !nodeReads) continue;
        for (const c of changes) {
          const impact = impactOf(nodeReads, c, contactKeyField);
          if (impact.kind === 'none') continue;
          const prev = work.get(node.id);
          if (impact.kind === 'full' || prev?.full) {
            work.set(node.id, { full: true, reason: 'dataChange' });
            continue;
          }
          const rids = prev ? prev.rids : new Set<number>();
          for (const r of impact.rids) rids.add(r);
          work.set(
            node.id,
            rids.size > PER_CONTACT_LIMIT ? { full: true, reason: 'dataChange' } : { full: false, rids, reason: 'dataChange' },
          );
        }
      }
      await this.process(graph, work);
    });
    return this.pendingJob;
  }

  /** Re-evaluates time-dependent segments whose next evaluation is due at `now`. */
  runDue(now = this.deps.now()): Promise<string[]> {
    return this.enqueue(async () => {
      const due = this.deps.db
        .prepare(
          `SELECT id FROM segments WHERE status = 'live' AND needs_attention = 0 AND next_evaluation_at IS NOT NULL AND next_evaluation_at <= ?`,
        )
        .pluck()
        .all(now) as string[];
      this.invalidate();
      await this.process(this.current().graph, new Map(due.map((id) => [id, { full: true, reason: 'schedule' } as Work])));
      return due;
    });
  }

  /** Queues a whole re-evaluation of `ids` (manual refresh, thawed dependants). */
  refreshWhole(ids: string[], reason: EvaluationReason): Promise<Map<string, ApplyOutcome>> {
    return this.enqueue(() => {
      this.invalidate();
      return this.process(this.current().graph, new Map(ids.map((id) => [id, { full: true, reason } as Work])));
    });
  }

  /** Queues a per-contact re-check of segments depending on `sourceId` (after a static edit). */
  cascadeFrom(sourceId: string, changed: number[] | null): Promise<void> {
    return this.enqueue(async () => {
      this.invalidate();
      const graph = this.current().graph;
      const work = new Map<string, Work>();
      this.addDependants(graph, sourceId, changed, work);
      await this.process(graph, work);
    });
  }

  /** The member source of a live segment now: static members, or its compiled query. */
  async memberSource(
    node: Pick<GraphNode, 'id' | 'type' | 'definition' | 'timeZone'>,
    now: number,
    preview = false,
  ): Promise<MemberSource> {
    if (node.type === 'static') return { sql: 'SELECT contact_rid AS rid FROM static_members WHERE segment_id = ?', params: [node.id] };
    if (this.deps.runOnWorker) {
      const job = { definition: node.definition, timeZone: node.timeZone, now, segmentId: node.id, ...(preview ? { preview } : {}) };
      return { rids: await this.deps.runOnWorker(job) };
    }
    return this.deps.engine.compile(node.definition, node.timeZone, now);
  }

  /**
   * Refreshes segments in dependency order, cascading changes to live dependants. Consecutive
   * per-contact re-checks (a contact edit's usual work: every live segment reading the field) share ONE
   * transaction: one commit instead of one per segment, the largest cost of an edit once the probes
   * themselves take microseconds. Their events follow the commit.
   */
  private async process(graph: SegmentGraph, work: Map<string, Work>): Promise<Map<string, ApplyOutcome>> {
    const outcomes = new Map<string, ApplyOutcome>();
    const done = new Set<string>();
    // The dependency order of the work's segments, recomputed only when cascades add segments (work
    // only ever grows), not for every segment taken from it.
    let orderedSize = -1;
    let ordered: string[] = [];
    // The next segment to refresh (dependency order), skipping the ones no longer live.
    const upcoming = (): { node: GraphNode; w: Work } | undefined => {
      for (;;) {
        if (work.size !== orderedSize) {
          ordered = graph.order(work.keys());
          orderedSize = work.size;
        }
        const next = ordered.find((id) => !done.has(id));
        if (next === undefined) return undefined;
        const node = graph.nodes.get(next);
        const w = work.get(next);
        if (node && w && node.status === 'live' && !node.needsAttention) return { node, w };
        done.add(next);
      }
    };
    const settle = (node: GraphNode, outcome: ApplyOutcome | null): void => {
      // Stopped, frozen or deleted since the work was planned: nothing written, nothing cascades.
      if (!outcome) return;
      outcomes.set(node.id, outcome);
      this.addDependants(graph, node.id, outcome.added + outcome.removed === 0 ? [] : outcome.changedRids, work);
    };
    // Dependants discovered while cascading are appended, so loop until no work is left.
    for (let item = upcoming(); item; item = upcoming()) {
      if (item.w.full) {
        done.add(item.node.id);
        const outcome = await this.refreshWholly(item.node, item.w);
        settle(item.node, outcome);
        if (outcome) this.announce(item.node.id, item.w.reason, outcome);
        continue;
      }
      const rechecked: { id: string; reason: EvaluationReason; outcome: ApplyOutcome }[] = [];
      this.inTransaction.immediate(() => {
        // "Still live, not frozen" and the stored count of every segment planned for a re-check, in one
        // statement (segments added by a cascade are probed on their own); the transaction holds them.
        const planned = [...work].filter(([id, w]) => !w.full && !done.has(id)).map(([id]) => id);
        const counts = planned.length > 1 ? refreshableCounts(this.deps.db, planned) : null;
        const covered = new Set(planned);
        for (let i: typeof item | undefined = item; i && !i.w.full; i = upcoming()) {
          done.add(i.node.id);
          const known = counts && covered.has(i.node.id) ? counts : null;
          const outcome = this.recheck(i.node, i.w as Work & { full: false }, known);
          settle(i.node, outcome);
          if (outcome) rechecked.push({ id: i.node.id, reason: i.w.reason, outcome });
        }
      });
      for (const r of rechecked) this.announce(r.id, r.reason, r.outcome);
    }
    return outcomes;
  }

  private addDependants(graph: SegmentGraph, id: string, changed: number[] | null, work: Map<string, Work>): void {
    if (changed !== null && changed.length === 0) return;
    for (const dep of graph.liveDependants(id)) {
      if (dep.status !== 'live' || dep.needsAttention) continue;
      const prev = work.get(dep.id);
      if (prev?.full) continue;
      if (changed === null) work.set(dep.id, { full: true, reason: 'dependency' });
      else {
        const rids = prev && !prev.full ? prev.rids : new Set<number>();
        for (const r of changed) rids.add(r);
        work.set(
          dep.id,
          rids.size > PER_CONTACT_LIMIT
            ? { full: true, reason: prev?.reason ?? 'dependency' }
            : { full: false, rids, reason: prev?.reason ?? 'dependency' },
        );
      }
    }
  }

  /** A whole re-evaluation: members from the worker (or SQL), the diff written on the writer thread when large. */
  private async refreshWholly(node: GraphNode, w: Work): Promise<ApplyOutcome | null> {
    const started = performance.now();
    const now = this.deps.now();
    const source = await this.memberSource(node, now);
    // A whole re-evaluation may change hundreds of thousands of members: written on the writer thread.
    const job: RefreshFullJob = {
      kind: 'refreshFull',
      segmentId: node.id,
      reason: w.reason,
      now,
      source: toWire(source),
      nextEvaluationAt: this.nextEvaluation(node, now),
      elapsedMs: performance.now() - started,
    };
    const writer = writerFor(this.deps.writer, job.source);
    return writer ? await writer.run(job) : commitRefreshFull(this.deps.db, job, started);
  }

  /**
   * A per-contact re-check of `w.rids` (microseconds each, on this connection); inside the caller's
   * transaction. `counts`: the refreshable segments' stored counts read for this transaction, when it
   * covers this segment (absent from it: no longer refreshable).
   */
  private recheck(node: GraphNode, w: Work & { full: false }, counts: ReadonlyMap<string, number | null> | null): ApplyOutcome | null {
    const { db } = this.deps;
    const started = performance.now();
    const now = this.deps.now();
    // Still live and not frozen (as stillRefreshable), and its stored count, in one probe.
    const stored = counts
      ? counts.has(node.id)
        ? { member_count: counts.get(node.id) ?? null }
        : undefined
      : (stmt(db, "SELECT member_count FROM segments WHERE id = ? AND status = 'live' AND needs_attention = 0").get(node.id) as
          { member_count: number | null } | undefined);
    if (!stored) return null;
    const checked = [...w.rids];
    const matching = this.matchingAmong(node, checked, now);
    const out = applyContacts(db, { segmentId: node.id, reason: w.reason, now }, checked, matching, started, stored.member_count);
    const next = this.nextEvaluation(node, now);
    if (next !== null) stmt(db, 'UPDATE segments SET next_evaluation_at = ? WHERE id = ?').run(next, node.id);
    return out;
  }

  /** When the scheduler looks at a time-dependent segment next (null: it is not time-dependent). */
  private nextEvaluation(node: GraphNode, now: number): number | null {
    return this.current().reads.get(node.id)?.timeDependent === true ? nextEvaluationAt(now, node.timeZone) : null;
  }

  /** Tells listeners that members changed (after the commit). */
  private announce(segmentId: string, reason: EvaluationReason, outcome: ApplyOutcome): void {
    if (outcome.added + outcome.removed === 0) return;
    this.deps.events.emit('membership.changed', {
      segmentId,
      reason,
      size: outcome.size,
      added: outcome.added,
      removed: outcome.removed,
      at: outcome.evaluation.at,
    });
  }

  /** Which of `rids` match the segment now: one indexed probe per contact (microseconds each). */
  matchingAmong(node: Pick<GraphNode, 'id' | 'type' | 'definition' | 'timeZone'>, rids: readonly number[], now: number): Set<number> {
    const { db } = this.deps;
    const matching = new Set<number>();
    if (node.type === 'static') {
      const probe = stmt(db, 'SELECT 1 FROM static_members WHERE segment_id = ? AND contact_rid = ?');
      for (const rid of rids) if (probe.get(node.id, rid) !== undefined) matching.add(rid);
      return matching;
    }
    const check = this.contactCheck(node, now);
    for (const rid of rids) if (check.stmt.get(...check.params, rid) !== undefined) matching.add(rid);
    return matching;
  }

  private contactCheck(node: Pick<GraphNode, 'id' | 'definition' | 'timeZone'>, now: number): ContactCheck {
    const cached = this.checks.get(node.id);
    const fresh = (c: ContactCheck): boolean => c.now === null || c.now === now;
    // Same definition object as last time (the cached model's): no need to serialise it per re-check.
    if (cached && cached.definition === node.definition && cached.key.startsWith(`${node.timeZone}\u0000`) && fresh(cached)) return cached;
    const key = `${node.timeZone}\u0000${JSON.stringify(node.definition)}`;
    if (cached && cached.key === key && fresh(cached)) {
      cached.definition = node.definition;
      return cached;
    }
    const q = this.deps.engine.compileForContact(node.definition, node.timeZone, now);
    const timeDependent = definitionReads(node.definition, this.deps.relationship).timeDependent;
    const check: ContactCheck = {
      definition: node.definition,
      key,
      stmt: this.deps.db.prepare(q.sql),
      params: q.params,
      now: timeDependent ? now : null,
    };
    this.checks.set(node.id, check);
    return check;
  }

  private refreshable(graph: SegmentGraph): GraphNode[] {
    return [...graph.nodes.values()].filter((n) => n.status === 'live' && !n.needsAttention);
  }
}
