/**
 * Reads the desktop store's data as warehouse rows (schema.ts), streamed table by table: typed values
 * per column, lookups resolved to the referenced record's key, multi-choice as text lists, the folded
 * shadows copied from the store (written with shared/segments/fold.ts, so the warehouse folds exactly
 * like the reference evaluator — no collation or unaccent of the engine is involved).
 */
import type { Db } from '../db/connection.js';
import { quoteIdent } from '../segments/compileCatalog.js';
import {
  INTERACTION_COLUMNS,
  INTERACTIONS_TABLE,
  MEMBERS_COLUMNS,
  MEMBERS_TABLE,
  type WarehouseColumn,
  type WarehouseSchema,
} from './schema.js';

/** How a warehouse column's values are typed in JS. */
export type ValueKind = 'text' | 'textList' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime';

/** A typed warehouse value: dates are 'YYYY-MM-DD', datetimes epoch ms. */
export type WarehouseValue = string | number | boolean | string[] | null;

/** One warehouse table's columns (in order) and a streaming source of its rows. */
export interface TableRows {
  table: string;
  columns: { name: string; kind: ValueKind }[];
  total: number;
  rows(): IterableIterator<WarehouseValue[]>;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A stored JSON array as its text elements; anything else (NULL, not JSON, not an array) as null. */
function list(v: unknown): string[] | null {
  if (typeof v !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.map((x) => String(x)) : null;
  } catch {
    return null;
  }
}

function convert(kind: ValueKind, v: unknown): WarehouseValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'text':
      return String(v);
    case 'textList':
      return list(v);
    case 'integer':
    case 'decimal':
      return Number(v);
    case 'boolean':
      return Number(v) === 1;
    case 'date':
      return typeof v === 'string' && DAY_RE.test(v) ? v : null;
    case 'datetime':
      return Number(v);
  }
}

function kindOf(c: WarehouseColumn): ValueKind {
  const t = c.field.type;
  if (t === 'multichoice') return 'textList';
  if (t === 'choice' || t === 'lookup') return 'text';
  return t;
}

interface Source {
  /** Warehouse column name, its kind and the SQLite expression reading it. */
  name: string;
  kind: ValueKind;
  expr: string;
}

function sources(c: WarehouseColumn, alias: string, schema: WarehouseSchema): Source[] {
  const kind = kindOf(c);
  const f = c.field;
  let expr = `${alias}.${quoteIdent(f.column)}`;
  if (f.type === 'lookup') {
    const target = schema.catalog.entities.get((f.lookupEntity ?? '').toLowerCase());
    expr = target ? `(SELECT r.key FROM ${quoteIdent(target.table)} AS r WHERE r.rid = ${expr})` : 'NULL';
  }
  const out: Source[] = [{ name: c.name, kind, expr }];
  if (c.folded && f.foldedColumn) out.push({ name: c.folded, kind, expr: `${alias}.${quoteIdent(f.foldedColumn)}` });
  return out;
}

function table(db: Db, name: string, cols: Source[], from: string): TableRows {
  const sql = `SELECT ${cols.map((c) => c.expr).join(', ')} ${from}`;
  const total = (db.prepare(`SELECT count(*) ${from}`).pluck().get() as number) ?? 0;
  return {
    table: name,
    columns: cols.map((c) => ({ name: c.name, kind: c.kind })),
    total,
    *rows() {
      for (const r of db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>)
        yield r.map((v, i) => convert(cols[i]?.kind ?? 'text', v));
    },
  };
}

/** Every warehouse table's rows: entities, then interactions, then segment members. */
export function warehouseTables(db: Db, schema: WarehouseSchema): TableRows[] {
  const out: TableRows[] = [];
  const contact = schema.catalog.entities.get('contact');
  for (const e of schema.entities.values()) {
    const keyCol = [...e.columns.values()].find((c) => c.name === e.key);
    const ordered = [...(keyCol ? [keyCol] : []), ...[...e.columns.values()].filter((c) => c.name !== e.key)];
    out.push(
      table(
        db,
        e.table,
        ordered.flatMap((c) => sources(c, 'x', schema)),
        `FROM ${quoteIdent(e.entity.table)} AS x`,
      ),
    );
  }
  if (contact) {
    const ic = INTERACTION_COLUMNS;
    const cols: Source[] = [
      { name: ic.type, kind: 'text', expr: 't.name' },
      { name: ic.contact, kind: 'text', expr: 'c.key' },
      { name: ic.ts, kind: 'datetime', expr: 'i.ts' },
      { name: ic.key, kind: 'text', expr: 'i.ikey' },
      ...[...schema.interactionColumns.values()].flatMap((c) => sources(c, 'i', schema)),
    ];
    // Only interactions of existing contacts (the evaluator sees no others).
    const from =
      'FROM interactions AS i JOIN interaction_types AS t ON t.id = i.type_id' +
      ` JOIN ${quoteIdent(contact.table)} AS c ON c.rid = i.contact_rid`;
    out.push(table(db, INTERACTIONS_TABLE, cols, from));
    const mc = MEMBERS_COLUMNS;
    out.push(
      table(
        db,
        MEMBERS_TABLE,
        [
          { name: mc.segment, kind: 'text', expr: 'm.segment_id' },
          { name: mc.contact, kind: 'text', expr: 'c.key' },
        ],
        `FROM segment_members AS m JOIN ${quoteIdent(contact.table)} AS c ON c.rid = m.contact_rid`,
      ),
    );
  }
  return out;
}
