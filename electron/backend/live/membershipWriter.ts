/**
 * The only code that changes live membership. Every change (a full re-evaluation, a re-check of some
 * contacts, a static edit) is applied as a diff in ONE transaction together with the segment's count,
 * the evaluation log and the membership history (joins and leaves). A process killed mid-way therefore
 * leaves membership as it was before or after, never half. Nothing else writes live membership
 * (db/memberStore.ts stores it; the worker's materialise writes through the same store).
 */
import type { EvaluationReason, EvaluationRecord } from '../../../shared/api/contract/live.js';
import type { Db } from '../db/connection.js';
import { changeStoredMembers, replaceStoredMembers, storedMemberCount } from '../db/memberStore.js';
import { stmt } from '../db/statements.js';

export interface ApplyContext {
  segmentId: string;
  reason: EvaluationReason;
  now: number;
}

/** What an applied change did. `addedRids` / `removedRids` are kept only while small (for cascades). */
export interface ApplyOutcome {
  size: number;
  added: number;
  removed: number;
  /** Contacts whose membership changed, or null when there were too many to list. */
  changedRids: number[] | null;
  evaluation: EvaluationRecord;
}

/** Above this many changed contacts, dependants are re-evaluated wholly instead of per contact. */
export const CASCADE_LIMIT = 5000;

interface EvalRow {
  id: number;
  segment_id: string;
  at: number;
  last_at: number;
  repeats: number;
  reason: EvaluationReason;
  scope: 'full' | 'contacts';
  contacts_checked: number | null;
  size: number;
  added: number;
  removed: number;
  duration_ms: number;
}

