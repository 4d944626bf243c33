/**
 * The warehouse schema (electron/backend/warehouse/schema.ts) as a compile target, and the entry that
 * compiles a definition for it: one self-contained SELECT returning one column, the contacts' keys, in
 * a {@link SqlDialect}. Everything is inlined — values as literals, referenced live segments as their
 * own compiled definitions — so the text runs as printed (`psql -f`, `duckdb < file`). The compiler is
 * the desktop's (../compileBlocks.ts and friends); only the layout below differs: tables keyed by the
 * imported key, lookups holding keys, interactions by type name and contact key.
 */
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { StorageInteractionType } from '../compileCatalog.js';
import { contactEntity, definitionQuery, type SegmentSource } from '../compileBlocks.js';
import { quoteName } from '../compileRules.js';
import { SqlBuilder } from '../compileSql.js';
import type { CompileTarget, TargetColumn, TargetEntity } from '../compileTarget.js';
import { INTERACTION_COLUMNS, INTERACTIONS_TABLE, MEMBERS_COLUMNS, MEMBERS_TABLE, type WarehouseSchema } from '../../warehouse/schema.js';
import type { SqlDialect } from './dialect.js';

export type { SegmentSource } from '../compileBlocks.js';

export interface WarehouseCompileOptions {
  dialect: SqlDialect;
  schema: WarehouseSchema;
  /** The segment's IANA time zone. */
  timeZone: string;
  /** A fixed "now" (epoch ms); the warehouse's clock when absent. */
  now?: number;
  /** Resolves a segment block's segment id (default: stored members). */
  segment?: (segmentId: string) => SegmentSource;
}

/** The warehouse schema in dialect `d` as a compile target. */
export function warehouseTarget(schema: WarehouseSchema, d: SqlDialect): CompileTarget {
  const entities = new Map<string, TargetEntity>();
  for (const [lower, e] of schema.entities)
    entities.set(lower, { name: e.entity.name, table: e.table, id: e.key, key: e.key, columns: e.columns });
  const typeColumns = (type: StorageInteractionType): Map<string, TargetColumn> => {
    const out = new Map<string, TargetColumn>();
    for (const [name, f] of type.fields) {
      const col = schema.interactionColumns.get(f.column);
      if (col) out.set(name, { ...col, field: f });
    }
    return out;
  };
  const ic = INTERACTION_COLUMNS;
  return {
    d,
    catalog: schema.catalog,
    entities,
    interactions: {
      table: INTERACTIONS_TABLE,
      typeColumn: ic.type,
      typeValue: (t) => t.name,
      contact: ic.contact,
      ts: ic.ts,
      columns: typeColumns,
    },
    members: { table: MEMBERS_TABLE, segment: MEMBERS_COLUMNS.segment, contact: MEMBERS_COLUMNS.contact },
    out: 'k',
    outType: 'text',
  };
}

/** One self-contained SELECT returning the member contacts' keys (column named after the key field). */
export function compileWarehouseSql(def: SegmentDefinition, opts: WarehouseCompileOptions): string {
  const target = warehouseTarget(opts.schema, opts.dialect);
  const b = new SqlBuilder(opts.dialect, 'literals');
  const query = definitionQuery(def, b, {
    target,
    clock: { now: opts.now, timeZone: opts.timeZone },
    opts: opts.segment ? { segment: opts.segment } : {},
    depth: 0,
  });
  const key = quoteName(opts.dialect, contactEntity(target).key);
  return `SELECT DISTINCT s.k AS ${key} FROM (${query}) AS s`;
}
