/**
 * Reading membership: current members keyset-paged by contact rid (fast at 1M: a primary-key range
 * scan of the stored members), members as of a moment (from history), joins/leaves, the evaluation log,
 * and a streaming export (CSV or Excel, io/export/) with progress and cancel.
 */
import type { EvaluationRecord, MemberRow, MembershipStay } from '../../../shared/api/contract/live.js';
import type { LookupRef } from '../../../shared/values/format.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { StoredValue } from '../../../shared/segments/dataset.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { Db } from '../db/connection.js';
import { memberChunkSql, storedMemberCount } from '../db/memberStore.js';
import type { EventBus } from '../events.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { resolveLookups, wantLookup, type LookupWants } from '../io/export/lookupNames.js';
import type { ExportJobs } from '../io/export/jobs.js';
import { recordColumns } from '../io/export/recordColumns.js';
import { runExport } from '../io/export/runExport.js';
import { segmentAbout } from '../io/export/segmentAbout.js';
import type { TableFormat } from '../io/export/tableFile.js';
import { quoteIdent } from '../segments/compileCatalog.js';
import type { SegmentRow, SegmentService } from '../segments/segmentService.js';
import { contactByKey, contactColumns, contactDisplayColumn, contactSearchColumns, contactSearchFields } from './contactRefs.js';
import type { DynamicDefinition } from '../../../shared/segments/ast.js';
import { toEvaluation } from './membershipWriter.js';
import type { WriterHost } from '../db/writer.js';
import { memberSearchDefinition, type MemberSearchSpec } from '../evaluator/columnar/memberSearch.js';
import {
  historyIsLarge,
  historyStays,
  membersAsOf,
  type HistoryInput,
  type MembersAsOfInput,
  type MembersAsOfPage,
} from './historyReads.js';

export interface MembersDeps {
  db: Db;
  events: EventBus;
  segments: SegmentService;
  /**
   * Members of a definition from the evaluator worker's columnar cache, ascending (absent: in-memory
   * database). A search of stored members runs there, off the main thread; `search` says what the
   * definition means, so the worker answers it without evaluating it (evaluator/columnar/memberSearch.ts).
   */
  membersOnWorker?: ((definition: DynamicDefinition, search?: MemberSearchSpec) => Promise<ArrayLike<number>>) | undefined;
  /** The writer thread (a database file): reads of a large history run there. */
  writer?: WriterHost | undefined;
}

const DEFAULT_PAGE = 100;
const EXPORT_PAGE = 10_000;

/** Where members are read from: a static segment that is not live shows its static members. */
function memberTable(row: SegmentRow): { table: string } {
  return { table: row.type === 'static' && row.status !== 'live' ? 'static_members' : 'segment_members' };
}

export class MemberReader {
  constructor(private readonly deps: MembersDeps) {}

