/**
 * What the worker does for each job, on whatever connection it is given (the worker's own; the CLI
 * runs the same code on its connection). Reads are plain autocommit statements (WAL snapshots), and
 * the only write — a materialisation — is a short diff transaction after the evaluation, so the write
 * lock is never held while a segment query runs.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import { compileBlocks } from '../segments/compile.js';
import { loadStorageCatalog } from '../segments/compileCatalog.js';
import type { EstimateJob, EstimateOutput, MaterialiseJob, MaterialiseOutput, MembersJob, QueryJob, QueryOutput } from './protocol.js';
import { runStepCounts, STEP_TABLE } from './steps.js';
import type { ColumnarEngine } from './columnar/engine.js';
import { evaluateColumnar, type ColumnarResult } from './columnar/evaluateColumnar.js';
import { writeMembers } from './columnar/writeMembers.js';
import { replaceStoredMembers, storedMemberCount } from '../db/memberStore.js';
import { countBits, forEachBit } from './columnar/bitset.js';
import { searchSegmentMembers } from './columnar/memberSearch.js';

/** Called before each block with (index, number of blocks); throw to stop (cancellation). */
export type BeforeStep = (step: number, steps: number) => void;

const elapsed = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Counts a definition step by step; the members stay in the scratch table until the next job. */
function countDefinition(
  db: Db,
  def: SegmentDefinition,
  timeZone: string,
  now: number,
  segmentId: string | undefined,
  beforeStep: BeforeStep | undefined,
  keepMembers: boolean,
) {
  if (def.kind === 'static') {
    if (!segmentId) throw new ApiFailure('invalid_input', 'A static segment has no query: its members are stored data.');
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS segment_step (rid INTEGER PRIMARY KEY); DELETE FROM ${STEP_TABLE};`);
    db.prepare(`INSERT INTO ${STEP_TABLE} (rid) SELECT contact_rid FROM segment_members WHERE segment_id = ?`).run(segmentId);
    const total = db.prepare(`SELECT count(*) FROM ${STEP_TABLE}`).pluck().get() as number;
    return { total, blockCounts: [] };
  }
  const blocks = compileBlocks(def, loadStorageCatalog(db), { now, timeZone });
  return runStepCounts(db, blocks, (i) => beforeStep?.(i, blocks.length), keepMembers);
}

/** Evaluates a dynamic or compound definition on the columnar cache (blocks it cannot do run as SQL). */
function evaluateOnColumns(
  db: Db,
  engine: ColumnarEngine,
  def: SegmentDefinition,
  timeZone: string,
  now: number,
  beforeStep: BeforeStep | undefined,
): ColumnarResult {
  engine.beginJob();
  const blocks = compileBlocks(def, engine.storage, { now, timeZone });
  return evaluateColumnar(db, engine, def, { now, timeZone }, blocks, (i) => beforeStep?.(i, blocks.length));
}

/**
 * Counts a definition. With a columnar `engine` (the worker) dynamic and compound definitions run on
 * the in-memory columns; without one (the CLI, inline tests) on SQL. With `keepMembers` the SQL path
 * leaves the members in the scratch table (STEP_TABLE) for the caller.
 */
export function runEstimate(
  db: Db,
  job: EstimateJob,
  beforeStep?: BeforeStep,
  keepMembers = false,
  engine?: ColumnarEngine,
): EstimateOutput {
  const t0 = process.hrtime.bigint();
  if (engine && job.definition.kind !== 'static' && !keepMembers) {
    const r = evaluateOnColumns(db, engine, job.definition, job.timeZone, job.now, beforeStep);
    return { total: r.total, blockCounts: r.blockCounts, durationMs: elapsed(t0), path: r.sqlBlocks.length === 0 ? 'columnar' : 'mixed' };
  }
  const { total, blockCounts } = countDefinition(db, job.definition, job.timeZone, job.now, job.segmentId, beforeStep, keepMembers);
  return { total, blockCounts, durationMs: elapsed(t0), path: 'sql' };
}

/**
 * Member contact keys (sorted) and count of a definition as of `job.now`, evaluated inline on this
 * connection's SQL: the CLI's `eval`, which owns its process, so blocking the connection blocks nobody.
 */
export function runMemberKeys(db: Db, job: EstimateJob): { total: number; keys: string[] } {
  const { total } = runEstimate(db, job, undefined, true);
  const keys = db
    .prepare(`SELECT c.key FROM ${STEP_TABLE} AS s JOIN ent_contact AS c ON c.rid = s.rid ORDER BY c.key`)
    .pluck()
    .all() as string[];
  return { total, keys };
}

interface SegmentRow {
  type: string;
  definition: string;
  time_zone: string;
}

/**
 * Re-evaluates a stored segment as of `job.now` and makes its stored members equal to the result in ONE
 * transaction (a diff: only chunks with joiners or leavers are rewritten, db/memberStore.ts), so readers see before or after, never half.
 */
export function runMaterialise(db: Db, job: MaterialiseJob, beforeStep?: BeforeStep, engine?: ColumnarEngine): MaterialiseOutput {
  const t0 = process.hrtime.bigint();
  const row = db.prepare('SELECT type, definition, time_zone FROM segments WHERE id = ?').get(job.segmentId) as SegmentRow | undefined;
  if (!row) throw new ApiFailure('not_found', `Segment ${job.segmentId} does not exist.`);
  const def = JSON.parse(row.definition) as SegmentDefinition;
  if (def.kind === 'static') {
    const size = storedMemberCount(db, job.segmentId);
    return { segmentId: job.segmentId, size, added: 0, removed: 0, durationMs: elapsed(t0) };
  }
  if (engine) {
    const r = evaluateOnColumns(db, engine, def, row.time_zone, job.now, beforeStep);
    const { added, removed } = writeMembers(db, engine, job.segmentId, r.members);
    return { segmentId: job.segmentId, size: r.total, added, removed, durationMs: elapsed(t0) };
  }
  const { total } = countDefinition(db, def, row.time_zone, job.now, job.segmentId, beforeStep, true);
  const write = db.transaction(() => {
    const { joined, left } = replaceStoredMembers(db, job.segmentId, STEP_TABLE);
    return { removed: left.length, added: joined.length };
  });
  const { removed, added } = write.immediate();
  return { segmentId: job.segmentId, size: total, added, removed, durationMs: elapsed(t0) };
}

/** Runs a compiled member query; rids come back as a transferable typed array. */
export function runQuery(db: Db, job: QueryJob): QueryOutput {
  const t0 = process.hrtime.bigint();
  const rows = db.prepare(job.sql).raw().all(job.params) as unknown[][];
  const rids = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    rids[i] = Number(r[0]);
  });
  return { rids, durationMs: elapsed(t0) };
}

/**
 * Members of a dynamic or compound definition: on the columnar cache when there is an engine,
 * otherwise the compiled SQL. Rids ascending, as a transferable typed array.
 */
export function runMembers(db: Db, job: MembersJob, beforeStep?: BeforeStep, engine?: ColumnarEngine): QueryOutput {
  const t0 = process.hrtime.bigint();
  if (job.definition.kind === 'static')
    throw new ApiFailure('invalid_input', 'A static segment has no query: its members are stored data.');
  if (engine && job.search) {
    beforeStep?.(0, 1);
    engine.beginJob();
    const rids = searchSegmentMembers(engine, job.search);
    if (rids) return { rids, durationMs: elapsed(t0) };
  }
  if (engine) {
    const r = evaluateOnColumns(db, engine, job.definition, job.timeZone, job.now, beforeStep);
    const rids = new Float64Array(countBits(r.members));
    let i = 0;
    forEachBit(r.members, (rid) => {
      rids[i++] = rid;
    });
    return { rids, durationMs: elapsed(t0) };
  }
  countDefinition(db, job.definition, job.timeZone, job.now, undefined, beforeStep, true);
  const rids = Float64Array.from(db.prepare(`SELECT rid FROM ${STEP_TABLE} ORDER BY rid`).pluck().all() as number[]);
  return { rids, durationMs: elapsed(t0) };
}
