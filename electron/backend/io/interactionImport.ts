/**
 * Interactions import: every row is linked to a contact (by key) and timestamped; its type comes from a
 * fixed type or a type column. Other columns become fields of the row's type the first time that type has
 * a value in them. `contact_type_stats` is maintained in the same transaction as the inserts, except during
 * a bulk load, which recomputes it at the end (interactionIndexes.ts).
 */
import type { ChoiceOption, FieldType } from '../../../shared/models/catalog.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { InteractionImportOptions } from '../../../shared/api/contract/imports.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';
import { FOLDED_TYPES, SQLITE_MAX_COLUMNS, type CatalogRepo, type InteractionTypeDef, type NewField } from '../catalog/catalogRepo.js';
import { checkCatalogName } from '../catalog/naming.js';
import { MANY_THRESHOLD, type DataChange } from '../dataChange.js';
import { pointKeyLookup, type ColumnPlan, type KeyLookup, type StoredValue } from './cells.js';
import { storedColumns } from '../values/storedValue.js';
import type { CsvHead, CsvRecord } from './csvFile.js';
import { compileDateFormat, inferType, parseDatetime, type NumberFormat } from '../values/parse.js';
import { numberFormatOf } from './readers/source.js';
import type { BatchResult, ImportSink } from './sink.js';
import { STATS_ADD_SQL } from './interactionIndexes.js';
import { KeyIndex } from './keyIndex.js';
import { InteractionConverter, LEAD, type ConvertedBatch, type ConvertSetup } from './interactionConvert.js';
import { logInteractionRange, type ImportCreated } from './importLog.js';

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
  /** The file's number locale (CSV with a chosen decimal mark), or null. */
  numberFormat: NumberFormat | null;
}

const invalid = (message: string, path = 'options'): never => {
  throw new ApiFailure('invalid_input', message, [{ path, message }]);
};

/** Checks the options against the header, sample and catalog; writes nothing. */
export function planInteractionImport(
  repo: CatalogRepo,
  head: CsvHead,
  sample: CsvRecord[],
  opts: InteractionImportOptions,
): InteractionPlan {
  const find = (col: string): number => head.header.findIndex((h) => h.toLowerCase() === col.trim().toLowerCase());
  const need = (col: string, what: string, path: string): number => {
    const i = find(col);
    if (i < 0) invalid(`${head.path}: the ${what} column "${col}" is not in the header (columns: ${head.header.join(', ')}).`, path);
    return i;
  };
  if (opts.type !== undefined && opts.typeColumn !== undefined)
    invalid('Give either a fixed interaction type or a type column, not both.', 'type');
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
  for (const col of Object.keys(mapping))
    if (find(col) < 0) invalid(`Column "${col}" in the mapping is not in the file's header.`, `columns.${col}`);
  const dateFormat = opts.dateFormat ? compileDateFormat(opts.dateFormat) : null;
  const numberFormat = numberFormatOf(head, opts);
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
    const type: FieldType =
      known?.type ??
      m?.type ??
      inferType(
        sample.map((r) => r.cells[index] ?? ''),
        dateFormat,
        numberFormat,
      );
    if (known && m?.type && m.type !== known.type)
      invalid(
        `Interaction field "${known.name}" is ${known.type}; column "${header}" cannot be imported as ${m.type}.`,
        `columns.${header}`,
      );
    columns.push({ index, header, field: known?.name ?? field, type });
  });
  // The interactions table is shared by every type; its new columns (two for text and choices) must fit SQLite's 2,000.
  const after = repo.interactionColumnsAfter(columns.map((c) => ({ name: c.field, folded: FOLDED_TYPES.has(c.type) })));
  if (after > SQLITE_MAX_COLUMNS) {
    invalid(
      `${head.path}: the file's fields would give the shared interactions table ${after} storage columns; the limit is ${SQLITE_MAX_COLUMNS} ` +
        `(text and choice fields take two). Skip columns or map them to fields that already exist.`,
      'path',
    );
  }
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
    numberFormat,
  };
}

