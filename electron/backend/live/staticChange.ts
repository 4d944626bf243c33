/**
 * An add or remove of static members as ONE transaction over a connection, so a large one (a query
 * matching 885k contacts, a pasted list of keys) runs on the writer thread and a small one inline. The
 * rows go in set-wise (json_each, 50k rids a statement) rather than one statement per rid; on a live
 * static segment the same transaction applies the change to its members, history and evaluation log.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { applyContacts, CASCADE_LIMIT, type ApplyOutcome } from './membershipWriter.js';

/** A static add/remove posted to the writer thread (live/writeJobs.ts). */
export interface StaticChangeJob {
  kind: 'staticChange';
  segmentId: string;
  op: 'add' | 'remove';
  /** Contact rids, without repeats (transferred to the writer, not copied). */
  rids: Float64Array;
  now: number;
}

/** What the change did: rows changed, the static size after it, and the live outcome (live segments). */
export interface StaticChangeResult {
  changed: number;
  size: number;
  /** Null when the segment is not live (its members follow only once it goes live). */
  outcome: Omit<ApplyOutcome, 'evaluation'> | null;
}

const SLICE = 50_000;

/** Runs the change in one transaction; refuses (changing nothing) when the segment is not an editable static one now. */
export function applyStaticChange(db: Db, job: StaticChangeJob): StaticChangeResult {
  return db
    .transaction(() => {
      const seg = job.segmentId;
      const started = performance.now();
      // Checked again here: on the writer thread this runs a moment after the API call was checked.
      const row = stmt(db, 'SELECT name, type, status FROM segments WHERE id = ?').get(seg) as
        { name: string; type: string; status: string } | undefined;
      if (!row) throw new ApiFailure('not_found', `No segment with id "${seg}".`);
      if (row.type !== 'static')
        throw new ApiFailure('invalid_state', `"${row.name}" is a ${row.type} segment; members can only be changed on static segments.`);
      if (row.status === 'goingLive' || row.status === 'stopping')
        throw new ApiFailure('invalid_state', `"${row.name}" is changing status; try again in a moment.`);
      const write =
        job.op === 'add'
          ? stmt(db, 'INSERT OR IGNORE INTO static_members (segment_id, contact_rid, added_at) SELECT ?, value, ? FROM json_each(?)')
          : stmt(db, 'DELETE FROM static_members WHERE segment_id = ? AND contact_rid IN (SELECT value FROM json_each(?))');
      let changed = 0;
      for (let i = 0; i < job.rids.length; i += SLICE) {
        const slice = JSON.stringify(Array.from(job.rids.subarray(i, i + SLICE)));
        changed += (job.op === 'add' ? write.run(seg, job.now, slice) : write.run(seg, slice)).changes;
      }
      let outcome: StaticChangeResult['outcome'] = null;
      if (row.status === 'live') {
        const rids = Array.from(job.rids);
        const members = new Set(job.op === 'add' ? rids : []);
        const out = applyContacts(db, { segmentId: seg, reason: 'staticEdit', now: job.now }, rids, members, started);
        // Too many to re-check one by one in dependants: null makes them re-evaluate wholly.
        const changedRids = out.changedRids && out.changedRids.length > CASCADE_LIMIT ? null : out.changedRids;
        outcome = { size: out.size, added: out.added, removed: out.removed, changedRids };
      }
      stmt(db, 'UPDATE segments SET modified_at = max(modified_at, ?) WHERE id = ?').run(job.now, seg);
      const size = stmt(db, 'SELECT count(*) FROM static_members WHERE segment_id = ?').pluck().get(seg) as number;
      return { changed, size, outcome };
    })
    .immediate();
}
