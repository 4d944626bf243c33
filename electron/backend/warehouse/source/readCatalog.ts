/**
 * Reads a catalog from the warehouse (docs/warehouse.md, "Reading the catalog from the warehouse"): the
 * `segment_studio_catalog` metadata row `warehouse push` writes when present (labels, options, lookups,
 * the fields of each interaction type), else plain introspection of information_schema — every table but
 * the app's own is an entity keyed by its primary key, columns typed by their SQL type, foreign keys as
 * lookups, interaction types from the distinct `interaction_type` values with the columns they fill.
 * A table or column outside the documented shape is refused by name; nothing is read half.
 */
import type { FieldType } from '../../../../shared/models/catalog.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { CATALOG_META_FORMAT, CATALOG_META_TABLE, type MetaCatalog, type MetaField } from '../catalogMeta.js';
import { INTERACTION_COLUMNS, INTERACTIONS_TABLE, MEMBERS_TABLE } from '../schema.js';
import type { FoundColumn } from './introspect.js';

/** Runs one statement on the warehouse. */
export type WarehouseQuery = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** A catalog read from the warehouse and where it came from. */
export interface ReadCatalog {
  catalog: MetaCatalog;
  source: 'metadata' | 'introspection';
  /** Columns not read, and why (relationship columns whose target is unknown). */
  skipped: string[];
}

/** Tables of the app's own that are not entities. */
const APP_TABLES = new Set([INTERACTIONS_TABLE, MEMBERS_TABLE, CATALOG_META_TABLE, 'segment_studio_members']);

const KEYS_SQL =
  'SELECT tc.table_name AS "table", tc.constraint_type AS "kind", k.column_name AS "column", ' +
  'ccu.table_name AS "target" FROM information_schema.table_constraints tc ' +
  'JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema ' +
  'AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name ' +
  "LEFT JOIN information_schema.constraint_column_usage ccu ON tc.constraint_type = 'FOREIGN KEY' " +
  'AND ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name ' +
  "WHERE tc.table_schema = $1 AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') ORDER BY 1, 3";

/** The field type of a warehouse column, or null when the documented schema has no such column type. */
export function fieldTypeOf(c: FoundColumn): FieldType | null {
  if (c.dataType === 'ARRAY') return ['_text', '_varchar', '_bpchar'].includes(c.udtName) ? 'multichoice' : null;
  if (['text', 'character varying', 'character'].includes(c.dataType)) return 'text';
  if (['bigint', 'integer', 'smallint'].includes(c.dataType)) return 'integer';
  if (['double precision', 'real', 'numeric'].includes(c.dataType)) return 'decimal';
  if (c.dataType === 'boolean') return 'boolean';
  if (c.dataType === 'date') return 'date';
  if (c.dataType === 'timestamp with time zone') return 'datetime';
  return null;
}

