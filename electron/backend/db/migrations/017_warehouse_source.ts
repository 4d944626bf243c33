import type { Migration } from './index.js';

/**
 * The warehouse data source (docs/warehouse.md, "Connecting the app"): one row of connection settings
 * (never the password: that lives in the host's secret store) and which segments run on the warehouse,
 * with the outcome of their last warehouse run (the UI says "warehouse unreachable" from it), and
 * whether the catalog was read from the warehouse.
 */
export const migration017WarehouseSource: Migration = {
  version: 17,
  name: 'warehouse source',
  up(db) {
    db.exec(`
      CREATE TABLE warehouse_connection (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        database TEXT NOT NULL,
        user_name TEXT NOT NULL,
        schema_name TEXT NOT NULL,
        ssl_mode TEXT NOT NULL,
        statement_timeout_ms INTEGER NOT NULL,
        connected_at INTEGER NOT NULL
      );
      CREATE TABLE warehouse_segments (
        segment_id TEXT PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        last_run_at INTEGER,
        last_error TEXT,
        last_count INTEGER,
        last_unmatched INTEGER
      );
      -- Set when the catalog was read from the warehouse: members of warehouse segments then bring their
      -- contacts' key and display field here (the contacts themselves stay in the warehouse).
      CREATE TABLE warehouse_catalog_read (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        read_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        schema_name TEXT NOT NULL
      );
    `);
  },
};
