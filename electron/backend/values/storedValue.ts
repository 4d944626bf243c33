/**
 * The one writer of stored values: turns a typed value into the columns it is stored in — the value
 * and, for text, choice and multichoice fields, its folded shadow (`c_x__f`, docs/storage.md).
 * Imports (io/cells.ts, entity keys), contact edits (contacts/recordValues.ts), demo data, the
 * re-folding migration and the tests' stores all call it, so no other code produces a shadow
 * (test/integration/oneShadowWriter.test.ts greps for that).
 *
 * Shadows must equal what the reference evaluator computes from the stored value
 * (shared/segments/ruleMatch.ts): `foldText(value)` for text and choice, and for multichoice the JSON
 * array of `foldText(element.trim())` in the stored order.
 */
import type { FieldType } from '../../../shared/models/catalog.js';
import { foldText } from '../../../shared/segments/fold.js';
import type { Db } from '../db/connection.js';
import { stmt } from '../db/statements.js';

/** A value as bound to SQLite. */
export type StoredScalar = string | number | null;

/** What the writer needs to know about a field: its value column, shadow column (if any) and type. */
export interface StoredField {
  column: string;
  /** `<column>__f` for text, choice and multichoice; null otherwise. */
  foldedColumn: string | null;
  type: FieldType;
}

/** The key columns of every entity table, in the order {@link keyCells} returns their values. */
export const KEY_COLUMNS: readonly string[] = ['key', 'key__f'];

/** The name of a column's folded shadow. */
export function shadowColumnOf(column: string): string {
  return `${column}__f`;
}

/** The columns one field is stored in, in the order {@link pushStored} appends them. */
export function storedColumns(column: string, shadowed: boolean): string[] {
  return shadowed ? [column, shadowColumnOf(column)] : [column];
}

/** Whether values of this type have a folded shadow column (text, choice, multichoice). */
export function hasShadow(type: FieldType): boolean {
  return type === 'text' || type === 'choice' || type === 'multichoice';
}

/** The columns of a list of fields, value then shadow, in order. */
export function storedColumnsOf(fields: readonly Pick<StoredField, 'column' | 'foldedColumn'>[]): string[] {
  return fields.flatMap((f) => (f.foldedColumn ? [f.column, f.foldedColumn] : [f.column]));
}

/** A record key and its shadow (the key is a text field, stored as given). */
export function keyCells(key: string): [string, string] {
  return [key, foldText(key)];
}

/**
 * The stored form of a multichoice: elements trimmed, empty ones dropped, exact duplicates removed,
 * sorted (code-unit order), as JSON; null when no element is left. Elements equal but for case must be
 * merged by the caller first (it knows the canonical option spelling).
 */
export function multiChoiceValue(elements: readonly string[]): string | null {
  const vals = [...new Set(elements.map((x) => x.trim()).filter((x) => x !== ''))].sort();
  return vals.length === 0 ? null : JSON.stringify(vals);
}

/** The elements of a stored multichoice value; non-JSON text counts as one element. */
function multiChoiceElements(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map((x) => String(x));
  } catch {
    // A stored value that is not JSON (never written by this module) is one element.
  }
  return [value];
}

/** The folded shadow of a stored value of a field of type `type` (null for types without a shadow). */
export function shadowOf(type: FieldType, value: StoredScalar): string | null {
  if (value === null) return null;
  switch (type) {
    case 'text':
    case 'choice':
      return foldText(String(value));
    case 'multichoice':
      return JSON.stringify(multiChoiceElements(String(value)).map((x) => foldText(x.trim())));
    default:
      return null;
  }
}

/** Appends a stored value and, when the field has a shadow, its shadow (see {@link storedColumns}). */
export function pushStored(out: StoredScalar[], type: FieldType, shadowed: boolean, value: StoredScalar): void {
  out.push(value);
  if (shadowed) out.push(shadowOf(type, value));
}

/** Appends a trimmed, non-empty text (or null) and its shadow: the import's hot path for text cells. */
export function pushText(out: StoredScalar[], text: string | null): void {
  if (text === null) out.push(null, null);
  else out.push(text, foldText(text));
}

