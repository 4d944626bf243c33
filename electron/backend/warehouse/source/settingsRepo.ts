/** The saved warehouse connection (migration 017): one row of settings, never a password. */
import type { WarehouseSettings } from '../../../../shared/api/contract/warehouseSource.js';
import type { SegmentSource } from '../../../../shared/api/contract/warehouseSource.js';
import type { Db } from '../../db/connection.js';

interface ConnectionRow {
  host: string;
  port: number;
  database: string;
  user_name: string;
  schema_name: string;
  ssl_mode: WarehouseSettings['sslMode'];
  statement_timeout_ms: number;
}

export function loadSettings(db: Db): WarehouseSettings | null {
  const r = db.prepare('SELECT * FROM warehouse_connection WHERE id = 1').get() as ConnectionRow | undefined;
  if (!r) return null;
  return {
    host: r.host,
    port: r.port,
    database: r.database,
    user: r.user_name,
    schema: r.schema_name,
    sslMode: r.ssl_mode,
    statementTimeoutSeconds: Math.round(r.statement_timeout_ms / 1000),
  };
}

export function saveSettings(db: Db, s: WarehouseSettings, now: number): void {
  db.prepare(
    `INSERT INTO warehouse_connection (id, host, port, database, user_name, schema_name, ssl_mode, statement_timeout_ms, connected_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, database = excluded.database,
       user_name = excluded.user_name, schema_name = excluded.schema_name, ssl_mode = excluded.ssl_mode,
       statement_timeout_ms = excluded.statement_timeout_ms, connected_at = excluded.connected_at`,
  ).run(s.host, s.port, s.database, s.user, s.schema, s.sslMode, s.statementTimeoutSeconds * 1000, now);
}

/** Forgets the connection; every segment runs on this computer again. */
export function forgetSettings(db: Db): void {
  db.transaction(() => {
    db.prepare('DELETE FROM warehouse_connection').run();
    db.prepare('DELETE FROM warehouse_segments').run();
  })();
}

interface SegmentRow {
  last_run_at: number | null;
  last_error: string | null;
  last_count: number | null;
  last_unmatched: number | null;
}

export function segmentSource(db: Db, segmentId: string): SegmentSource {
  const r = db.prepare('SELECT * FROM warehouse_segments WHERE segment_id = ?').get(segmentId) as SegmentRow | undefined;
  return {
    segmentId,
    runOn: r ? 'warehouse' : 'computer',
    lastRunAt: r?.last_run_at != null ? new Date(r.last_run_at).toISOString() : null,
    lastError: r?.last_error ?? null,
    lastCount: r?.last_count ?? null,
    lastUnmatched: r?.last_unmatched ?? null,
  };
}

export function runsOnWarehouse(db: Db, segmentId: string): boolean {
  return db.prepare('SELECT 1 FROM warehouse_segments WHERE segment_id = ?').get(segmentId) !== undefined;
}

export function setRunOn(db: Db, segmentId: string, warehouse: boolean): void {
  if (warehouse) db.prepare('INSERT OR IGNORE INTO warehouse_segments (segment_id) VALUES (?)').run(segmentId);
  else db.prepare('DELETE FROM warehouse_segments WHERE segment_id = ?').run(segmentId);
}

export function recordRun(db: Db, segmentId: string, at: number, outcome: { error: string } | { count: number; unmatched: number }): void {
  if ('error' in outcome) {
    db.prepare('UPDATE warehouse_segments SET last_run_at = ?, last_error = ? WHERE segment_id = ?').run(at, outcome.error, segmentId);
  } else {
    db.prepare(
      'UPDATE warehouse_segments SET last_run_at = ?, last_error = NULL, last_count = ?, last_unmatched = ? WHERE segment_id = ?',
    ).run(at, outcome.count, outcome.unmatched, segmentId);
  }
}

/** Records that the catalog was read from the warehouse (metadata or introspection of `schema`). */
export function markCatalogRead(db: Db, at: number, source: string, schema: string): void {
  db.prepare('INSERT OR REPLACE INTO warehouse_catalog_read (id, read_at, source, schema_name) VALUES (1, ?, ?, ?)').run(
    at,
    source,
    schema,
  );
}

/** Whether the catalog was read from the warehouse (members then bring their contacts' key and display field). */
export function catalogReadFromWarehouse(db: Db): boolean {
  return db.prepare('SELECT 1 FROM warehouse_catalog_read').get() !== undefined;
}
