/**
 * Interactions import: every row is linked to a contact (by key) and timestamped; its type comes from a
 * fixed type or a type column. Other columns become fields of the row's type the first time that type has
 * a value in them. `contact_type_stats` is maintained in the same transaction as the inserts.
 */
import type { FieldType } from '../../../shared/models/catalog.js';
import type { ImportErrorRow } from '../../../shared/models/import.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { InteractionImportOptions } from '../../../shared/api/contract/imports.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { FOLDED_TYPES, type CatalogRepo, type InteractionTypeDef } from '../catalog/catalogRepo.js';
import { checkCatalogName } from '../catalog/naming.js';
import { ridsOrMany, type DataChange } from '../dataChange.js';
import { convertCell, loadKeyMap, OptionSet, pointKeyLookup, settleOptions, type Cell, type ColumnPlan, type ConvertContext, type KeyLookup } from './cells.js';
import type { CsvHead, CsvRecord } from './csvFile.js';
import { compileDateFormat, inferType, parseDatetime, type DateFormat } from './values.js';
import type { BatchResult, ImportSink } from './sink.js';

export interface InteractionPlan {
  /** Fixed type name, or null when `typeIndex` names the type per row. */
  fixedType: string | null;
  typeIndex: number;
  contactIndex: number;
  tsIndex: number;
  idIndex: number;
  headers: { type: string; contact: string; ts: string; id: string };
  columns: ColumnPlan[];
  headerLength: number;
}

const invalid = (message: string, path = 'options'): never => {
  throw new ApiFailure('invalid_input', message, [{ path, message }]);
};

/** Checks the options against the header, sample and catalog; writes nothing. */
export function planInteractionImport(repo: CatalogRepo, head: CsvHead, sample: CsvRecord[], opts: InteractionImportOptions): InteractionPlan {
  const find = (col: string): number => head.header.findIndex((h) => h.toLowerCase() === col.trim().toLowerCase());
  const need = (col: string, what: string, path: string): number => {
    const i = find(col);
    if (i < 0) invalid(`${head.path}: the ${what} column "${col}" is not in the header (columns: ${head.header.join(', ')}).`, path);
    return i;
  };
  if (opts.type !== undefined && opts.typeColumn !== undefined) invalid('Give either a fixed interaction type or a type column, not both.', 'type');
  if (opts.type !== undefined) {
    const p = checkCatalogName('Interaction type', opts.type);
    if (p) invalid(p, 'type');
  }
  let typeIndex = -1;
  if (opts.type === undefined) {
    const col = opts.typeColumn ?? 'interactiontype';
    typeIndex = find(col);
    if (typeIndex < 0) {
      invalid(
        opts.typeColumn
          ? `${head.path}: the type column "${col}" is not in the header.`
          : `${head.path}: no "interactiontype" column; name the type column, or give one type for the whole file.`,
        opts.typeColumn ? 'typeColumn' : 'type',
      );
    }
  }
  const contactIndex = need(opts.contactColumn ?? 'contactid', 'contact', 'contactColumn');
  const tsIndex = need(opts.timestampColumn ?? 'timestamp', 'timestamp', 'timestampColumn');
  const idIndex = opts.idColumn !== undefined ? need(opts.idColumn, 'interaction id', 'idColumn') : find('interactionid');
  const reserved = new Set([typeIndex, contactIndex, tsIndex, idIndex]);
  const distinct = [typeIndex, contactIndex, tsIndex, idIndex].filter((i) => i >= 0);
  if (new Set(distinct).size !== distinct.length) invalid('The type, contact, timestamp and id columns must be different columns.');
  const mapping = opts.columns ?? {};
  for (const col of Object.keys(mapping)) if (find(col) < 0) invalid(`Column "${col}" in the mapping is not in the file's header.`, `columns.${col}`);
  const dateFormat = opts.dateFormat ? compileDateFormat(opts.dateFormat) : null;
  const existingTypes = repo.interactionTypes();
  const columns: ColumnPlan[] = [];
  const used = new Map<string, string>();
  head.header.forEach((header, index) => {
    if (reserved.has(index)) return;
    const m = Object.entries(mapping).find(([k]) => k.toLowerCase() === header.toLowerCase())?.[1];
    if (m?.skip) return;
    const field = m?.field ?? header;
    const problem = checkCatalogName('Field', field);
    if (problem) invalid(`Column "${header}": ${problem}. Rename it in the mapping or skip it.`, `columns.${header}`);
    const clash = used.get(field.toLowerCase());
    if (clash !== undefined) invalid(`Columns "${clash}" and "${header}" both map to field "${field}".`, `columns.${header}`);
    used.set(field.toLowerCase(), header);
    // A field name already known (in any type) keeps its declared type; otherwise override or inference.
    const known = existingTypes.flatMap((t) => t.fields).find((f) => f.name.toLowerCase() === field.toLowerCase());
    const type: FieldType = known?.type ?? m?.type ?? inferType(sample.map((r) => r.cells[index] ?? ''), dateFormat);
    if (known && m?.type && m.type !== known.type) invalid(`Interaction field "${known.name}" is ${known.type}; column "${header}" cannot be imported as ${m.type}.`, `columns.${header}`);
    columns.push({ index, header, field: known?.name ?? field, type });
  });
  return {
    fixedType: opts.type?.trim() ?? null,
    typeIndex,
    contactIndex,
    tsIndex,
    idIndex,
    headers: {
      type: typeIndex >= 0 ? (head.header[typeIndex] ?? '') : '',
      contact: head.header[contactIndex] ?? '',
      ts: head.header[tsIndex] ?? '',
      id: idIndex >= 0 ? (head.header[idIndex] ?? '') : '',
    },
    columns,
    headerLength: head.header.length,
  };
}

