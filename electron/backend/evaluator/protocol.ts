/**
 * Messages between the evaluator host (main thread) and its worker thread. Plain structured-clone
 * data only. Jobs carry numeric ids; the shared cancel slot holds the id of a job to stop (the worker
 * checks it between steps).
 */
import type { ApiError } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { DataChange } from '../dataChange.js';
import type { MemberSearchSpec } from './columnar/memberSearch.js';

/** Data the worker starts with. */
export interface WorkerInit {
  dbPath: string;
  /** Int32Array[1] over a SharedArrayBuffer: the id of the job to cancel (0 = none). */
  cancel: SharedArrayBuffer;
  /** 'columnar' (default): in-memory columns with per-block SQL fallback; 'sql': the SQL path only. */
  engine?: 'columnar' | 'sql';
  /** Load the columns and logs that live segments read when the worker starts (between jobs). */
  prewarm?: boolean;
  /** Keep column and log snapshots beside the database (`<db>.columns/`, docs/performance.md). */
  snapshots?: boolean;
  /** A background builder keeps the files current (snapshot/builder.ts): the worker leaves catch-up rewrites to it. */
  builder?: boolean;
  /**
   * Boot (modules, connection, compiled rule loops) but pre-warm nothing until a 'prewarm' message:
   * the worker the web host starts before its backend (earlyStart.ts) must not read columns while
   * the host is still starting (session 9: the host then listened 100–250 ms later). Jobs run at once.
   */
  holdPrewarm?: boolean;
}

/** Exact count of a definition as of `now`: total and the size after each block. */
export interface EstimateJob {
  kind: 'estimate';
  definition: SegmentDefinition;
  timeZone: string;
  now: number;
  /** For a static definition: whose stored members to count. */
  segmentId?: string;
}

/** Re-evaluate a stored segment and write its members (one transaction). */
export interface MaterialiseJob {
  kind: 'materialise';
  segmentId: string;
  now: number;
}

/** Run an already compiled member query and return the rids (for the live-segments refresher). */
export interface QueryJob {
  kind: 'query';
  sql: string;
  params: unknown[];
}

/** Members (rids) of a dynamic or compound definition as of `now` (columnar; for full live evaluations). */
export interface MembersJob {
  kind: 'members';
  definition: SegmentDefinition;
  timeZone: string;
  now: number;
  /**
   * A member search (live/members.ts) whose `definition` is "segment ∩ fields contain text": answered
   * by columnar/memberSearch.ts with the same members, the definition evaluated only when it cannot be.
   */
  search?: MemberSearchSpec;
}

export type Job = EstimateJob | MaterialiseJob | QueryJob | MembersJob;

export interface EstimateOutput {
  total: number;
  blockCounts: number[];
  durationMs: number;
  /** How it ran: all blocks columnar, some blocks in SQL, or all in SQL. */
  path?: 'columnar' | 'mixed' | 'sql';
}

export interface MaterialiseOutput {
  segmentId: string;
  size: number;
  added: number;
  removed: number;
  durationMs: number;
}

export interface QueryOutput {
  /** Member rids (a transferable typed array: no per-element cloning). */
  rids: Float64Array;
  durationMs: number;
}

export type HostMessage =
  | { type: 'job'; id: number; job: Job }
  /** A committed data change (sent in commit order, so it always precedes any later job). */
  | { type: 'dataChanged'; change: DataChange }
  /** Ask for cache statistics (memory, load times); answered with a 'stats' message. */
  | { type: 'stats'; id: number }
  /** Resolve once every queued snapshot write has reached the disk; answered with 'snapshotsFlushed'. */
  | { type: 'flushSnapshots'; id: number }
  /** A segment's members were rewritten wholly (go-live, scheduled refresh): load them between jobs. */
  | { type: 'warmMembers'; segmentId: string }
  /** A worker started with `holdPrewarm` may pre-warm now (the host listens); no effect otherwise. */
  | { type: 'prewarm' };

/** What the columnar cache holds and what loading it cost. */
export interface CacheStats {
  memory: { entities: number; interactions: number; members: number };
  loads: { what: string; rows: number; ms: number }[];
  rssBytes: number;
  /** Snapshot files loaded, rejected (with why) and written, oldest first (empty without snapshots). */
  snapshots?: { file: string; what: string; reason?: string }[];
  /** Pre-warm: held (a worker started early, until its host listens), still loading, or done. */
  prewarm?: 'held' | 'warming' | 'done';
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; step: number; steps: number }
  | { type: 'done'; id: number; output: EstimateOutput | MaterialiseOutput | QueryOutput }
  | { type: 'failed'; id: number; error: ApiError }
  | { type: 'stats'; id: number; stats: CacheStats }
  /** Pre-warming has loaded everything it queued (sent once; also when there was nothing to load). */
  | { type: 'warmed' }
  | { type: 'snapshotsFlushed'; id: number };