const refuse = (schema: string, problems: string[]): ApiFailure =>
  new ApiFailure(
    'invalid_state',
    `The catalog cannot be read from the warehouse schema "${schema}": ${problems.slice(0, 8).join('; ')}` +
      `${problems.length > 8 ? `; and ${problems.length - 8} more` : ''}. It must follow docs/warehouse.md ("The schema").`,
  );

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function introspect(query: WarehouseQuery, schema: string, found: readonly FoundColumn[], skipped: string[]): Promise<MetaCatalog> {
  const tables = new Map<string, FoundColumn[]>();
  for (const c of found) tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
  const keys = await query<{ table: string; kind: string; column: string; target: string | null }>(KEYS_SQL, [schema]);
  const problems: string[] = [];
  if (!tables.has('contact')) problems.push('table "contact" (the contacts, keyed by their key column) is missing');
  if (!tables.has(INTERACTIONS_TABLE)) problems.push(`table "${INTERACTIONS_TABLE}" is missing`);
  const fieldsOf = (table: string, cols: readonly FoundColumn[], skip: ReadonlySet<string>): MetaField[] => {
    const out: MetaField[] = [];
    for (const c of cols) {
      if (skip.has(c.column) || c.column.endsWith('__f')) continue;
      const type = fieldTypeOf(c);
      if (!type) {
        problems.push(
          `column "${table}.${c.column}" is ${c.dataType === 'ARRAY' ? `${c.udtName.replace(/^_/, '')}[]` : c.dataType}, a type the schema does not use`,
        );
        continue;
      }
      const fk = keys.find((k) => k.kind === 'FOREIGN KEY' && k.table === table && k.column === c.column);
      if (type === 'text' && !fk?.target && !cols.some((x) => x.column === `${c.column}__f`)) {
        // Text without a folded shadow is a relationship column (it holds keys); its target is unknown
        // without a foreign key or the metadata table, so it is left out rather than guessed.
        skipped.push(`column "${table}.${c.column}": a relationship column whose target table is unknown (no foreign key)`);
        continue;
      }
      out.push(fk?.target && type === 'text' ? { name: c.column, type: 'lookup', lookupEntity: fk.target } : { name: c.column, type });
    }
    return out;
  };
  const entities: MetaCatalog['entities'] = [];
  for (const [table, cols] of tables) {
    if (APP_TABLES.has(table)) continue;
    const pk = keys.filter((k) => k.kind === 'PRIMARY KEY' && k.table === table);
    const key = pk[0]?.column;
    if (pk.length !== 1 || key === undefined) {
      problems.push(
        `table "${table}" has ${pk.length === 0 ? 'no primary key' : 'a primary key of several columns'}: an entity table is keyed by one text column`,
      );
      continue;
    }
    const keyCol = cols.find((c) => c.column === key);
    if (keyCol && fieldTypeOf(keyCol) !== 'text') problems.push(`column "${table}.${key}" (the key) is ${keyCol.dataType}, expected text`);
    entities.push({ name: table, keyField: key, fields: fieldsOf(table, cols, new Set([key])) });
  }
  const interactionTypes: MetaCatalog['interactionTypes'] = [];
  const icols = tables.get(INTERACTIONS_TABLE);
  const fixed = new Set<string>(Object.values(INTERACTION_COLUMNS));
  if (icols && icols.some((c) => c.column === INTERACTION_COLUMNS.type)) {
    const fields = fieldsOf(INTERACTIONS_TABLE, icols, fixed);
    const counts = fields.map((f, i) => `count(${q(f.name)}) AS c${i}`);
    const rows = await query<Record<string, unknown>>(
      `SELECT ${q(INTERACTION_COLUMNS.type)}::text AS t${counts.map((c) => `, ${c}`).join('')} FROM ${q(schema)}.${q(INTERACTIONS_TABLE)} ` +
        'GROUP BY 1 ORDER BY 1',
    );
    for (const r of rows) {
      interactionTypes.push({ name: String(r.t), fields: fields.filter((_f, i) => Number(r[`c${i}`]) > 0) });
    }
  }
  if (problems.length > 0) throw refuse(schema, problems);
  return { entities, relationships: [], interactionTypes };
}

/** The catalog of warehouse schema `schema` (its columns already read into `found`). */
export async function readWarehouseCatalog(query: WarehouseQuery, schema: string, found: readonly FoundColumn[]): Promise<ReadCatalog> {
  if (found.length === 0) throw refuse(schema, ['it holds no tables (load it with `segment-studio warehouse push`)']);
  if (found.some((c) => c.table === CATALOG_META_TABLE)) {
    const rows = await query<{ format: number; catalog: MetaCatalog }>(
      `SELECT format, catalog FROM ${q(schema)}.${CATALOG_META_TABLE} ORDER BY pushed_at DESC LIMIT 1`,
    );
    const row = rows[0];
    if (row && row.format !== CATALOG_META_FORMAT)
      throw refuse(schema, [`table "${CATALOG_META_TABLE}" has format ${row.format}; this app reads format ${CATALOG_META_FORMAT}`]);
    if (row) return { catalog: row.catalog, source: 'metadata', skipped: [] };
  }
  const skipped: string[] = [];
  return { catalog: await introspect(query, schema, found, skipped), source: 'introspection', skipped };
}
