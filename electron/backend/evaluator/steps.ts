/**
 * Step-by-step evaluation of compiled blocks: the result so far lives in a TEMP table and each block
 * is applied to it left to right (insert for union, delete for intersect / except). Every block's
 * query runs exactly once, and the size after each step (the flow diagram's numbers) falls out for
 * free. Runs on whichever connection the caller owns (the worker's, or the CLI's).
 */
import type { Db } from '../db/connection.js';
import type { CompiledBlock } from '../segments/compile.js';
import { memberProbeSql } from '../db/memberStore.js';

export interface StepCounts {
  /** Members after the last block. */
  total: number;
  /** Size of the result after each block, left to right. */
  blockCounts: number[];
}

/** True when the scratch row is a stored member of the segment bound to `?`: one chunk, by primary key. */
export const MEMBER_PROBE = memberProbeSql('segment_step.rid');

/**
 * Whether an EXCEPT / INTERSECT against a segment block should probe the stored members per remaining
 * row (MEMBER_PROBE: the row's chunk by primary key) rather than build the LIST
 * SUBQUERY of all the child's members: yes unless the result so far is larger than the child (then
 * listing the few members is cheaper than probing every row). The probe reads the stored rows only;
 * with `guardContactRids` the block also drops member rids that are not contacts, which changes
 * nothing here: rows of the result so far are contacts already.
 */
export function probesMembers(db: Db, blk: CompiledBlock, rowsSoFar: number): blk is CompiledBlock & { storedMembersOf: string } {
  if (blk.storedMembersOf === undefined) return false;
  const size = db.prepare('SELECT member_count FROM segments WHERE id = ?').pluck().get(blk.storedMembersOf) as number | null | undefined;
  return size === null || size === undefined || rowsSoFar <= size;
}

/** Name of the per-connection scratch table holding the result so far. */
export const STEP_TABLE = 'temp.segment_step';

/**
 * Applies `blocks` left to right into the scratch table and returns the counts. `beforeStep` runs
 * before each block (progress reporting, cancellation: throw to stop). With `keepMembers` the scratch
 * table holds the final members until the next call (`SELECT rid FROM temp.segment_step`); without,
 * a single block is only counted.
 */
export function runStepCounts(
  db: Db,
  blocks: readonly CompiledBlock[],
  beforeStep?: (index: number) => void,
  keepMembers = true,
): StepCounts {
  const only = blocks.length === 1 ? blocks[0] : undefined;
  if (only && !keepMembers) {
    // One block and nobody needs the rids: count without copying them into the scratch table.
    beforeStep?.(0);
    const total = db.prepare(`SELECT count(*) FROM (${only.sql})`).pluck().get(only.params) as number;
    return { total, blockCounts: [total] };
  }
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS segment_step (rid INTEGER PRIMARY KEY); DELETE FROM ${STEP_TABLE};`);
  const count = db.prepare(`SELECT count(*) FROM ${STEP_TABLE}`).pluck();
  const blockCounts: number[] = [];
  blocks.forEach((blk, i) => {
    beforeStep?.(i);
    const sub = `SELECT rid FROM (${blk.sql})`;
    if (i === 0 || blk.combine === 'union') db.prepare(`INSERT OR IGNORE INTO ${STEP_TABLE} (rid) ${sub}`).run(blk.params);
    else if (probesMembers(db, blk, blockCounts.at(-1) ?? 0)) {
      // Per remaining row, one primary-key probe of the child's stored members (no list of them all).
      db.prepare(`DELETE FROM ${STEP_TABLE} WHERE ${blk.combine === 'intersect' ? 'NOT ' : ''}${MEMBER_PROBE}`).run(blk.storedMembersOf);
    } else if (blk.combine === 'intersect') db.prepare(`DELETE FROM ${STEP_TABLE} WHERE rid NOT IN (${sub})`).run(blk.params);
    else db.prepare(`DELETE FROM ${STEP_TABLE} WHERE rid IN (${sub})`).run(blk.params);
    blockCounts.push(count.get() as number);
  });
  return { total: blockCounts.at(-1) ?? 0, blockCounts };
}
