/**
 * Live segments, assembled: lifecycle, refresh queue and scheduler, static members, member reading,
 * explain and insights. The backend creates one and subscribes it to data changes.
 */
import type { EvaluationRecord, ExplainResult, LiveStatus, SegmentInsights } from '../../../shared/api/contract/live.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import { isStoredMember } from '../db/memberStore.js';
import { stmt } from '../db/statements.js';
import type { EventBus } from '../events.js';
import type { SegmentService } from '../segments/segmentService.js';
import { contactByKey, contactKeyField } from './contactRefs.js';
import type { DataChangeLike, RelationshipInfo } from './definitionReads.js';
import { SegmentGraph } from '../segments/graph.js';
import { insightsAreLarge, segmentInsights, type InsightsInput } from './insights.js';
import { INLINE_WRITE_LIMIT } from './writeJobs.js';
import { Lifecycle } from './lifecycle.js';
import type { LiveEngine, WorkerMembersJob } from './liveEngine.js';
import { MemberReader, type MembersDeps } from './members.js';
import { pruneHistory } from './membershipWriter.js';
import { LiveRefresher } from './refresher.js';
import { StaticMembers } from './staticMembers.js';
import type { WriterHost } from '../db/writer.js';

export interface LiveServiceDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  segments: SegmentService;
  engine: LiveEngine;
  /** Evaluates whole definitions on the evaluator worker (absent: compiled SQL on the main connection). */
  runOnWorker?: (job: WorkerMembersJob) => Promise<Iterable<number>>;
  /** Members of a definition from the evaluator worker (member search off the main thread); absent: SQL here. */
  membersOnWorker?: MembersDeps['membersOnWorker'];
  /** The writer thread (db/writer.ts) for the heavy membership writes; absent, they run on `db`. */
  writer?: WriterHost;
}

/** How often the scheduler looks for due segments when started. */
export const SCHEDULER_TICK_MS = 30_000;