export function toEvaluation(r: EvalRow): EvaluationRecord {
  return {
    id: r.id,
    segmentId: r.segment_id,
    at: new Date(r.at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    repeats: r.repeats,
    reason: r.reason,
    scope: r.scope,
    contactsChecked: r.contacts_checked,
    size: r.size,
    added: r.added,
    removed: r.removed,
    durationMs: Math.round(r.duration_ms * 1000) / 1000,
  };
}

/** A source of the new full member set: SQL selecting a `rid` column, or a list of rids. */
export type MemberSource = { sql: string; params: unknown[] } | { rids: Iterable<number> };

/**
 * Replaces a segment's members with `source` (diffed: unchanged members are not touched). Must be
 * called inside a transaction; `started` is the high-resolution start time for the duration.
 */
export function applyFull(db: Db, ctx: ApplyContext, source: MemberSource, started: number): ApplyOutcome {
  const seg = ctx.segmentId;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS live_new (rid INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM temp.live_new');
  if ('sql' in source) {
    db.prepare(`INSERT OR IGNORE INTO temp.live_new (rid) SELECT rid FROM (${source.sql})`).run(...source.params);
  } else {
    // Chunks through json_each: one statement per 50k rids instead of one per rid (~5× faster).
    const ins = stmt(db, 'INSERT OR IGNORE INTO temp.live_new (rid) SELECT value FROM json_each(?)');
    let chunk: number[] = [];
    for (const rid of source.rids) {
      chunk.push(rid);
      if (chunk.length === 50_000) {
        ins.run(JSON.stringify(chunk));
        chunk = [];
      }
    }
    if (chunk.length > 0) ins.run(JSON.stringify(chunk));
  }
  const { joined, left } = replaceStoredMembers(db, seg, 'temp.live_new');
  recordStays(db, ctx, joined, left);
  const size = stmt(db, 'SELECT count(*) FROM temp.live_new').pluck().get() as number;
  db.exec('DELETE FROM temp.live_new');
  const changedRids = joined.length + left.length > CASCADE_LIMIT ? null : [...joined, ...left];
  return finish(db, ctx, { size, added: joined.length, removed: left.length, scope: 'full', checked: null, started, changedRids });
}

/**
 * Re-checked contacts: `checked` were evaluated, `matching` (a subset) are members now. Must be
 * called inside a transaction. `storedCount`: the segment's `member_count` when the caller has just
 * read it in this transaction (undefined: read here).
 */
export function applyContacts(
  db: Db,
  ctx: ApplyContext,
  checked: readonly number[],
  matching: ReadonlySet<number>,
  started: number,
  storedCount?: number | null,
): ApplyOutcome {
  const seg = ctx.segmentId;
  const { joined, left } = changeStoredMembers(
    db,
    seg,
    checked.filter((rid) => matching.has(rid)),
    checked.filter((rid) => !matching.has(rid)),
  );
  recordStays(db, ctx, joined, left);
  const added = joined.length;
  const removed = left.length;
  const changed = [...joined, ...left];
  // The stored count plus the change: counting a large segment's rows per edit would cost milliseconds.
  const stored =
    storedCount !== undefined
      ? storedCount
      : (stmt(db, 'SELECT member_count FROM segments WHERE id = ?').pluck().get(seg) as number | null | undefined);
  const size = stored === null || stored === undefined ? storedMemberCount(db, seg) : stored + added - removed;
  return finish(db, ctx, { size, added, removed, scope: 'contacts', checked: checked.length, started, changedRids: changed });
}

/**
 * Membership history for the rids that just joined and left: a leaver's open stay closes at `now`; a
 * joiner reopens a stay closed at this very instant, or opens a new one. Set-wise through a scratch
 * table, so a go-live of 255k members is a few statements, not 255k.
 */
function recordStays(db: Db, ctx: ApplyContext, joined: readonly number[], left: readonly number[]): void {
  if (joined.length === 0 && left.length === 0) return;
  const seg = ctx.segmentId;
  if (joined.length + left.length <= 64) {
    // A few contacts (the live path's usual case): one prepared statement per stay.
    const leave = stmt(db, 'UPDATE membership_history SET left_at = ? WHERE segment_id = ? AND contact_rid = ? AND left_at IS NULL');
    const reopen = stmt(db, 'UPDATE membership_history SET left_at = NULL WHERE segment_id = ? AND contact_rid = ? AND left_at = ?');
    const join = stmt(db, 'INSERT OR IGNORE INTO membership_history (segment_id, contact_rid, joined_at) VALUES (?, ?, ?)');
    for (const rid of left) leave.run(ctx.now, seg, rid);
    for (const rid of joined) if (reopen.run(seg, rid, ctx.now).changes === 0) join.run(seg, rid, ctx.now);
    return;
  }
  db.exec('CREATE TEMP TABLE IF NOT EXISTS live_diff (rid INTEGER PRIMARY KEY)');
  const fill = (rids: readonly number[]): void => {
    db.exec('DELETE FROM temp.live_diff');
    const ins = stmt(db, 'INSERT OR IGNORE INTO temp.live_diff (rid) SELECT value FROM json_each(?)');
    for (let i = 0; i < rids.length; i += 50_000) ins.run(JSON.stringify(rids.slice(i, i + 50_000)));
  };
  if (left.length > 0) {
    fill(left);
    stmt(
      db,
      'UPDATE membership_history SET left_at = ? WHERE segment_id = ? AND left_at IS NULL AND contact_rid IN (SELECT rid FROM temp.live_diff)',
    ).run(ctx.now, seg);
  }
  if (joined.length > 0) {
    fill(joined);
    stmt(
      db,
      'UPDATE membership_history SET left_at = NULL WHERE segment_id = ? AND left_at = ? AND contact_rid IN (SELECT rid FROM temp.live_diff)',
    ).run(seg, ctx.now);
    stmt(
      db,
      `INSERT OR IGNORE INTO membership_history (segment_id, contact_rid, joined_at)
       SELECT ?, d.rid, ? FROM temp.live_diff d
        WHERE NOT EXISTS (SELECT 1 FROM membership_history h WHERE h.segment_id = ? AND h.contact_rid = d.rid AND h.left_at IS NULL)`,
    ).run(seg, ctx.now, seg);
  }
  db.exec('DELETE FROM temp.live_diff');
}

interface FinishArgs {
  size: number;
  added: number;
  removed: number;
  scope: 'full' | 'contacts';
  checked: number | null;
  started: number;
  changedRids: number[] | null;
}

function finish(db: Db, ctx: ApplyContext, a: FinishArgs): ApplyOutcome {
  stmt(db, 'UPDATE segments SET member_count = ?, last_evaluated_at = ? WHERE id = ?').run(a.size, ctx.now, ctx.segmentId);
  const durationMs = performance.now() - a.started;
  const evaluation = recordEvaluation(db, ctx, a, durationMs);
  return { size: a.size, added: a.added, removed: a.removed, changedRids: a.changedRids, evaluation };
}

/** A segment's latest evaluation row: one probe of the (segment_id, id) index (migration 007). */
export const LAST_EVALUATION_SQL = 'SELECT * FROM segment_evaluations WHERE segment_id = ? ORDER BY id DESC LIMIT 1';

/**
 * Appends to the evaluation log. Consecutive runs that changed nothing (same reason, scope and size)
 * are compacted into one row with a repeat count, which keeps the log bounded by the number of real
 * changes rather than by how often refreshes run.
 */
function recordEvaluation(db: Db, ctx: ApplyContext, a: FinishArgs, durationMs: number): EvaluationRecord {
  if (a.added === 0 && a.removed === 0) {
    const last = stmt(db, LAST_EVALUATION_SQL).get(ctx.segmentId) as EvalRow | undefined;
    if (last && last.added === 0 && last.removed === 0 && last.reason === ctx.reason && last.scope === a.scope && last.size === a.size) {
      stmt(
        db,
        'UPDATE segment_evaluations SET repeats = repeats + 1, last_at = ?, duration_ms = duration_ms + ?, contacts_checked = COALESCE(contacts_checked, 0) + COALESCE(?, 0) WHERE id = ?',
      ).run(ctx.now, durationMs, a.checked, last.id);
      // The row as just written, built here rather than read back (one statement less per re-check).
      return toEvaluation({
        ...last,
        repeats: last.repeats + 1,
        last_at: ctx.now,
        duration_ms: last.duration_ms + durationMs,
        contacts_checked: (last.contacts_checked ?? 0) + (a.checked ?? 0),
      });
    }
  }
  const id = stmt(
    db,
    `INSERT INTO segment_evaluations (segment_id, at, last_at, reason, scope, contacts_checked, size, added, removed, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(ctx.segmentId, ctx.now, ctx.now, ctx.reason, a.scope, a.checked, a.size, a.added, a.removed, durationMs).lastInsertRowid;
  return toEvaluation({
    id: Number(id),
    segment_id: ctx.segmentId,
    at: ctx.now,
    last_at: ctx.now,
    repeats: 1,
    reason: ctx.reason,
    scope: a.scope,
    contacts_checked: a.checked,
    size: a.size,
    added: a.added,
    removed: a.removed,
    duration_ms: durationMs,
  });
}

/** Default retention of closed history stays and of the evaluation log (documented in docs/storage.md). */
export const HISTORY_RETENTION_DAYS = 730;

/** Drops history stays that ended, and evaluations that ran, before the retention horizon. */
export function pruneHistory(db: Db, now: number, retentionDays = HISTORY_RETENTION_DAYS): { stays: number; evaluations: number } {
  const horizon = now - retentionDays * 86_400_000;
  return db.transaction(() => ({
    stays: db.prepare('DELETE FROM membership_history WHERE left_at IS NOT NULL AND left_at < ?').run(horizon).changes,
    evaluations: db.prepare('DELETE FROM segment_evaluations WHERE last_at < ?').run(horizon).changes,
  }))();
}