/** Whether the sample's timestamps never go back (rows it cannot read are left out): the file is likely in time order. */
export function sampleInTimeOrder(plan: InteractionPlan, sample: readonly CsvRecord[], dateFormat: string | undefined): boolean {
  const format = dateFormat ? compileDateFormat(dateFormat) : null;
  let last = -Infinity;
  for (const rec of sample) {
    const text = (rec.cells[plan.tsIndex] ?? '').trim();
    const ts = text === '' ? null : parseDatetime(text, format);
    if (!ts?.ok || typeof ts.value !== 'number') continue;
    if (ts.value < last) return false;
    last = ts.value;
  }
  return true;
}

/** Creates the interaction columns for every mapped field (call inside a transaction, after the plan passed). */
export function applyInteractionSchema(repo: CatalogRepo, plan: InteractionPlan): Map<number, string> {
  const cols = new Map<number, string>();
  const names = repo.ensureInteractionColumns(plan.columns.map((c) => ({ name: c.field, folded: FOLDED_TYPES.has(c.type) })));
  plan.columns.forEach((c, i) => cols.set(c.index, names[i] as string));
  if (plan.fixedType) repo.ensureInteractionType(plan.fixedType);
  return cols;
}

const rowsPerStatement = (params: number): number => Math.max(1, Math.min(100, Math.floor(30000 / params)));

interface TypeState {
  def: InteractionTypeDef;
  /** Per planned column: this type already owns the column's field. */
  owned: boolean[];
}

/** Writes batches of interactions: converts them (interactionConvert.ts) and inserts them, or inserts batches converted elsewhere. */
export class InteractionSink implements ImportSink {
  private readonly sqlColumns: string[];
  /** Per planned column: its value's offset in a row's parameters. */
  private readonly valueAt: number[];
  /** Choice options per lower-cased field, as the converting side last sent them. */
  private readonly optionLists = new Map<string, ChoiceOption[]>();
  private readonly types = new Map<string, TypeState>();
  /** The converting half when this sink converts its own batches ({@link writeBatch}); built on first use. */
  private converter: InteractionConverter | null = null;
  /** Catalog added by batches since the last {@link takeCreated} (recorded for undo in the batch's transaction). */
  private created: Pick<ImportCreated, 'types' | 'typeFields'> = { types: [], typeFields: [] };

  constructor(
    private readonly db: Db,
    private readonly repo: CatalogRepo,
    private readonly plan: InteractionPlan,
    columnNames: Map<number, string>,
    private readonly dateFormat: string | undefined,
    /**
     * How contact keys are resolved when this sink converts: all loaded up front (big files), one lookup
     * per distinct key (small files), or not here at all ('elsewhere': a convert thread does it).
     */
    private readonly contactKeys: 'bulk' | 'point' | 'elsewhere' = 'bulk',
    /** Bulk load: leave `contact_type_stats` to {@link ensureInteractionIndexes} at the end. */
    private readonly deferStats = false,
    /** The import's sequence number (imports.seq) when the ids it appends are logged for undo. */
    private readonly logSeq: number | null = null,
  ) {
    const folded = plan.columns.map((c) => FOLDED_TYPES.has(c.type));
    this.sqlColumns = [
      'type_id',
      'contact_rid',
      'ts',
      'ikey',
      ...plan.columns.flatMap((c, i) => {
        const col = columnNames.get(c.index) ?? '';
        return storedColumns(col, folded[i] ?? false);
      }),
    ];
    this.valueAt = [];
    let at = LEAD;
    for (const f of folded) {
      this.valueAt.push(at);
      at += f ? 2 : 1;
    }
    for (const c of plan.columns)
      if (c.type === 'choice' || c.type === 'multichoice') this.optionLists.set(c.field.toLowerCase(), this.optionsOf(c.field));
    for (const t of repo.interactionTypes()) {
      const fields = new Set(t.fields.map((f) => f.name.toLowerCase()));
      this.types.set(t.name.toLowerCase(), { def: t, owned: plan.columns.map((c) => fields.has(c.field.toLowerCase())) });
    }
  }