/** Creates the interaction columns for every mapped field (call inside a transaction, after the plan passed). */
export function applyInteractionSchema(repo: CatalogRepo, plan: InteractionPlan): Map<number, string> {
  const cols = new Map<number, string>();
  for (const c of plan.columns) cols.set(c.index, repo.ensureInteractionColumn(c.field, FOLDED_TYPES.has(c.type)));
  if (plan.fixedType) repo.ensureInteractionType(plan.fixedType);
  return cols;
}

/** The two secondary indexes of `interactions` (docs/storage.md); a bulk load drops and rebuilds them. */
const INTERACTION_INDEXES = [
  'CREATE INDEX IF NOT EXISTS interactions_type_ts_contact ON interactions(type_id, ts, contact_rid)',
  'CREATE INDEX IF NOT EXISTS interactions_contact_type_ts ON interactions(contact_rid, type_id, ts)',
];

/** Creates the interaction indexes if missing (after a bulk load, or at start after one was cut short). */
export function ensureInteractionIndexes(db: Db): void {
  for (const sql of INTERACTION_INDEXES) db.exec(sql);
}

/** Drops the interaction indexes for a bulk load into an empty table: building them once at the end is several times faster. */
export function dropInteractionIndexes(db: Db): void {
  db.exec('DROP INDEX IF EXISTS interactions_type_ts_contact; DROP INDEX IF EXISTS interactions_contact_type_ts;');
}

const rowsPerStatement = (params: number): number => Math.max(1, Math.min(100, Math.floor(30000 / params)));

interface TypeState {
  def: InteractionTypeDef;
  /** Lower-cased field names this type has. */
  fields: Set<string>;
}

/** Writes batches of interactions. */
export class InteractionSink implements ImportSink {
  private readonly ctx: ConvertContext;
  private readonly sqlColumns: string[];
  private readonly folded: boolean[];
  private readonly stmts = new Map<string, Statement<unknown[]>>();
  private readonly contacts: KeyLookup;
  private readonly types = new Map<string, TypeState>();
  private readonly dateFormat: DateFormat | null;

  constructor(
    private readonly db: Db,
    private readonly repo: CatalogRepo,
    private readonly plan: InteractionPlan,
    columnNames: Map<number, string>,
    dateFormat: string | undefined,
    /** How contact keys are resolved: all loaded up front (big files) or one lookup per distinct key (small files). */
    contactKeys: 'bulk' | 'point' = 'bulk',
  ) {
    this.folded = plan.columns.map((c) => FOLDED_TYPES.has(c.type));
    this.sqlColumns = [
      'type_id',
      'contact_rid',
      'ts',
      'ikey',
      ...plan.columns.flatMap((c, i) => {
        const col = columnNames.get(c.index) ?? '';
        return this.folded[i] ? [col, `${col}__f`] : [col];
      }),
    ];
    const options = new Map<string, OptionSet>();
    for (const c of plan.columns) if (c.type === 'choice' || c.type === 'multichoice') options.set(c.field.toLowerCase(), new OptionSet(this.optionsOf(c.field)));
    this.dateFormat = dateFormat ? compileDateFormat(dateFormat) : null;
    this.ctx = { dateFormat: this.dateFormat, options, keyMaps: new Map() };
    const contact = repo.entity('contact');
    this.contacts = !contact ? new Map<string, number>() : contactKeys === 'point' ? pointKeyLookup(db, contact.table) : loadKeyMap(db, contact.table);
    for (const t of repo.interactionTypes()) this.types.set(t.name.toLowerCase(), { def: t, fields: new Set(t.fields.map((f) => f.name.toLowerCase())) });
  }

