/**
 * Export as SQL: one segment → one self-contained SELECT returning one column, the member contacts'
 * keys, in a chosen dialect. The single entry used by `segment-studio sql`, the Definition tab's
 * "Export SQL" and the engine differential tests, so what is tested is what users run.
 *
 *  - postgres / duckdb: the one compiler over the warehouse schema's target (warehouseCompile.ts,
 *    docs/warehouse.md); "now" is the warehouse's clock unless fixed; the segment's zone is applied
 *    inside the SQL.
 *  - sqlite: the same compiler's statement for the desktop file (the app's exact SQL, its
 *    parameters inlined as literals), mapped from row ids to keys. Its relative dates are computed at
 *    export time (SQLite has no time zone database), so "now" is fixed at export.
 */
import type { SegmentDefinition } from '../../../../shared/segments/ast.js';
import type { StorageCatalog } from '../compileCatalog.js';
import { quoteIdent } from '../compileCatalog.js';
import { compileDefinition } from '../compile.js';
import { compileError } from '../compileSql.js';
import { warehouseSchema } from '../../warehouse/schema.js';
import type { DialectName } from './dialect.js';
import { WAREHOUSE_DIALECTS } from './dialects/index.js';
import { inlineSqliteParams } from './dialects/sqlite.js';
import { compileWarehouseSql, type SegmentSource } from './warehouseCompile.js';

export interface ExportSqlInput {
  definition: SegmentDefinition;
  timeZone: string;
  dialect: DialectName;
  /** Fixed evaluation time (epoch ms); the engine's clock when absent (sqlite: the export time). */
  now?: number;
  /** For a static segment (sqlite: reads its stored members). */
  segmentId?: string;
  /** How referenced segments are read (default: their stored members). */
  segment?: (segmentId: string) => SegmentSource;
  /** Clock for sqlite exports without `now` (tests pass a fixed one). */
  clock?: () => number;
}

/** The statement, terminated with `;`, ready to print or save. */
export function exportSegmentSql(storage: StorageCatalog, input: ExportSqlInput): string {
  const contact = storage.entities.get('contact');
  if (!contact) throw compileError('The catalog has no contact entity');
  if (input.dialect === 'sqlite') {
    const now = input.now ?? (input.clock ?? Date.now)();
    const compiled = compileDefinition(
      input.definition,
      storage,
      { now, timeZone: input.timeZone },
      {
        ...(input.segmentId ? { segmentId: input.segmentId } : {}),
      },
    );
    const inner = inlineSqliteParams(compiled.sql, compiled.params);
    const keyColumn = quoteIdent(contact.keyField.replace(/[^A-Za-z0-9_]/g, '_'));
    return `SELECT c.key AS ${keyColumn} FROM ${quoteIdent(contact.table)} AS c WHERE c.rid IN (${inner});`;
  }
  if (input.definition.kind === 'static') {
    if (!input.segmentId) throw compileError('A static segment has no query: its members are stored data');
    // A static segment's members are data: read them from the pushed segment_members table.
    const schema = warehouseSchema(storage);
    const sql = compileWarehouseSql(
      { kind: 'dynamic', version: 1, blocks: [{ kind: 'segment', id: 'static', combine: 'union', segmentId: input.segmentId }] },
      { dialect: WAREHOUSE_DIALECTS[input.dialect], schema, timeZone: input.timeZone, segment: () => ({ kind: 'stored' }) },
    );
    return `${sql};`;
  }
  const sql = compileWarehouseSql(input.definition, {
    dialect: WAREHOUSE_DIALECTS[input.dialect],
    schema: warehouseSchema(storage),
    timeZone: input.timeZone,
    ...(input.now !== undefined ? { now: input.now } : {}),
    ...(input.segment ? { segment: input.segment } : {}),
  });
  return `${sql};`;
}
