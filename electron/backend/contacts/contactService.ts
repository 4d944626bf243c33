/**
 * The contacts API: a paged, searchable list; one contact with its linked records (its account), segment
 * memberships and interaction counts; its timeline; and validated field edits that keep shadows in sync.
 */
import type {
  ContactDetail,
  ContactPage,
  FieldValue,
  LinkedRecord,
  LookupName,
  RecordField,
  TimelinePage,
} from '../../../shared/models/contact.js';
import { ApiFailure, type ApiIssue } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import { chunkTextHasSql, memberChunkSql } from '../db/memberStore.js';
import { stmt } from '../db/statements.js';
import { CatalogRepo, type EntityDef, type FieldDef } from '../catalog/catalogRepo.js';
import type { DataChange } from '../dataChange.js';
import { lookupKeyResolver, recordFields, toColumnWrites, toFieldValue } from './recordValues.js';
import { updateRow, type ColumnWrite } from '../values/storedValue.js';
import type { ExportJobs } from '../io/export/jobs.js';
import { resolveLookups, wantLookup, type LookupNames, type LookupWants } from '../io/export/lookupNames.js';
import { lookupVia, recordColumns, type StoredRecord } from '../io/export/recordColumns.js';
import { runExport } from '../io/export/runExport.js';
import type { TableFormat } from '../io/export/tableFile.js';
import { gridSql, type GridQueryInput } from './gridQuery.js';
import { catalogEntities } from './catalogCache.js';

export interface ContactServiceDeps {
  db: Db;
  onDataChanged: (change: DataChange) => void;
}

type Row = Record<string, string | number | null>;

/** Entity lookup over one catalog read (same case-insensitive match as CatalogRepo.entity). */
const snapshot = (entities: EntityDef[]): { entity: (name: string) => EntityDef | undefined } => ({
  entity: (name) => entities.find((e) => e.name.toLowerCase() === name.toLowerCase()),
});

/**
 * The segments a contact is a member of (bind the contact's rid twice). Stored members are keyed
 * (segment_id, chunk), so the query walks the (few) segments and reads the contact's chunk per
 * segment; the join the other way round expands every member of every segment (~150 ms per contact
 * at 1M contacts, paid on every contacts.update). The chunk's text is searched for the rid rather
 * than expanded through the segment_members view (json_each parses every rid of every chunk: the
 * largest part of contacts.update's answer at 1M contacts).
 */
export const CONTACT_MEMBERSHIPS_SQL =
  'SELECT s.id AS segmentId, s.name AS name, s.type AS type, s.status AS status FROM segments s ' +
  `WHERE EXISTS (SELECT 1 FROM segment_member_chunks c WHERE c.segment_id = s.id AND c.chunk = ${memberChunkSql('?')} ` +
  `AND ${chunkTextHasSql('c.rids', '?')}) ORDER BY s.name`;

const EXPORT_BATCH = 10_000;

/** A stored contact row as io/export reads it. */
const storedRecord = (r: Row): StoredRecord => ({
  key: String(r['key']),
  name: null,
  stored: (f) => r[f.column],
});

export class ContactService {
  private readonly repo: CatalogRepo;

  constructor(private readonly deps: ContactServiceDeps) {
    this.repo = new CatalogRepo(deps.db);
  }

  private contactDef(): EntityDef {
    const def = this.repo.entity('contact');
    if (!def) throw new Error('The contact entity is missing from the catalog');
    return def;
  }

  private displayOf(def: EntityDef, row: Row): string {
    const f = def.fields.find((x) => x.name.toLowerCase() === def.displayField.toLowerCase());
    const v = f ? row[f.column] : null;
    return v === null || v === undefined || v === '' ? String(row['key']) : String(v);
  }