  /** What a converting half needs (here or on a convert thread): the plan, the date format, the options known now. */
  convertSetup(): ConvertSetup {
    return { plan: this.plan, dateFormat: this.dateFormat, options: [...this.optionLists].map(([f, l]) => [f, [...l]]) };
  }

  private optionsOf(field: string): { value: string; label: string }[] {
    const seen = new Map<string, { value: string; label: string }>();
    for (const t of this.repo.interactionTypes())
      for (const f of t.fields) if (f.name.toLowerCase() === field.toLowerCase()) for (const o of f.options) seen.set(o.value, o);
    return [...seen.values()];
  }

  /** The type of an accepted row; a new type is created only here, so a skipped row never adds one. */
  private typeState(name: string): TypeState {
    let st = this.types.get(name.toLowerCase());
    if (!st) {
      st = { def: this.repo.ensureInteractionType(name), owned: this.plan.columns.map(() => false) };
      this.created.types.push(st.def.name);
      this.types.set(name.toLowerCase(), st);
    }
    return st;
  }

  /** The multi-row INSERT for `rows` rows (prepared once per connection by db/statements.ts). */
  private insertStatement(rows: number, upsert: boolean): Statement {
    const one = `(${this.sqlColumns.map(() => '?').join(',')})`;
    const conflict = upsert
      ? ` ON CONFLICT(ikey) WHERE ikey IS NOT NULL DO UPDATE SET ${this.sqlColumns
          .filter((c) => c !== 'ikey')
          .map((c) => `"${c}" = excluded."${c}"`)
          .join(', ')}`
      : '';
    return stmt(
      this.db,
      `INSERT INTO interactions (${this.sqlColumns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(rows).fill(one).join(',')}${conflict}`,
    );
  }

  writeBatch(records: CsvRecord[]): BatchResult {
    if (!this.converter) {
      const contact = this.repo.entity('contact');
      const keys: KeyLookup = !contact
        ? new Map<string, number>()
        : this.contactKeys === 'point'
          ? pointKeyLookup(this.db, contact.table)
          : KeyIndex.load(this.db, contact.table);
      this.converter = new InteractionConverter(this.convertSetup(), keys);
    }
    return this.writeConverted(this.converter.convert(records));
  }

  /** Inserts a converted batch (inside the caller's transaction): types and fields first used here are created here. */
  writeConverted(b: ConvertedBatch): BatchResult {
    const plan = this.plan;
    const params = b.params;
    const width = b.width;
    const valueAt = this.valueAt;
    for (const [f, list] of b.options) this.optionLists.set(f, list);
    const states = b.typeNames.map((name) => ({ name, st: null as TypeState | null }));
    const touchedTypes = new Set<string>();
    const contactRids = new Set<number>();
    let manyContacts = false;
    for (let r = 0; r < b.typeOf.length; r++) {
      const start = r * width;
      const slot = states[b.typeOf[r] as number] as { name: string; st: TypeState | null };
      const st = (slot.st ??= this.typeState(slot.name));
      params[start] = st.def.id;
      touchedTypes.add(st.def.name);
      let owning: NewField[] | null = null;
      for (let i = 0; i < valueAt.length; i++) {
        if (st.owned[i] || params[start + (valueAt[i] as number)] === null) continue;
        const c = plan.columns[i] as ColumnPlan;
        const opts = this.optionLists.get(c.field.toLowerCase());
        (owning ??= []).push({ name: c.field, type: c.type, ...(opts ? { options: opts } : {}) });
        st.owned[i] = true;
      }
      // All of a row's new fields in one catalog call (a wide file's first row brings hundreds).
      if (owning) {
        this.repo.addInteractionFields(st.def.name, owning);
        for (const f of owning) this.created.typeFields.push({ type: st.def.name, field: f.name });
      }
      if (!manyContacts) {
        contactRids.add(params[start + 1] as number);
        if (contactRids.size > MANY_THRESHOLD) manyContacts = true;
      }
    }
    const { imported, updated } = this.insert(params);
    this.saveOptions(b.options);
    const change: DataChange | null =
      params.length === 0
        ? null
        : { kind: 'interactions', types: [...touchedTypes], contactRids: manyContacts ? 'many' : [...contactRids] };
    return { imported, updated, skipped: b.skipped, errors: b.errors, change };
  }

