/**
 * What going live would change (segments.previewGoLive), computed over a connection so it can run on
 * the writer thread: at 885k members the old way filled a temp table with every new rid on the main
 * connection and ran NOT IN counts there (seconds of a frozen main thread). Here both sets are walked
 * once in ascending order and merged — the stored members chunk by chunk — in one read transaction,
 * so the counts and both lists describe the same committed state.
 */
import type { Db } from '../db/connection.js';
import { forEachStoredMember } from '../db/memberStore.js';
import type { WireSource } from './writeJobs.js';

/** A go-live preview posted to the writer thread (live/writeJobs.ts). Nothing is written. */
export interface PreviewDiffJob {
  kind: 'previewDiff';
  segmentId: string;
  /** The members the segment would have. */
  source: WireSource;
  /** How many added and removed rids to list (ascending); the counts are always whole. */
  limit: number;
}

/** The diff between the stored members and `source`. */
export interface PreviewDiffResult {
  currentSize: number;
  newSize: number;
  adds: number;
  removes: number;
  /** The first `limit` rids that would join, ascending. */
  added: number[];
  /** The first `limit` rids that would leave, ascending. */
  removed: number[];
}

/** The new members, ascending and without repeats. */
function newMembers(db: Db, source: WireSource): Float64Array {
  const rids =
    'sql' in source
      ? Float64Array.from(
          db
            .prepare(`SELECT DISTINCT rid FROM (${source.sql}) WHERE rid IS NOT NULL ORDER BY rid`)
            .pluck()
            .all(...source.params) as number[],
        )
      : source.rids;
  let ascending = true;
  for (let i = 1; i < rids.length && ascending; i++) if (rids[i]! <= rids[i - 1]!) ascending = false;
  if (ascending) return rids;
  const sorted = Float64Array.from(rids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/** Computes the preview (one read transaction: a consistent snapshot of the stored members). */
export function previewDiff(db: Db, job: PreviewDiffJob): PreviewDiffResult {
  return db
    .transaction(() => {
      const next = newMembers(db, job.source);
      const added: number[] = [];
      const removed: number[] = [];
      let adds = 0;
      let removes = 0;
      let currentSize = 0;
      let i = 0;
      // Merge: every stored rid either matches the next new one, or is a leaver; new rids passed over join.
      forEachStoredMember(db, job.segmentId, (rid) => {
        currentSize++;
        while (i < next.length && next[i]! < rid) {
          if (added.length < job.limit) added.push(next[i]!);
          adds++;
          i++;
        }
        if (i < next.length && next[i] === rid) i++;
        else {
          if (removed.length < job.limit) removed.push(rid);
          removes++;
        }
      });
      for (; i < next.length; i++) {
        if (added.length < job.limit) added.push(next[i]!);
        adds++;
      }
      return { currentSize, newSize: next.length, adds, removes, added, removed };
    })
    .deferred();
}