  list(input: GridQueryInput & { afterRid?: number | undefined; offset?: number | undefined; limit?: number | undefined }): ContactPage {
    const db = this.deps.db;
    const def = this.contactDef();
    const limit = input.limit ?? 50;
    const q = gridSql(def, (n) => this.repo.entity(n), input);
    if (q.sorted && input.afterRid !== undefined)
      throw new ApiFailure('invalid_input', 'afterRid pages only in rid order; page a sorted list with offset.', [
        { path: 'afterRid', message: 'Not with sort' },
      ]);
    const total = db
      .prepare(`SELECT count(*) FROM "${def.table}" t ${q.where}`)
      .pluck()
      .get(...q.params) as number;
    const keyset = input.afterRid !== undefined ? `${q.where ? `${q.where} AND` : 'WHERE'} t.rid > ?` : q.where;
    const pageParams = input.afterRid !== undefined ? [...q.params, input.afterRid] : q.params;
    const rows = db
      .prepare(`SELECT t.* FROM "${def.table}" t ${keyset} ${q.orderBy} LIMIT ? OFFSET ?`)
      .all(...pageParams, limit + 1, input.offset ?? 0) as Row[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const names = this.lookupNames(def, page);
    return {
      total,
      rows: page.map((r) => {
        const values: Record<string, FieldValue> = {};
        const lookups: Record<string, LookupName> = {};
        for (const f of def.fields) {
          const ref = f.type === 'lookup' ? lookupVia(storedRecord(r), names)(f) : null;
          values[f.name] = ref ? ref.key : toFieldValue(f, r[f.column], () => null);
          if (ref) lookups[f.name] = ref;
        }
        return { rid: Number(r['rid']), key: String(r['key']), displayName: this.displayOf(def, r), values, lookups };
      }),
      nextAfterRid: more && !q.sorted ? Number(page[page.length - 1]?.['rid']) : null,
    };
  }

  /**
   * `fields` of one record with their lookups named (the related record's display name and key).
   * `catalog`: the caller's catalog read (re-reading it here cost more than the whole record).
   */
  private named(def: EntityDef, row: Row, fields: RecordField[], catalog: Pick<CatalogRepo, 'entity'>): RecordField[] {
    const names = this.lookupNames(def, [row], catalog);
    const lookup = lookupVia(storedRecord(row), names);
    return fields.map((rf) => {
      const f = def.fields.find((x) => x.name === rf.name);
      const ref = f && f.type === 'lookup' ? lookup(f) : null;
      return ref ? { ...rf, lookup: ref } : rf;
    });
  }

  /** The related records named by the lookup fields of `rows`: one query per related entity. */
  private lookupNames(def: EntityDef, rows: readonly Row[], catalog: Pick<CatalogRepo, 'entity'> = this.repo): LookupNames {
    const wants: LookupWants = new Map();
    for (const r of rows) for (const f of def.fields) if (f.type === 'lookup') wantLookup(wants, f.lookupEntity, r[f.column]);
    return wants.size === 0 ? () => null : resolveLookups(this.deps.db, catalog, wants);
  }

  /**
   * Writes the contacts the grid shows (search, filters, sort) with the chosen columns to CSV or Excel.
   * The ordered row ids are read first (8 bytes a contact), then the rows in batches by id, so a sorted
   * export of 1M contacts neither holds rows in memory nor pages with growing offsets.
   */
  async export(
    input: GridQueryInput & {
      path: string;
      format?: TableFormat | undefined;
      columns?: string[] | undefined;
      exportId?: string | undefined;
    },
    jobs: ExportJobs,
    emit: (rowsDone: number, total: number) => void,
  ): Promise<{ path: string; rows: number }> {
    const db = this.deps.db;
    const def = this.contactDef();
    const q = gridSql(def, (n) => this.repo.entity(n), input);
    const chosen = (input.columns ?? def.fields.filter((f) => f.column !== 'key').map((f) => f.name)).map((n, i) => {
      const f = def.fields.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (!f)
        throw new ApiFailure('invalid_input', `Contacts have no field "${n}".`, [
          { path: `columns.${i}`, message: `Unknown field "${n}"` },
        ]);
      return f;
    });
    const plan = recordColumns(def, chosen);
    const rids = Float64Array.from(
      db
        .prepare(`SELECT t.rid FROM "${def.table}" t ${q.where} ${q.orderBy}`)
        .pluck()
        .all(...q.params) as number[],
    );
    const job = jobs.start(input.exportId);
    let at = 0;
    try {
      return await runExport({
        path: input.path,
        format: input.format ?? 'csv',
        columns: plan.columns,
        timeZone: input.timeZone ?? 'UTC',
        sheetName: 'Contacts',
        signal: job.signal,
        onProgress: (done) => emit(done, rids.length),
        nextBatch: () => {
          if (at >= rids.length) return null;
          const ids = Array.from(rids.subarray(at, at + EXPORT_BATCH));
          at += EXPORT_BATCH;
          const rows = stmt(db, `SELECT * FROM "${def.table}" WHERE rid IN (SELECT value FROM json_each(?))`).all(
            JSON.stringify(ids),
          ) as Row[];
          const byRid = new Map(rows.map((r) => [Number(r['rid']), r]));
          const ordered = ids.flatMap((id): Row[] => {
            const r = byRid.get(id);
            return r ? [r] : [];
          });
          const names = this.lookupNames(def, ordered);
          return ordered.map((r) => {
            const rec = storedRecord(r);
            return plan.row({ ...rec, name: this.displayOf(def, r) }, lookupVia(rec, names));
          });
        },
      });
    } finally {
      job.done();
    }
  }

  private row(def: EntityDef, rid: number): Row | undefined {
    return stmt(this.deps.db, `SELECT * FROM "${def.table}" WHERE rid = ?`).get(rid) as Row | undefined;
  }

  get(rid: number): ContactDetail {
    return this.detail(catalogEntities(this.deps.db), rid);
  }

  /**
   * The contact detail over one catalog snapshot (`entities`): reading the catalog costs more than the
   * contact itself, so the contact and every linked entity come from the same read.
   */
  private detail(entities: EntityDef[], rid: number): ContactDetail {
    const db = this.deps.db;
    const catalog = snapshot(entities);
    const { entity } = catalog;
    const def = entity('contact');
    if (!def) throw new Error('The contact entity is missing from the catalog');
    const row = this.row(def, rid);
    if (!row) throw new ApiFailure('not_found', `No contact with id ${rid}.`);
    const lookupKey = lookupKeyResolver(db, { entity });
    const linked: LinkedRecord[] = [];
    for (const f of def.fields) {
      const v = row[f.column];
      if (f.type !== 'lookup' || !f.lookupEntity || v === null || v === undefined) continue;
      const target = entity(f.lookupEntity);
      const trow = target ? this.row(target, Number(v)) : undefined;
      if (!target || !trow) continue;
      linked.push({
        viaField: f.name,
        entity: target.name,
        rid: Number(trow['rid']),
        key: String(trow['key']),
        displayName: this.displayOf(target, trow),
        fields: this.named(target, trow, recordFields(target.fields, trow, lookupKey), catalog),
      });
    }
    const memberships = stmt(db, CONTACT_MEMBERSHIPS_SQL).all(rid, rid) as ContactDetail['memberships'];
    const counts = stmt(
      db,
      'SELECT t.name AS name, s.n AS n FROM contact_type_stats s JOIN interaction_types t ON t.id = s.type_id WHERE s.contact_rid = ? ORDER BY t.name',
    ).all(rid) as { name: string; n: number }[];
    return {
      rid,
      key: String(row['key']),
      displayName: this.displayOf(def, row),
      fields: this.named(def, row, recordFields(def.fields, row, lookupKey), catalog),
      account: linked.find((l) => l.entity.toLowerCase() === 'account') ?? null,
      linked,
      memberships,
      interactionCounts: Object.fromEntries(counts.map((c) => [c.name, c.n])),
    };
  }

  timeline(input: { rid: number; types?: string[] | undefined; offset?: number | undefined; limit?: number | undefined }): TimelinePage {
    const db = this.deps.db;
    if (!this.row(this.contactDef(), input.rid)) throw new ApiFailure('not_found', `No contact with id ${input.rid}.`);
    const types = this.repo.interactionTypes();
    const byId = new Map(types.map((t) => [t.id, t]));
    let typeFilter = '';
    const params: number[] = [input.rid];
    if (input.types && input.types.length > 0) {
      const ids = input.types.map((n) => {
        const t = types.find((x) => x.name.toLowerCase() === n.toLowerCase());
        if (!t)
          throw new ApiFailure('invalid_input', `Unknown interaction type "${n}".`, [
            { path: 'types', message: `Unknown interaction type "${n}"` },
          ]);
        return t.id;
      });
      typeFilter = ` AND type_id IN (${ids.map(() => '?').join(',')})`;
      params.push(...ids);
    }
    const total = db
      .prepare(`SELECT count(*) FROM interactions WHERE contact_rid = ?${typeFilter}`)
      .pluck()
      .get(...params) as number;
    const rows = db
      .prepare(`SELECT * FROM interactions WHERE contact_rid = ?${typeFilter} ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...params, input.limit ?? 50, input.offset ?? 0) as Row[];
    const lookupKey = lookupKeyResolver(db, this.repo);
    return {
      total,
      rows: rows.map((r) => {
        const t = byId.get(Number(r['type_id']));
        const values: Record<string, FieldValue> = {};
        for (const f of t?.fields ?? []) values[f.name] = toFieldValue(f, r[f.column], lookupKey);
        return { id: Number(r['id']), type: t?.name ?? '?', at: new Date(Number(r['ts'])).toISOString(), values };
      }),
    };
  }

  /** Validates every edit first (nothing is written if one is wrong), then writes them in one transaction. */
  update(input: { rid: number; values: Record<string, FieldValue> }): ContactDetail {
    const db = this.deps.db;
    // One catalog read serves the validation and the returned detail (edits do not change the catalog);
    // it is reused until the catalog changes (catalogCache.ts).
    const entities = catalogEntities(db);
    const catalog = snapshot(entities);
    const def = catalog.entity('contact');
    if (!def) throw new Error('The contact entity is missing from the catalog');
    // Existence only: the row itself is read once, after the write, for the answer.
    if (stmt(db, `SELECT 1 FROM "${def.table}" WHERE rid = ?`).get(input.rid) === undefined)
      throw new ApiFailure('not_found', `No contact with id ${input.rid}.`);
    const issues: ApiIssue[] = [];
    const writes: ColumnWrite[] = [];
    const fields: FieldDef[] = [];
    for (const [name, value] of Object.entries(input.values)) {
      const path = `values.${name}`;
      const f = def.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!f) {
        issues.push({ path, message: `Contacts have no field "${name}".` });
        continue;
      }
      if (f.column === 'key') {
        issues.push({ path, message: `${f.name} is the contact's key and cannot be changed.` });
        continue;
      }
      const r = toColumnWrites(db, catalog, f, value, path);
      if (r.ok) {
        writes.push(...r.writes);
        fields.push(f);
      } else issues.push(r.issue);
    }
    if (issues.length > 0) throw new ApiFailure('invalid_input', `Cannot update contact ${input.rid}: ${issues[0]?.message ?? ''}`, issues);
    if (writes.length > 0) {
      updateRow(db, def.table, input.rid, writes);
      this.deps.onDataChanged({ kind: 'profile', entity: def.name, fields: fields.map((f) => f.name), rids: [input.rid] });
    }
    return this.detail(entities, input.rid);
  }
}
