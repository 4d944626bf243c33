/**
 * The warehouse schema (docs/warehouse.md), derived from the desktop catalog: one table per entity
 * (its key column named after the key field, one typed column per field, relationship columns holding
 * the referenced record's KEY, and a `<column>__f` folded shadow per text, choice and multi-choice
 * column), one `interactions` table (type, contact key, timestamp, optional interaction key, one
 * column per interaction field) and `segment_members` (stored members of every segment at push time).
 * The SQL compiler, the DDL and the push all read names from here, so they cannot disagree.
 */
import type { FieldType } from '../../../shared/models/catalog.js';
import type { StorageCatalog, StorageEntity, StorageField } from '../segments/compileCatalog.js';
import type { SqlDialect } from '../segments/sql/dialect.js';

/** One warehouse column carrying a catalog field. */
export interface WarehouseColumn {
  field: StorageField;
  /** Column name in the warehouse. */
  name: string;
  /** Its folded shadow (`<name>__f`) for text, choice and multi-choice; null otherwise. */
  folded: string | null;
}

export interface WarehouseEntity {
  entity: StorageEntity;
  table: string;
  /** The key column (named after the catalog's key field). */
  key: string;
  /** Columns by the field's lower-cased name (the key field maps to `key`). */
  columns: Map<string, WarehouseColumn>;
}

/** The fixed columns of `interactions`. */
export const INTERACTION_COLUMNS = { type: 'interaction_type', contact: 'contact_key', ts: 'ts', key: 'interaction_key' } as const;
export const INTERACTIONS_TABLE = 'interactions';
export const MEMBERS_TABLE = 'segment_members';
export const MEMBERS_COLUMNS = { segment: 'segment_id', contact: 'contact_key' } as const;

export interface WarehouseSchema {
  catalog: StorageCatalog;
  /** By lower-cased entity name. */
  entities: Map<string, WarehouseEntity>;
  /** Interaction field columns by their desktop column (shared by the types that have the field). */
  interactionColumns: Map<string, WarehouseColumn>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
/** Postgres truncates identifiers past 63 bytes; keep room for the `__f` suffix and a `_2`. */
const MAX_IDENT = 55;

function sanitise(name: string): string {
  let s = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, MAX_IDENT);
  if (!/^[a-z_]/.test(s)) s = `_${s}`;
  if (s.endsWith('__f')) s = `${s.slice(0, -3)}_f`;
  return s;
}

/** Hands out unique names within one table. */
function namer(taken: Iterable<string>): (want: string) => string {
  const used = new Set(taken);
  return (want) => {
    let name = sanitise(want);
    for (let i = 2; used.has(name) || used.has(`${name}__f`); i++) name = `${sanitise(want).slice(0, MAX_IDENT - 4)}_${i}`;
    used.add(name);
    used.add(`${name}__f`);
    return name;
  };
}

const FOLDED: ReadonlySet<FieldType> = new Set<FieldType>(['text', 'choice', 'multichoice']);

function column(field: StorageField, name: string): WarehouseColumn {
  return { field, name, folded: FOLDED.has(field.type) ? `${name}__f` : null };
}

/** Names every warehouse table and column of `catalog` (deterministic: same catalog, same names). */
export function warehouseSchema(catalog: StorageCatalog): WarehouseSchema {
  const tableName = namer([INTERACTIONS_TABLE, MEMBERS_TABLE]);
  const entities = new Map<string, WarehouseEntity>();
  for (const [lower, e] of [...catalog.entities].sort(([a], [b]) => a.localeCompare(b))) {
    const table = tableName(e.name);
    const colName = namer([]);
    const key = colName(e.keyField);
    const columns = new Map<string, WarehouseColumn>();
    for (const [fl, f] of e.fields) columns.set(fl, f.column === 'key' ? column(f, key) : column(f, colName(f.name)));
    if (![...columns.values()].some((c) => c.name === key)) {
      columns.set(
        e.keyField.toLowerCase(),
        column({ name: e.keyField, type: 'text', column: 'key', foldedColumn: 'key__f', options: [], lookupEntity: null }, key),
      );
    }
    entities.set(lower, { entity: e, table, key, columns });
  }
  const interactionName = namer(Object.values(INTERACTION_COLUMNS));
  const interactionColumns = new Map<string, WarehouseColumn>();
  const types = [...catalog.interactionTypes.values()].sort((a, b) => a.id - b.id);
  for (const t of types) {
    for (const f of t.fields.values()) {
      if (!interactionColumns.has(f.column)) interactionColumns.set(f.column, column(f, interactionName(f.name)));
    }
  }
  return { catalog, entities, interactionColumns };
}

