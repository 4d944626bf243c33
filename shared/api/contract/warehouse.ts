/**
 * Segments as portable SQL and the warehouse (docs/warehouse.md): print a segment as one SELECT in a
 * dialect, print the warehouse schema's DDL, and push the desktop's data into PostgreSQL or DuckDB.
 */
import { z } from 'zod';
import { filePath } from '../filePath.js';

/** Engines a segment can be exported for. */
export const SQL_DIALECTS = ['sqlite', 'postgres', 'duckdb'] as const;
export type SqlDialectName = (typeof SQL_DIALECTS)[number];
/** Engines the warehouse schema and push support. */
export const WAREHOUSE_DIALECTS = ['postgres', 'duckdb'] as const;

const isoInstant = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(Date.parse(s)), 'Must be an ISO 8601 date-time');

export const warehouseInputs = {
  /**
   * One self-contained SELECT returning the segment's member contact keys, runnable as printed. "now"
   * is the engine's clock unless `now` fixes it (sqlite: fixed at export); referenced live segments are
   * inlined, static ones read the pushed `segment_members` table.
   */
  'segments.exportSql': z.strictObject({
    segmentId: z.string().min(1).max(64),
    dialect: z.enum(SQL_DIALECTS),
    now: isoInstant.optional(),
    /** Also write the statement to this file (a path on the backend's machine). */
    path: filePath('write').optional(),
  }),
  /** The warehouse schema of this catalog as DDL. */
  'warehouse.schema': z.strictObject({ dialect: z.enum(WAREHOUSE_DIALECTS) }),
  /** Recreates the warehouse schema in PostgreSQL (`postgresUrl`) or a DuckDB file and loads this database's data. */
  'warehouse.push': z
    .strictObject({
      postgresUrl: z
        .string()
        .max(2000)
        .regex(/^postgres(ql)?:\/\//, 'Must be a postgres:// URL')
        .optional(),
      duckdbPath: filePath('write').optional(),
    })
    .superRefine((v, ctx) => {
      if ((v.postgresUrl === undefined) === (v.duckdbPath === undefined))
        ctx.addIssue({ code: 'custom', path: ['postgresUrl'], message: 'Give a postgres:// URL or a DuckDB file (one of them)' });
    }),
};

type In<K extends keyof typeof warehouseInputs> = z.infer<(typeof warehouseInputs)[K]>;

/** A segment printed as SQL. */
export interface ExportedSql {
  dialect: SqlDialectName;
  /** The statement, ending with `;`. */
  sql: string;
  /** Name of the one column (the contact key field). */
  keyColumn: string;
  /** The instant "now" was fixed to (ISO), or null when the engine's clock is used. */
  fixedNow: string | null;
}

/** Rows written per warehouse table by a push. */
export interface PushResult {
  target: string;
  tables: { table: string; rows: number }[];
}

export interface WarehouseMethods {
  'segments.exportSql': { input: In<'segments.exportSql'>; output: ExportedSql };
  'warehouse.schema': { input: In<'warehouse.schema'>; output: { sql: string } };
  'warehouse.push': { input: In<'warehouse.push'>; output: PushResult };
}

export interface WarehouseEvents {
  /** A push's progress: rows of `table` written so far. */
  'warehouse.progressed': { table: string; done: number; total: number };
}