export class LiveService {
  readonly refresher: LiveRefresher;
  readonly lifecycle: Lifecycle;
  readonly staticMembers: StaticMembers;
  readonly reader: MemberReader;
  /** The engine port (compiler, validator, explain) this service evaluates with. */
  readonly engine: LiveEngine;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: LiveServiceDeps) {
    this.engine = deps.engine;
    const relationship = (name: string): RelationshipInfo | undefined => deps.engine.relationship(name);
    this.refresher = new LiveRefresher({
      db: deps.db,
      events: deps.events,
      now: deps.now,
      engine: deps.engine,
      relationship,
      contactKeyField: () => contactKeyField(deps.db),
      ...(deps.runOnWorker ? { runOnWorker: deps.runOnWorker } : {}),
      writer: deps.writer,
    });
    this.lifecycle = new Lifecycle({
      db: deps.db,
      events: deps.events,
      now: deps.now,
      segments: deps.segments,
      engine: deps.engine,
      refresher: this.refresher,
      relationship,
      writer: deps.writer,
    });
    this.staticMembers = new StaticMembers({
      db: deps.db,
      events: deps.events,
      now: deps.now,
      segments: deps.segments,
      engine: deps.engine,
      refresher: this.refresher,
      writer: deps.writer,
    });
    this.reader = new MemberReader({
      db: deps.db,
      events: deps.events,
      segments: deps.segments,
      membersOnWorker: deps.membersOnWorker,
      writer: deps.writer,
    });
    // Cached segment facts (graph, reads) are dropped whenever any segment changes.
    deps.events.onAny((event) => {
      if (event === 'segment.changed' || event === 'segmentStatus.changed') this.refresher.invalidate();
    });
    this.lifecycle.recover();
  }

  /** A committed data change (contact edit, import batch, new interactions); resolves when members are current. */
  onDataChanged(change: DataChangeLike): Promise<void> {
    return this.refresher.onDataChanged(change);
  }

  /** Resolves once every queued refresh has finished. */
  whenIdle(): Promise<void> {
    return this.refresher.whenIdle();
  }

  /** Starts the scheduler (hosts that run for a while: the app and the web host). */
  startScheduler(tickMs = SCHEDULER_TICK_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresher.runDue().catch(() => undefined);
      // The retention sweep may delete many rows: on the writer thread when there is one.
      if (this.deps.writer) this.deps.writer.run({ kind: 'prune', now: this.deps.now() }).catch(() => undefined);
      else pruneHistory(this.deps.db, this.deps.now());
    }, tickMs);
    this.timer.unref();
  }

  stopScheduler(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  goLive(id: string, definition?: SegmentDefinition): ReturnType<Lifecycle['goLive']> {
    return this.lifecycle.goLive(id, definition);
  }

  stop(id: string, force = false): ReturnType<Lifecycle['stop']> {
    return this.lifecycle.stop(id, force);
  }

  /** Re-evaluates a live segment now (reason "manual"), then its dependants. */
  async refresh(id: string): Promise<EvaluationRecord> {
    const row = this.deps.segments.row(id);
    if (row.status !== 'live') throw new ApiFailure('invalid_state', `Only live segments are evaluated; "${row.name}" is ${row.status}.`);
    if (row.needs_attention === 1)
      throw new ApiFailure(
        'invalid_state',
        `"${row.name}" needs attention: a segment it uses is no longer live, so its members stay frozen.`,
      );
    const outcomes = await this.refresher.refreshWhole([id], 'manual');
    const out = outcomes.get(id);
    if (!out) throw new ApiFailure('internal', `"${row.name}" was not refreshed.`);
    return out.evaluation;
  }

  liveStatus(id: string): LiveStatus {
    const { db, segments } = this.deps;
    const row = segments.row(id);
    const graph = new SegmentGraph(db);
    const missing = db
      .prepare('SELECT child_id, child_name, reason, at FROM segment_attention WHERE segment_id = ? ORDER BY at')
      .all(id) as {
      child_id: string;
      child_name: string;
      reason: 'stopped' | 'deleted';
      at: number;
    }[];
    return {
      id,
      status: row.status,
      memberCount: row.member_count,
      lastEvaluatedAt: row.last_evaluated_at === null ? null : new Date(row.last_evaluated_at).toISOString(),
      nextEvaluationAt:
        row.next_evaluation_at === null || row.next_evaluation_at === undefined ? null : new Date(row.next_evaluation_at).toISOString(),
      needsAttention: row.needs_attention === 1,
      missingChildren: missing.map((m) => ({ id: m.child_id, name: m.child_name, reason: m.reason, at: new Date(m.at).toISOString() })),
      references: graph.nodes.get(id)?.refs ?? [],
      dependants: graph.referencing(id).map((d) => ({ id: d.id, name: d.name, status: d.status })),
    };
  }

  /** Why a contact is (not) a member: the reference evaluator's trace over that contact's data. */
  explain(id: string, contactKey: string): ExplainResult {
    const { db, segments } = this.deps;
    const row = segments.row(id);
    const contact = contactByKey(db, contactKey);
    const storedMember = isStoredMember(db, id, contact.rid);
    if (row.type === 'static') {
      const staticMember =
        stmt(db, 'SELECT 1 FROM static_members WHERE segment_id = ? AND contact_rid = ?').get(id, contact.rid) !== undefined;
      return {
        segmentId: id,
        contact,
        member: staticMember,
        storedMember,
        evaluatedAt: new Date(this.deps.now()).toISOString(),
        blocks: [],
        staticMember,
      };
    }
    // A frozen or stopped segment is explained as of its last evaluation.
    const at = row.status === 'live' && row.needs_attention === 0 ? this.deps.now() : (row.last_evaluated_at ?? this.deps.now());
    const explanation = this.deps.engine.explain(JSON.parse(row.definition) as SegmentDefinition, row.time_zone, at, contact.rid);
    return {
      segmentId: id,
      contact,
      member: explanation.member,
      storedMember,
      evaluatedAt: new Date(at).toISOString(),
      blocks: explanation.blocks,
    };
  }

  /** Insights of a segment; read on the writer thread when a segment involved is large (insights.ts). */
  async insights(input: InsightsInput): Promise<SegmentInsights> {
    const { db, writer } = this.deps;
    const now = this.deps.now();
    if (writer && insightsAreLarge(db, input, INLINE_WRITE_LIMIT)) return writer.run({ kind: 'insights', now, input });
    return segmentInsights(db, now, input);
  }
}