/** Checks a name before it is quoted: the schema only ever produces plain lower-case names. */
export function ident(d: SqlDialect, name: string): string {
  if (!IDENT.test(name)) throw new Error(`Refusing unsafe SQL identifier: ${JSON.stringify(name)}`);
  return d.quoteIdent(name);
}

/** The CREATE TABLE statements of the warehouse schema in `d` (tables are dropped first). */
export function schemaDdl(schema: WarehouseSchema, d: SqlDialect): string[] {
  const out: string[] = [];
  const col = (c: WarehouseColumn, notNull = false): string[] => {
    const type = d.columnType(c.field.type);
    const main = `${ident(d, c.name)} ${type}${notNull ? ' NOT NULL' : ''}`;
    return c.folded ? [main, `${ident(d, c.folded)} ${type}`] : [main];
  };
  for (const e of schema.entities.values()) {
    const cols: string[] = [];
    const keyCol = [...e.columns.values()].find((c) => c.name === e.key);
    if (keyCol) cols.push(...col(keyCol, true));
    for (const c of e.columns.values()) if (c.name !== e.key) cols.push(...col(c));
    cols.push(`PRIMARY KEY (${ident(d, e.key)})`);
    out.push(`DROP TABLE IF EXISTS ${ident(d, e.table)}`);
    out.push(`CREATE TABLE ${ident(d, e.table)} (\n  ${cols.join(',\n  ')}\n)`);
  }
  const ic = INTERACTION_COLUMNS;
  const icols = [
    `${ident(d, ic.type)} ${d.columnType('text')} NOT NULL`,
    `${ident(d, ic.contact)} ${d.columnType('text')} NOT NULL`,
    `${ident(d, ic.ts)} ${d.columnType('datetime')} NOT NULL`,
    `${ident(d, ic.key)} ${d.columnType('text')}`,
    ...[...schema.interactionColumns.values()].flatMap((c) => col(c)),
  ];
  out.push(`DROP TABLE IF EXISTS ${ident(d, INTERACTIONS_TABLE)}`);
  out.push(`CREATE TABLE ${ident(d, INTERACTIONS_TABLE)} (\n  ${icols.join(',\n  ')}\n)`);
  const mc = MEMBERS_COLUMNS;
  out.push(`DROP TABLE IF EXISTS ${ident(d, MEMBERS_TABLE)}`);
  out.push(
    `CREATE TABLE ${ident(d, MEMBERS_TABLE)} (\n  ${ident(d, mc.segment)} ${d.columnType('text')} NOT NULL,\n` +
      `  ${ident(d, mc.contact)} ${d.columnType('text')} NOT NULL,\n  PRIMARY KEY (${ident(d, mc.segment)}, ${ident(d, mc.contact)})\n)`,
  );
  return out;
}

/** Indexes worth having for segment queries; created after the load (faster than maintaining them). */
export function schemaIndexes(schema: WarehouseSchema, d: SqlDialect): string[] {
  if (d.name !== 'postgres') return []; // DuckDB scans columnar data; ART indexes would only slow the load.
  const ic = INTERACTION_COLUMNS;
  const out = [
    `CREATE INDEX ON ${ident(d, INTERACTIONS_TABLE)} (${ident(d, ic.type)}, ${ident(d, ic.ts)}, ${ident(d, ic.contact)})`,
    `CREATE INDEX ON ${ident(d, INTERACTIONS_TABLE)} (${ident(d, ic.contact)})`,
  ];
  for (const e of schema.entities.values()) {
    for (const c of e.columns.values())
      if (c.field.type === 'lookup') out.push(`CREATE INDEX ON ${ident(d, e.table)} (${ident(d, c.name)})`);
  }
  return out;
}
