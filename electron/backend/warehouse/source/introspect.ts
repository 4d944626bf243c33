/**
 * Reads the warehouse's own catalog (information_schema) and compares it with the documented warehouse
 * schema of this app's catalog (../schema.ts): every entity table, every field column (and its folded
 * shadow), and the interactions table, each with a compatible type. The mismatch message names what is
 * missing or mistyped, so a data team can fix the load.
 */
import type { FieldType } from '../../../../shared/models/catalog.js';
import { INTERACTION_COLUMNS, INTERACTIONS_TABLE, type WarehouseColumn, type WarehouseSchema } from '../schema.js';

/** One column as information_schema.columns reports it. */
export interface FoundColumn {
  table: string;
  column: string;
  /** `data_type` (e.g. `text`, `ARRAY`, `timestamp with time zone`). */
  dataType: string;
  /** `udt_name` (e.g. `_text` for text[]). */
  udtName: string;
}

/** The columns of `schema` in the warehouse. */
export const INTROSPECT_SQL =
  'SELECT table_name AS "table", column_name AS "column", data_type AS "dataType", udt_name AS "udtName" ' +
  'FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position';

const TEXT = ['text', 'character varying', 'character'];
const TEXT_ARRAY = ['_text', '_varchar', '_bpchar'];
/** Warehouse types a field type's SQL works with. */
const COMPATIBLE: Record<FieldType, { types: string[]; label: string }> = {
  text: { types: TEXT, label: 'text' },
  choice: { types: TEXT, label: 'text' },
  lookup: { types: TEXT, label: 'text' },
  multichoice: { types: [], label: 'text[]' },
  integer: { types: ['bigint', 'integer', 'smallint', 'numeric'], label: 'bigint' },
  decimal: { types: ['double precision', 'real', 'numeric', 'bigint', 'integer'], label: 'double precision' },
  boolean: { types: ['boolean'], label: 'boolean' },
  date: { types: ['date'], label: 'date' },
  datetime: { types: ['timestamp with time zone'], label: 'timestamptz' },
};

function fits(type: FieldType | 'textArray', found: FoundColumn): boolean {
  if (type === 'multichoice' || type === 'textArray') return found.dataType === 'ARRAY' && TEXT_ARRAY.includes(found.udtName);
  return COMPATIBLE[type].types.includes(found.dataType);
}

const shown = (f: FoundColumn): string => (f.dataType === 'ARRAY' ? `${f.udtName.replace(/^_/, '')}[]` : f.dataType);

/** What the warehouse lacks for this catalog, one line each (empty when it fits). */
export function schemaProblems(expected: WarehouseSchema, found: readonly FoundColumn[]): string[] {
  const tables = new Map<string, Map<string, FoundColumn>>();
  for (const f of found) {
    const t = tables.get(f.table) ?? new Map<string, FoundColumn>();
    t.set(f.column, f);
    tables.set(f.table, t);
  }
  const problems: string[] = [];
  const check = (table: string, cols: Map<string, FoundColumn>, name: string, type: FieldType | 'textArray'): void => {
    const f = cols.get(name);
    const want = type === 'textArray' ? 'text[]' : COMPATIBLE[type].label;
    if (!f) problems.push(`column "${table}.${name}" (${want}) is missing`);
    else if (!fits(type, f)) problems.push(`column "${table}.${name}" is ${shown(f)}, expected ${want}`);
  };
  const checkField = (table: string, cols: Map<string, FoundColumn>, c: WarehouseColumn): void => {
    check(table, cols, c.name, c.field.type);
    if (c.folded) check(table, cols, c.folded, c.field.type === 'multichoice' ? 'textArray' : 'text');
  };
  for (const e of expected.entities.values()) {
    const cols = tables.get(e.table);
    if (!cols) {
      problems.push(`table "${e.table}" (the ${e.entity.name} records) is missing`);
      continue;
    }
    for (const c of e.columns.values()) checkField(e.table, cols, c);
  }
  const icols = tables.get(INTERACTIONS_TABLE);
  if (!icols) problems.push(`table "${INTERACTIONS_TABLE}" is missing`);
  else {
    check(INTERACTIONS_TABLE, icols, INTERACTION_COLUMNS.type, 'text');
    check(INTERACTIONS_TABLE, icols, INTERACTION_COLUMNS.contact, 'text');
    check(INTERACTIONS_TABLE, icols, INTERACTION_COLUMNS.ts, 'datetime');
    for (const c of expected.interactionColumns.values()) checkField(INTERACTIONS_TABLE, icols, c);
  }
  return problems;
}

/** One message naming the first problems (the rest counted). */
export function mismatchMessage(schemaName: string, problems: readonly string[]): string {
  const first = problems.slice(0, 8).join('; ');
  const more = problems.length > 8 ? `; and ${problems.length - 8} more` : '';
  return (
    `The warehouse schema "${schemaName}" does not match this catalog: ${first}${more}. ` +
    'Load it with `segment-studio warehouse push` or follow docs/warehouse.md.'
  );
}
