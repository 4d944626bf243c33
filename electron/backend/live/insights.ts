/**
 * Insights data of a live segment (the views come with the UI): size over time and changes per
 * evaluation from the evaluation log, composition of the current members by a contact field, an
 * overlap matrix with other segments, and the members' interactions per type in a recent window.
 */
import type { SegmentInsights } from '../../../shared/api/contract/live.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { StoredValue } from '../../../shared/segments/dataset.js';
import type { Db } from '../db/connection.js';
import { sharedMemberCount, storedMemberCount } from '../db/memberStore.js';
import { quoteIdent } from '../segments/compileCatalog.js';
import { stmt } from '../db/statements.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { resolveLookups, wantLookup, type LookupWants } from '../io/export/lookupNames.js';
import { contactColumns } from './contactRefs.js';

export interface InsightsInput {
  id: string;
  from?: string | undefined;
  to?: string | undefined;
  compositionField?: string | undefined;
  top?: number | undefined;
  overlapWith?: string[] | undefined;
  interactionDays?: number | undefined;
}

/** An insights read posted to the writer thread (live/writeJobs.ts) for a large segment. Nothing is written. */
export interface InsightsJob {
  kind: 'insights';
  now: number;
  input: InsightsInput;
}

/** The facts insights need of a segment, or not_found (the same message as SegmentService.row). */
function segmentFacts(db: Db, id: string): { name: string; has_been_live: number; member_count: number | null } {
  const row = stmt(db, 'SELECT name, has_been_live, member_count FROM segments WHERE id = ?').get(id) as
    { name: string; has_been_live: number; member_count: number | null } | undefined;
  if (!row) throw new ApiFailure('not_found', `No segment with id "${id}".`);
  return row;
}

/**
 * Whether any segment the insights read has more members than a few milliseconds' worth: its
 * composition, overlap and interaction counts then run on the writer thread (a read transaction there),
 * not on the main connection (a GROUP BY over 885k members takes about a second).
 */
export function insightsAreLarge(db: Db, input: InsightsInput, limit: number): boolean {
  if (!input.compositionField && !input.overlapWith && !input.interactionDays) return false;
  return [input.id, ...(input.overlapWith ?? [])].some((id) => (segmentFacts(db, id).member_count ?? 0) > limit);
}

/** Computes insights in one read transaction (a consistent snapshot), on whichever connection runs it. */
export function segmentInsights(db: Db, now: number, input: InsightsInput): SegmentInsights {
  return db.transaction(() => readInsights(db, now, input)).deferred();
}

