/**
 * Reads of membership history as plain functions over a connection, so a large segment's (its history
 * holds a stay per member: 885k rows and more) run on the writer thread (db/writer.ts) in one read
 * transaction, and a small segment's here. `segments.membersAsOf` counts the stays open at a moment;
 * `segments.history` sorts the stays by their latest change — both whole-history scans.
 */
import type { ContactRef, MembershipStay } from '../../../shared/api/contract/live.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { contactDisplayColumn } from './contactRefs.js';

const DEFAULT_PAGE = 100;

/** Up to this many history rows a read takes a few milliseconds: it runs on the main connection. */
export const INLINE_HISTORY_LIMIT = 5000;

/** What `segments.membersAsOf` takes. */
export interface MembersAsOfInput {
  id: string;
  at: string;
  after?: number | undefined;
  limit?: number | undefined;
}

/** A page of members as of a moment. */
export interface MembersAsOfPage {
  at: string;
  rows: ContactRef[];
  total: number;
  nextAfter: number | null;
  historyStartsAt: string | null;
}

/** What `segments.history` reads: one contact's stays (by rid, resolved from its key) or the segment's latest. */
export interface HistoryInput {
  id: string;
  contactKey?: string | undefined;
  contactRid?: number | undefined;
  limit?: number | undefined;
}

/** A membersAsOf or history read posted to the writer thread (live/writeJobs.ts). Nothing is written. */
export type HistoryReadJob = { kind: 'membersAsOf'; input: MembersAsOfInput } | { kind: 'history'; input: HistoryInput };

/** Whether the segment's history has more rows than a few milliseconds' worth (a bounded probe, never a count). */
export function historyIsLarge(db: Db, segmentId: string): boolean {
  return (
    stmt(db, `SELECT 1 FROM membership_history WHERE segment_id = ? LIMIT 1 OFFSET ${INLINE_HISTORY_LIMIT}`).get(segmentId) !== undefined
  );
}

/** Members as of `input.at`, keyset-paged by rid (one read transaction: total and page agree). */
export function membersAsOf(db: Db, input: MembersAsOfInput): MembersAsOfPage {
  return db
    .transaction((): MembersAsOfPage => {
      const at = Date.parse(input.at);
      const limit = input.limit ?? DEFAULT_PAGE;
      const name = contactDisplayColumn(db);
      const first = db.prepare('SELECT min(joined_at) FROM membership_history WHERE segment_id = ?').pluck().get(input.id) as number | null;
      const firstEval = db.prepare('SELECT min(at) FROM segment_evaluations WHERE segment_id = ?').pluck().get(input.id) as number | null;
      const startsAt = first === null ? firstEval : firstEval === null ? first : Math.min(first, firstEval);
      const cond = 'h.segment_id = ? AND h.joined_at <= ? AND (h.left_at IS NULL OR h.left_at > ?)';
      const total = db
        .prepare(`SELECT count(DISTINCT h.contact_rid) FROM membership_history h WHERE ${cond}`)
        .pluck()
        .get(input.id, at, at) as number;
      const rows = db
        .prepare(
          `SELECT DISTINCT c.rid AS rid, c.key AS key, ${name ? `c.${name}` : 'NULL'} AS name
             FROM membership_history h JOIN ent_contact c ON c.rid = h.contact_rid
            WHERE ${cond} AND h.contact_rid > ? ORDER BY h.contact_rid LIMIT ?`,
        )
        .all(input.id, at, at, input.after ?? -Number.MAX_SAFE_INTEGER, limit + 1) as { rid: number; key: string; name: unknown }[];
      const page = rows.slice(0, limit).map((r) => ({ rid: r.rid, key: r.key, name: r.name === null ? null : String(r.name) }));
      const last = page[page.length - 1];
      return {
        at: new Date(at).toISOString(),
        rows: page,
        total,
        nextAfter: rows.length > limit && last ? last.rid : null,
        historyStartsAt: startsAt === null ? null : new Date(startsAt).toISOString(),
      };
    })
    .deferred();
}

/** Stays newest first: one contact's (`contactRid`), or the segment's by their latest join or leave. */
export function historyStays(db: Db, input: HistoryInput): MembershipStay[] {
  const limit = input.limit ?? DEFAULT_PAGE;
  const rows = (
    input.contactRid !== undefined
      ? db
          .prepare(
            `SELECT h.*, c.key FROM membership_history h JOIN ent_contact c ON c.rid = h.contact_rid
              WHERE h.segment_id = ? AND h.contact_rid = ? ORDER BY h.joined_at DESC LIMIT ?`,
          )
          .all(input.id, input.contactRid, limit)
      : db
          .prepare(
            `SELECT h.*, c.key FROM membership_history h JOIN ent_contact c ON c.rid = h.contact_rid
              WHERE h.segment_id = ? ORDER BY max(h.joined_at, coalesce(h.left_at, 0)) DESC, h.contact_rid LIMIT ?`,
          )
          .all(input.id, limit)
  ) as { segment_id: string; contact_rid: number; key: string; joined_at: number; left_at: number | null }[];
  return rows.map((r) => ({
    segmentId: r.segment_id,
    contactRid: r.contact_rid,
    contactKey: r.key,
    joinedAt: new Date(r.joined_at).toISOString(),
    leftAt: r.left_at === null ? null : new Date(r.left_at).toISOString(),
  }));
}