  private insert(params: StoredValue[]): { imported: number; updated: number } {
    const width = this.sqlColumns.length;
    const rows = params.length / width;
    if (rows === 0) return { imported: 0, updated: 0 };
    const upsert = this.plan.idIndex >= 0;
    let updated = 0;
    const moved = new Map<number, { c: number; t: number }>();
    if (upsert) {
      // Rows replacing an existing interaction id may move it between contacts/types: recount those pairs.
      const keys: string[] = [];
      for (let r = 0; r < rows; r++) {
        const k = params[r * width + 3];
        if (typeof k === 'string') keys.push(k);
      }
      const old = stmt(
        this.db,
        'SELECT ikey, contact_rid AS c, type_id AS t FROM interactions WHERE ikey IN (SELECT value FROM json_each(?))',
      ).all(JSON.stringify(keys)) as { ikey: string; c: number; t: number }[];
      const seen = new Set(old.map((o) => o.ikey));
      for (const o of old) moved.set(o.c * TYPE_SLOTS + o.t, { c: o.c, t: o.t });
      for (const k of keys) {
        if (seen.has(k)) updated++;
        seen.add(k);
      }
    }
    const maxId = stmt(this.db, 'SELECT coalesce(max(id), 0) FROM interactions').pluck();
    const firstNew = maxId.get() as number;
    const per = rowsPerStatement(width);
    for (let start = 0; start < rows; start += per) {
      const n = Math.min(per, rows - start);
      this.insertStatement(n, upsert).run(params.slice(start * width, (start + n) * width));
    }
    if (this.logSeq !== null) logInteractionRange(this.db, this.logSeq, firstNew + 1, maxId.get() as number);
    if (this.deferStats) return { imported: rows - updated, updated };
    if (!upsert) {
      // Set-wise: the batch's rows are the ids after `firstNew` (INTEGER PRIMARY KEY appends, one writer).
      stmt(this.db, STATS_ADD_SQL).run(firstNew);
    } else {
      for (let r = 0; r < rows; r++) {
        const c = params[r * width + 1] as number;
        const t = params[r * width] as number;
        moved.set(c * TYPE_SLOTS + t, { c, t });
      }
      this.recomputeStats([...moved.values()].sort((a, b) => a.c - b.c || a.t - b.t));
    }
    return { imported: rows - updated, updated };
  }

  /** Recounts (contact, type) pairs from the interactions themselves (after upserts by interaction id). */
  private recomputeStats(pairs: Iterable<{ c: number; t: number }>): void {
    const del = stmt(this.db, 'DELETE FROM contact_type_stats WHERE contact_rid = ? AND type_id = ?');
    const ins = stmt(
      this.db,
      'INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) ' +
        'SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions WHERE contact_rid = ? AND type_id = ? GROUP BY contact_rid, type_id',
    );
    for (const p of pairs) {
      del.run(p.c, p.t);
      ins.run(p.c, p.t);
    }
  }

  /** The catalog the batches added since the last call (types and their fields). */
  takeCreated(): Pick<ImportCreated, 'types' | 'typeFields'> {
    const c = this.created;
    this.created = { types: [], typeFields: [] };
    return c;
  }

  /** Saves the option lists that grew in a batch on every type owning their field. */
  private saveOptions(grown: readonly [string, ChoiceOption[]][]): void {
    for (const [f, list] of grown) {
      const i = this.plan.columns.findIndex((c) => c.field.toLowerCase() === f);
      const c = this.plan.columns[i];
      if (!c) continue;
      for (const st of this.types.values()) if (st.owned[i]) this.repo.setInteractionFieldOptions(st.def.id, c.field, list);
    }
  }
}

/** Pair keys `contact * TYPE_SLOTS + type` stay exact doubles for any realistic rid and type id. */
const TYPE_SLOTS = 1 << 20;