function readInsights(db: Db, now: number, input: InsightsInput): SegmentInsights {
  const row = segmentFacts(db, input.id);
  if (row.has_been_live !== 1) throw new ApiFailure('invalid_state', `"${row.name}" has not been live yet; insights appear once it has.`);
  const from = input.from ? Date.parse(input.from) : -Number.MAX_SAFE_INTEGER;
  const to = input.to ? Date.parse(input.to) : Number.MAX_SAFE_INTEGER;
  const evals = db
    .prepare(
      'SELECT at, last_at, repeats, reason, size, added, removed FROM segment_evaluations WHERE segment_id = ? AND last_at >= ? AND at <= ? ORDER BY id',
    )
    .all(input.id, from, to) as {
    at: number;
    last_at: number;
    repeats: number;
    reason: SegmentInsights['changes'][number]['reason'];
    size: number;
    added: number;
    removed: number;
  }[];
  const sizeOverTime: SegmentInsights['sizeOverTime'] = [];
  for (const e of evals) {
    if (e.at >= from) sizeOverTime.push({ at: new Date(e.at).toISOString(), size: e.size });
    // A compacted row stands for several runs: its last run is a point too.
    if (e.repeats > 1 && e.last_at <= to) sizeOverTime.push({ at: new Date(e.last_at).toISOString(), size: e.size });
  }
  const changes = evals
    .filter((e) => e.at >= from && (e.added > 0 || e.removed > 0))
    .map((e) => ({ at: new Date(e.at).toISOString(), reason: e.reason, added: e.added, removed: e.removed }));

  let composition: SegmentInsights['composition'] = null;
  if (input.compositionField) {
    const [col] = contactColumns(db, [input.compositionField]);
    if (col) {
      const top = input.top ?? 10;
      const value = `c.${quoteIdent(col.field.column)}`;
      // Text groups the way segments compare it: ignoring case and accents ("Seattle", "seattle" and
      // "SEATTLE" are one bar), labelled with the spelling most members have (SQLite takes the bare
      // column from the row holding max()).
      const sql =
        col.field.type === 'text' && col.field.foldedColumn
          ? `SELECT value, total AS n FROM (
               SELECT f, value, max(n) AS most, sum(n) AS total FROM (
                 SELECT c.${quoteIdent(col.field.foldedColumn)} AS f, ${value} AS value, count(*) AS n
                   FROM segment_members m JOIN ent_contact c ON c.rid = m.contact_rid WHERE m.segment_id = ? GROUP BY 1, 2)
               GROUP BY f)
             ORDER BY n DESC, value LIMIT ?`
          : `SELECT ${value} AS value, count(*) AS n FROM segment_members m JOIN ent_contact c ON c.rid = m.contact_rid
              WHERE m.segment_id = ? GROUP BY 1 ORDER BY n DESC, value LIMIT ?`;
      const rows = db.prepare(sql).all(input.id, top) as { value: StoredValue; n: number }[];
      const total = storedMemberCount(db, input.id);
      const shown = rows.reduce((s, r) => s + r.n, 0);
      let bars: NonNullable<SegmentInsights['composition']>['top'] = rows.map((r) => ({ value: r.value, count: r.n }));
      const target = col.field.type === 'lookup' ? col.field.lookupEntity : null;
      if (target) {
        // Bars are named by the related record (one query for the top values), never by its row id.
        const wants: LookupWants = new Map();
        for (const r of rows) wantLookup(wants, target, r.value);
        const names = resolveLookups(db, new CatalogRepo(db), wants);
        bars = bars.map((t) => ({ ...t, lookup: t.value === null ? null : names(target, Number(t.value)) }));
      }
      composition = { field: col.name, top: bars, others: total - shown };
    }
  }

  let overlap: SegmentInsights['overlap'] = null;
  if (input.overlapWith) {
    const ids = [input.id, ...input.overlapWith.filter((s) => s !== input.id)];
    for (const s of ids) segmentFacts(db, s);
    const sizes = ids.map((s) => storedMemberCount(db, s));
    const shared = ids.map((a, i) => ids.map((b, j) => (i === j ? (sizes[i] ?? 0) : sharedMemberCount(db, a, b))));
    overlap = { segmentIds: ids, sizes, shared };
  }

  let interactions: SegmentInsights['interactions'] = null;
  if (input.interactionDays) {
    const start = now - input.interactionDays * 86_400_000;
    const rows = db
      .prepare(
        `SELECT t.name AS type, count(*) AS n, count(DISTINCT i.contact_rid) AS contacts
           FROM segment_members m
           JOIN interactions i ON i.contact_rid = m.contact_rid AND i.ts >= ? AND i.ts <= ?
           JOIN interaction_types t ON t.id = i.type_id
          WHERE m.segment_id = ? GROUP BY t.name ORDER BY n DESC, t.name`,
      )
      .all(start, now, input.id) as { type: string; n: number; contacts: number }[];
    interactions = {
      from: new Date(start).toISOString(),
      to: new Date(now).toISOString(),
      counts: rows.map((r) => ({ type: r.type, interactions: r.n, contacts: r.contacts })),
    };
  }
  return { sizeOverTime, changes, composition, overlap, interactions };
}