/** One column to write and its value. */
export interface ColumnWrite {
  column: string;
  value: StoredScalar;
}

/** The column writes that store `value` in `field` (value, then shadow when it has one). */
export function columnWrites(field: StoredField, value: StoredScalar): ColumnWrite[] {
  const writes: ColumnWrite[] = [{ column: field.column, value }];
  if (field.foldedColumn) writes.push({ column: field.foldedColumn, value: shadowOf(field.type, value) });
  return writes;
}

const quote = (ident: string): string => `"${ident.replace(/"/g, '""')}"`;

/** Writes column values (from {@link columnWrites}) into one row of an entity table. */
export function updateRow(db: Db, table: string, rid: number, writes: readonly ColumnWrite[]): void {
  if (writes.length === 0) return;
  stmt(db, `UPDATE ${quote(table)} SET ${writes.map((w) => `${quote(w.column)} = ?`).join(', ')} WHERE rid = ?`).run(
    ...writes.map((w) => w.value),
    rid,
  );
}

/** One entity record to insert with {@link insertRecord}. */
export interface RecordRow {
  /** The row id; the table picks the next one when absent. */
  rid?: number;
  key: string;
  /** Values of `fields`, position by position. */
  values?: readonly StoredScalar[];
}

/**
 * Inserts records into an entity table (key and its shadow, then each field's value and shadow) and
 * returns their rids (`replace`: a row with the same rid or key is replaced). For fixtures and one-off
 * writes; bulk writers prepare multi-row statements from {@link KEY_COLUMNS} and {@link storedColumnsOf}.
 * The caller owns the transaction.
 */
export function insertRecords(
  db: Db,
  table: string,
  fields: readonly StoredField[],
  rows: readonly RecordRow[],
  opts: { replace?: boolean } = {},
): number[] {
  const columns = ['rid', ...KEY_COLUMNS, ...storedColumnsOf(fields)];
  const insert = stmt(
    db,
    `INSERT${opts.replace ? ' OR REPLACE' : ''} INTO ${quote(table)} (${columns.map(quote).join(', ')}) ` +
      `VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return rows.map((r) => {
    const out: StoredScalar[] = [r.rid ?? null, ...keyCells(r.key)];
    fields.forEach((f, i) => pushStored(out, f.type, f.foldedColumn !== null, r.values?.[i] ?? null));
    return Number(insert.run(...out).lastInsertRowid);
  });
}

/**
 * Recomputes the shadow of `field` in every row of `table` (only rows whose `only.column` equals
 * `only.equals` when given: interaction columns are shared by types) from its stored value — after a
 * change of `foldText`, or after a bulk SQL load that wrote only values; returns the number of rows
 * whose shadow changed. The caller owns the transaction.
 */
export function refoldShadows(db: Db, table: string, rowId: string, field: StoredField, only?: { column: string; equals: number }): number {
  if (!field.foldedColumn) return 0;
  const filter = only ? ` AND ${quote(only.column)} = ${Number(only.equals)}` : '';
  const read = db.prepare(
    `SELECT ${quote(rowId)}, ${quote(field.column)}, ${quote(field.foldedColumn)} FROM ${quote(table)} ` +
      `WHERE ${quote(field.column)} IS NOT NULL${filter}`,
  );
  const write = db.prepare(`UPDATE ${quote(table)} SET ${quote(field.foldedColumn)} = ? WHERE ${quote(rowId)} = ?`);
  const changes: [string | null, unknown][] = [];
  for (const [id, value, shadow] of read.raw().iterate() as IterableIterator<[unknown, StoredScalar, StoredScalar]>) {
    const next = shadowOf(field.type, typeof value === 'bigint' ? Number(value) : value);
    if (next !== shadow) changes.push([next, id]);
  }
  for (const [next, id] of changes) write.run(next, id);
  return changes.length;
}

/** Recomputes every shadow (key included) of an entity table from its stored values; see {@link refoldShadows}. */
export function refoldRecords(db: Db, entity: { table: string; fields: readonly StoredField[] }): number {
  return entity.fields.reduce((n, f) => n + refoldShadows(db, entity.table, 'rid', f), 0);
}