  /**
   * A page of members (see `members`). A search of stored members is evaluated on the worker: the
   * segment's members intersected with "key or display name contains the text", on the columnar
   * cache, instead of a LIKE scan joined to every member on the main thread (~330 ms at 885k).
   * The main thread then reads only the page's rows.
   */
  async membersPage(input: MembersInput): Promise<MembersPage> {
    const { db, segments, membersOnWorker } = this.deps;
    const search = searchText(input.search);
    if (!search || !membersOnWorker) return this.members(input);
    const row = segments.row(input.id);
    const fields = contactSearchFields(db);
    if (memberTable(row).table !== 'segment_members' || row.has_been_live !== 1 || !fields) return this.members(input);
    const spec = { segmentId: input.id, fields, text: search };
    const rids = await membersOnWorker(memberSearchDefinition(spec), spec);
    const limit = input.limit ?? DEFAULT_PAGE;
    // Rids ascend: the page starts after `after` (binary search) and takes limit + 1.
    let lo = 0;
    let hi = rids.length;
    while (input.after !== undefined && lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rids[mid] ?? 0) <= input.after) lo = mid + 1;
      else hi = mid;
    }
    const pageRids: number[] = [];
    for (let i = lo; i < rids.length && pageRids.length <= limit; i++) pageRids.push(rids[i] ?? 0);
    const cols = contactColumns(db, input.columns ?? []);
    const name = contactDisplayColumn(db);
    const select = cols.map((c, i) => `, c.${quoteIdent(c.field.column)} AS v${i}`).join('');
    const rows = db
      .prepare(
        `SELECT c.rid AS rid, c.key AS key, ${name ? `c.${name}` : 'NULL'} AS name${select}
           FROM ent_contact c WHERE c.rid IN (SELECT value FROM json_each(?)) ORDER BY c.rid`,
      )
      .all(JSON.stringify(pageRids)) as Record<string, StoredValue>[];
    return toPage(db, cols, rows, limit, rids.length);
  }

  members(input: {
    id: string;
    after?: number | undefined;
    limit?: number | undefined;
    search?: string | undefined;
    columns?: string[] | undefined;
  }): {
    rows: MemberRow[];
    total: number;
    nextAfter: number | null;
  } {
    const { db, segments } = this.deps;
    const row = segments.row(input.id);
    if (row.type !== 'static' && row.has_been_live !== 1) {
      throw new ApiFailure(
        'invalid_state',
        `"${row.name}" has never been live, so it has no members yet. Its size is an estimate until it goes live.`,
      );
    }
    const { table } = memberTable(row);
    const cols = contactColumns(db, input.columns ?? []);
    const name = contactDisplayColumn(db);
    const limit = input.limit ?? DEFAULT_PAGE;
    const where = ['m.segment_id = ?'];
    const params: unknown[] = [input.id];
    const search = searchText(input.search);
    if (search) {
      // Folded like the stored shadows: case- and accent-insensitive, as every other text comparison.
      const like = `%${foldText(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const searched = contactSearchColumns(db);
      where.push(`(${searched.map((c) => `c.${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      for (let i = 0; i < searched.length; i++) params.push(like);
    }
    // Stored members are read chunk by chunk (db/memberStore.ts): naming the chunks to start from
    // skips the ones before the page instead of expanding them. Without a search the total is the
    // stored count (contacts are never deleted, so every stored member is a contact): counting the
    // join of a 255k-member segment costs ~200 ms per page at 1M contacts.
    const chunked = table === 'segment_members';
    const total =
      chunked && !search
        ? storedMemberCount(db, input.id)
        : (db
            .prepare(`SELECT count(*) FROM ${table} m JOIN ent_contact c ON c.rid = m.contact_rid WHERE ${where.join(' AND ')}`)
            .pluck()
            .get(...params) as number);
    if (input.after !== undefined) {
      if (chunked) {
        where.push(`m.chunk >= ${memberChunkSql('?')}`);
        params.push(input.after);
      }
      where.push('m.contact_rid > ?');
      params.push(input.after);
    }
    const select = cols.map((c, i) => `, c.${quoteIdent(c.field.column)} AS v${i}`).join('');
    const rows = db
      .prepare(
        `SELECT c.rid AS rid, c.key AS key, ${name ? `c.${name}` : 'NULL'} AS name${select}
           FROM ${table} m JOIN ent_contact c ON c.rid = m.contact_rid
          WHERE ${where.join(' AND ')} ORDER BY ${chunked ? 'm.chunk, ' : ''}m.contact_rid LIMIT ?`,
      )
      .all(...params, limit + 1) as Record<string, StoredValue>[];
    return toPage(db, cols, rows, limit, total);
  }

  /**
   * Members as of a moment, from the history. Counting a large segment's history (885k stays) takes
   * hundreds of milliseconds: read on the writer thread when the history is large (historyReads.ts).
   */
  async membersAsOf(input: MembersAsOfInput): Promise<MembersAsOfPage> {
    const { db, segments, writer } = this.deps;
    segments.row(input.id);
    return writer && historyIsLarge(db, input.id) ? writer.run({ kind: 'membersAsOf', input }) : membersAsOf(db, input);
  }

  /** Joins and leaves, newest first (one contact's, or the segment's: a sort of its whole history, on the writer when large). */
  async history(input: HistoryInput): Promise<MembershipStay[]> {
    const { db, segments, writer } = this.deps;
    segments.row(input.id);
    const read: HistoryInput = input.contactKey === undefined ? input : { ...input, contactRid: contactByKey(db, input.contactKey).rid };
    // One contact's stays are an index range: always here.
    if (read.contactRid !== undefined || !writer || !historyIsLarge(db, input.id)) return historyStays(db, read);
    return writer.run({ kind: 'history', input: read });
  }

  evaluations(input: { id: string; from?: string | undefined; to?: string | undefined; limit?: number | undefined }): EvaluationRecord[] {
    const { db, segments } = this.deps;
    segments.row(input.id);
    const from = input.from ? Date.parse(input.from) : -Number.MAX_SAFE_INTEGER;
    const to = input.to ? Date.parse(input.to) : Number.MAX_SAFE_INTEGER;
    const rows = db
      .prepare('SELECT * FROM segment_evaluations WHERE segment_id = ? AND last_at >= ? AND at <= ? ORDER BY id DESC LIMIT ?')
      .all(input.id, from, to, input.limit ?? 1000) as Parameters<typeof toEvaluation>[0][];
    return rows.map(toEvaluation);
  }

  /**
   * Writes the current members to a CSV or Excel file (key, name, chosen columns by their labels,
   * values formatted in the segment's time zone), page by page with progress events; cancellable
   * through `jobs` by `exportId`.
   */
  async exportMembers(
    input: { id: string; path: string; columns?: string[] | undefined; format?: TableFormat | undefined; exportId?: string | undefined },
    jobs: ExportJobs,
    /** One more text column computed from the contact key (a split's Group column, splits/). */
    extra?: { header: string; value: (key: string) => string },
  ): Promise<{ path: string; rows: number }> {
    const { db, segments, events } = this.deps;
    const segment = segments.row(input.id);
    const first = this.members({ id: input.id, limit: 1, columns: input.columns });
    const def = new CatalogRepo(db).entity('contact');
    if (!def) throw new Error('The contact entity is missing from the catalog');
    const fields = contactColumns(db, input.columns ?? []).map((c) => {
      const f = def.fields.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
      if (!f) throw new Error(`Field ${c.name} is missing from the catalog`);
      return f;
    });
    const plan = recordColumns(def, fields);
    const job = jobs.start(input.exportId);
    let after: number | undefined;
    let finished = false;
    try {
      return await runExport({
        path: input.path,
        format: input.format ?? 'csv',
        columns: extra ? [...plan.columns, { header: extra.header, type: 'text' }] : plan.columns,
        timeZone: segment.time_zone,
        sheetName: 'Members',
        about: segmentAbout(db, segment, new Date(), first.total),
        signal: job.signal,
        onProgress: (rowsDone) =>
          events.emit('membersExport.progressed', { segmentId: input.id, path: input.path, rowsDone, total: first.total }),
        nextBatch: () => {
          if (finished) return null;
          const page = this.members({
            id: input.id,
            limit: EXPORT_PAGE,
            columns: input.columns,
            ...(after === undefined ? {} : { after }),
          });
          finished = page.nextAfter === null;
          after = page.nextAfter ?? undefined;
          return page.rows.map((r) => {
            const row = plan.row({ key: r.key, name: r.name, stored: (f) => r.values[f.name] }, (f) => r.lookups?.[f.name] ?? null);
            return extra ? [...row, { kind: 'text' as const, text: extra.value(r.key) }] : row;
          });
        },
      });
    } finally {
      job.done();
    }
  }
}

/**
 * The text a members search looks for: trimmed, as rule values are (the worker's `contains` trims
 * them, shared/segments/fold.ts normText), so both paths find the same members; blank = no search.
 */
function searchText(search: string | undefined): string {
  return search?.trim() ?? '';
}

/** What `segments.members` takes. */
export interface MembersInput {
  id: string;
  after?: number | undefined;
  limit?: number | undefined;
  search?: string | undefined;
  columns?: string[] | undefined;
}

/** A page of members: rows, the total matching, the rid to continue after (null: last page). */
export interface MembersPage {
  rows: MemberRow[];
  total: number;
  nextAfter: number | null;
}

/** A page of member rows (limit + 1 read, to know whether more follow) as the API returns it. */
function toPage(
  db: Db,
  cols: ReturnType<typeof contactColumns>,
  rows: Record<string, StoredValue>[],
  limit: number,
  total: number,
): { rows: MemberRow[]; total: number; nextAfter: number | null } {
  // Lookup columns hold row ids: the page's related records are named in one query per entity.
  const wants: LookupWants = new Map();
  for (const r of rows) cols.forEach((c, i) => c.field.type === 'lookup' && wantLookup(wants, c.field.lookupEntity, r[`v${i}`]));
  const names = wants.size > 0 ? resolveLookups(db, new CatalogRepo(db), wants) : null;
  const page = rows.slice(0, limit).map((r) => {
    const values: Record<string, StoredValue> = {};
    const lookups: Record<string, LookupRef> = {};
    cols.forEach((c, i) => {
      const v = r[`v${i}`] ?? null;
      values[c.name] = v;
      const ref = names && c.field.lookupEntity && v !== null ? names(c.field.lookupEntity, Number(v)) : null;
      if (ref) lookups[c.name] = ref;
    });
    const name = r.name === null || r.name === undefined ? null : String(r.name);
    return { rid: Number(r.rid), key: String(r.key), name, values, ...(names ? { lookups } : {}) };
  });
  const last = page[page.length - 1];
  return { rows: page, total, nextAfter: rows.length > limit && last ? last.rid : null };
}