  private optionsOf(field: string): { value: string; label: string }[] {
    const seen = new Map<string, { value: string; label: string }>();
    for (const t of this.repo.interactionTypes()) for (const f of t.fields) if (f.name.toLowerCase() === field.toLowerCase()) for (const o of f.options) seen.set(o.value, o);
    return [...seen.values()];
  }

  private typeState(name: string): TypeState {
    const hit = this.types.get(name.toLowerCase());
    if (hit) return hit;
    const def = this.repo.ensureInteractionType(name);
    const st: TypeState = { def, fields: new Set() };
    this.types.set(name.toLowerCase(), st);
    return st;
  }

  private stmt(rows: number, upsert: boolean): Statement<unknown[]> {
    const k = `${rows}:${upsert}`;
    let s = this.stmts.get(k);
    if (!s) {
      const one = `(${this.sqlColumns.map(() => '?').join(',')})`;
      const conflict = upsert
        ? ` ON CONFLICT(ikey) WHERE ikey IS NOT NULL DO UPDATE SET ${this.sqlColumns
            .filter((c) => c !== 'ikey')
            .map((c) => `"${c}" = excluded."${c}"`)
            .join(', ')}`
        : '';
      s = this.db.prepare(`INSERT INTO interactions (${this.sqlColumns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(rows).fill(one).join(',')}${conflict}`);
      this.stmts.set(k, s);
    }
    return s;
  }

  writeBatch(records: CsvRecord[]): BatchResult {
    const errors: ImportErrorRow[] = [];
    const params: (string | number | null)[] = [];
    const rowsMeta: { typeId: number; contact: number; ts: number; ikey: string | null }[] = [];
    let skipped = 0;
    const touchedTypes = new Set<string>();
    for (const rec of records) {
      const bad = (column: string | null, value: string | null, reason: string): void => {
        errors.push({ row: rec.row, column, value, reason });
      };
      if (rec.cells.length !== this.plan.headerLength) {
        bad(null, null, `wrong column count: expected ${this.plan.headerLength}, found ${rec.cells.length}`);
        skipped++;
        continue;
      }
      let ok = true;
      const typeName = this.plan.fixedType ?? (rec.cells[this.plan.typeIndex] ?? '').trim();
      const typeProblem = typeName === '' ? 'missing interaction type' : checkCatalogName('Interaction type', typeName);
      if (typeProblem) {
        ok = false;
        bad(this.plan.headers.type, typeName === '' ? null : typeName, typeProblem);
      }
      const contactKey = (rec.cells[this.plan.contactIndex] ?? '').trim();
      const contactRid = this.contacts.get(contactKey);
      if (contactRid === undefined) {
        ok = false;
        if (contactKey === '') bad(this.plan.headers.contact, null, 'missing contact key');
        else bad(this.plan.headers.contact, contactKey, `unknown contact "${contactKey}" (no contact has this key)`);
      }
      const tsText = (rec.cells[this.plan.tsIndex] ?? '').trim();
      const ts = tsText === '' ? null : parseDatetime(tsText, this.dateFormat);
      if (ts === null || !ts.ok) {
        ok = false;
        if (ts === null) bad(this.plan.headers.ts, null, 'missing timestamp');
        else bad(this.plan.headers.ts, tsText, ts.reason);
      }
      const ikey = this.plan.idIndex >= 0 ? (rec.cells[this.plan.idIndex] ?? '').trim() || null : null;
      const cells: Cell[] = [];
      for (const c of this.plan.columns) {
        const r = convertCell(c, rec.cells[c.index], this.ctx);
        if (r.ok) cells.push(r.cell);
        else {
          ok = false;
          errors.push({ row: rec.row, ...r.error });
        }
      }
      settleOptions(this.ctx.options, ok);
      if (!ok || contactRid === undefined || ts === null || !ts.ok) {
        skipped++;
        continue;
      }
      const st = this.typeState(typeName);
      touchedTypes.add(st.def.name);
      cells.forEach((cell, i) => {
        const c = this.plan.columns[i];
        if (cell.value !== null && c && !st.fields.has(c.field.toLowerCase())) {
          const opts = this.ctx.options.get(c.field.toLowerCase());
          this.repo.addInteractionField(st.def.name, { name: c.field, type: c.type, ...(opts ? { options: opts.list } : {}) });
          st.fields.add(c.field.toLowerCase());
        }
      });
      params.push(st.def.id, contactRid, ts.value, ikey);
      cells.forEach((cell, i) => {
        params.push(cell.value);
        if (this.folded[i]) params.push(cell.folded);
      });
      rowsMeta.push({ typeId: st.def.id, contact: contactRid, ts: Number(ts.value), ikey });
    }
    const { imported, updated } = this.insert(params, rowsMeta);
    this.saveOptions();
    const contactRids = new Set(rowsMeta.map((r) => r.contact));
    const change: DataChange | null = rowsMeta.length === 0 ? null : { kind: 'interactions', types: [...touchedTypes], contactRids: ridsOrMany(contactRids) };
    return { imported, updated, skipped, errors, change };
  }

