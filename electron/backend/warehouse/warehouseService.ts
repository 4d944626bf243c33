/**
 * The warehouse API (shared/api/contract/warehouse.ts): segments printed as SQL, the warehouse DDL,
 * and pushes of this database's data to PostgreSQL or DuckDB, with progress events.
 */
import fs from 'node:fs';
import type { ExportedSql, PushResult, SqlDialectName } from '../../../shared/api/contract/warehouse.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import type { EventBus } from '../events.js';
import { loadStorageCatalog } from '../segments/compileCatalog.js';
import type { SegmentService } from '../segments/segmentService.js';
import { WAREHOUSE_DIALECTS } from '../segments/sql/dialects/index.js';
import { exportSegmentSql } from '../segments/sql/exportSql.js';
import type { SegmentSource } from '../segments/sql/warehouseCompile.js';
import { pushToDuckdb } from './pushDuckdb.js';
import { pushToPostgres, type PushProgress } from './pushPostgres.js';
import { schemaDdl, schemaIndexes, warehouseSchema } from './schema.js';

export interface WarehouseServiceDeps {
  db: Db;
  events: EventBus;
  segments: SegmentService;
  now: () => number;
}

/** The URL with its password (if any) replaced, for messages and results. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export class WarehouseService {
  constructor(private readonly deps: WarehouseServiceDeps) {}

  /** How a segment block reads another segment: live definitions inline, static members as pushed rows. */
  private source = (segmentId: string): SegmentSource => {
    const ref = this.deps.segments.get(segmentId);
    return ref.type === 'static' ? { kind: 'stored' } : { kind: 'definition', definition: ref.definition, timeZone: ref.timeZone };
  };

  exportSql(input: { segmentId: string; dialect: SqlDialectName; now?: string | undefined; path?: string | undefined }): ExportedSql {
    const seg = this.deps.segments.get(input.segmentId);
    const storage = loadStorageCatalog(this.deps.db);
    const contact = storage.entities.get('contact');
    const fixed = input.now !== undefined ? Date.parse(input.now) : input.dialect === 'sqlite' ? this.deps.now() : undefined;
    const definition: SegmentDefinition = seg.definition;
    const sql = exportSegmentSql(storage, {
      definition,
      timeZone: seg.timeZone,
      dialect: input.dialect,
      segmentId: seg.id,
      segment: this.source,
      ...(fixed !== undefined ? { now: fixed } : {}),
    });
    const keyColumn =
      input.dialect === 'sqlite' ? (contact?.keyField ?? 'key') : (warehouseSchema(storage).entities.get('contact')?.key ?? 'key');
    if (input.path !== undefined) {
      try {
        fs.writeFileSync(input.path, `${sql}\n`);
      } catch (e) {
        throw new ApiFailure('invalid_input', `Could not write ${input.path}: ${e instanceof Error ? e.message : String(e)}`, [
          { path: 'path', message: 'Could not write this file' },
        ]);
      }
    }
    return { dialect: input.dialect, sql, keyColumn, fixedNow: fixed !== undefined ? new Date(fixed).toISOString() : null };
  }

  schema(input: { dialect: 'postgres' | 'duckdb' }): { sql: string } {
    const d = WAREHOUSE_DIALECTS[input.dialect];
    const schema = warehouseSchema(loadStorageCatalog(this.deps.db));
    return { sql: [...schemaDdl(schema, d), ...schemaIndexes(schema, d)].map((s) => `${s};\n`).join('\n') };
  }

  async push(input: { postgresUrl?: string | undefined; duckdbPath?: string | undefined }): Promise<PushResult> {
    const schema = warehouseSchema(loadStorageCatalog(this.deps.db));
    if (!schema.entities.has('contact'))
      throw new ApiFailure('validation_failed', 'The catalog has no contact entity: import contacts first.');
    const progress: PushProgress = (p) => this.deps.events.emit('warehouse.progressed', p);
    let counts: Record<string, number>;
    let target: string;
    try {
      if (input.postgresUrl !== undefined) {
        target = redactUrl(input.postgresUrl);
        counts = await pushToPostgres(this.deps.db, schema, input.postgresUrl, progress);
      } else {
        target = input.duckdbPath ?? '';
        counts = await pushToDuckdb(this.deps.db, schema, target, progress);
      }
    } catch (e) {
      if (e instanceof ApiFailure) throw e;
      const message = e instanceof Error ? e.message : String(e);
      const where = input.postgresUrl !== undefined ? redactUrl(input.postgresUrl) : (input.duckdbPath ?? '');
      throw new ApiFailure('invalid_state', `Push to ${where} failed; nothing was changed there: ${message}`);
    }
    return { target, tables: Object.entries(counts).map(([table, rows]) => ({ table, rows })) };
  }
}