  private insert(params: (string | number | null)[], rows: { typeId: number; contact: number; ts: number; ikey: string | null }[]): { imported: number; updated: number } {
    const upsert = this.plan.idIndex >= 0;
    const pairs = new Map<string, { c: number; t: number; n: number; min: number; max: number }>();
    let updated = 0;
    if (upsert) {
      const keys = rows.map((r) => r.ikey).filter((k): k is string => k !== null);
      const old = this.db
        .prepare('SELECT ikey, contact_rid AS c, type_id AS t FROM interactions WHERE ikey IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(keys)) as { ikey: string; c: number; t: number }[];
      const seen = new Set(old.map((o) => o.ikey));
      for (const o of old) pairs.set(`${o.c}:${o.t}`, { c: o.c, t: o.t, n: 0, min: 0, max: 0 });
      for (const r of rows) {
        if (r.ikey === null) continue;
        if (seen.has(r.ikey)) updated++;
        seen.add(r.ikey);
      }
    }
    for (const r of rows) {
      const k = `${r.contact}:${r.typeId}`;
      const p = pairs.get(k);
      if (!p) pairs.set(k, { c: r.contact, t: r.typeId, n: 1, min: r.ts, max: r.ts });
      else {
        p.n += 1;
        p.min = Math.min(p.min, r.ts);
        p.max = Math.max(p.max, r.ts);
      }
    }
    const width = this.sqlColumns.length;
    const per = rowsPerStatement(width);
    for (let start = 0; start < rows.length; start += per) {
      const n = Math.min(per, rows.length - start);
      this.stmt(n, upsert).run(params.slice(start * width, (start + n) * width));
    }
    if (upsert) this.recomputeStats(pairs.values());
    else this.addStats([...pairs.values()]);
    return { imported: rows.length - updated, updated };
  }

  private statsStmt(rows: number): Statement<unknown[]> {
    const k = `stats:${rows}`;
    let s = this.stmts.get(k);
    if (!s) {
      s = this.db.prepare(
        `INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES ${Array(rows).fill('(?,?,?,?,?)').join(',')} ` +
          'ON CONFLICT(contact_rid, type_id) DO UPDATE SET n = n + excluded.n, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)',
      );
      this.stmts.set(k, s);
    }
    return s;
  }

  /** Adds a batch's per-(contact, type) counts, in key order (B-tree locality). */
  private addStats(pairs: { c: number; t: number; n: number; min: number; max: number }[]): void {
    pairs.sort((a, b) => a.c - b.c || a.t - b.t);
    const per = 100;
    for (let i = 0; i < pairs.length; i += per) {
      const end = Math.min(pairs.length, i + per);
      const params: number[] = [];
      for (let j = i; j < end; j++) {
        const p = pairs[j];
        if (p) params.push(p.c, p.t, p.n, p.min, p.max);
      }
      this.statsStmt(end - i).run(params);
    }
  }

  /** After upserts by interaction id, rows may have moved between contacts/types: recount those pairs. */
  private recomputeStats(pairs: Iterable<{ c: number; t: number }>): void {
    const del = this.db.prepare('DELETE FROM contact_type_stats WHERE contact_rid = ? AND type_id = ?');
    const ins = this.db.prepare(
      'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions WHERE contact_rid = ? AND type_id = ? GROUP BY contact_rid, type_id',
    );
    for (const p of pairs) {
      del.run(p.c, p.t);
      ins.run(p.c, p.t);
    }
  }

  private saveOptions(): void {
    for (const c of this.plan.columns) {
      const set = this.ctx.options.get(c.field.toLowerCase());
      if (!set?.dirty) continue;
      for (const st of this.types.values()) if (st.fields.has(c.field.toLowerCase())) this.repo.setInteractionFieldOptions(st.def.id, c.field, set.list);
      set.dirty = false;
    }
  }
}
