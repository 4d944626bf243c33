import type { Migration } from './index.js';

/**
 * The data store (docs/storage.md): the catalog, the always-present contact entity, the interaction log
 * with its per-contact summary, segment membership, and the import log with its error report.
 *
 * No foreign keys on the data tables on purpose: imports write millions of rows and every FK check is an
 * extra index probe per row; the import code resolves keys to rids itself and skips rows that do not.
 */
export const migration002Data: Migration = {
  version: 2,
  name: 'data',
  up(db) {
    db.exec(`
      CREATE TABLE catalog_entities (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        label TEXT NOT NULL,
        key_field TEXT NOT NULL,
        display_field TEXT NOT NULL,
        table_name TEXT NOT NULL UNIQUE
      );
      CREATE TABLE catalog_fields (
        entity TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL COLLATE NOCASE,
        label TEXT NOT NULL,
        type TEXT NOT NULL,
        column_name TEXT NOT NULL,
        options TEXT,
        lookup_entity TEXT COLLATE NOCASE,
        ordinal INTEGER NOT NULL,
        PRIMARY KEY (entity, name)
      );
      CREATE TABLE catalog_relationships (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        referencing_entity TEXT NOT NULL COLLATE NOCASE,
        referenced_entity TEXT NOT NULL COLLATE NOCASE,
        lookup_field TEXT NOT NULL COLLATE NOCASE
      );
      CREATE TABLE interaction_types (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        label TEXT NOT NULL
      );
      CREATE TABLE interaction_fields (
        type_id INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        label TEXT NOT NULL,
        type TEXT NOT NULL,
        column_name TEXT NOT NULL,
        options TEXT,
        ordinal INTEGER NOT NULL,
        PRIMARY KEY (type_id, name)
      );

      CREATE TABLE ent_contact (
        rid INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        key__f TEXT
      );
      INSERT INTO catalog_entities (name, label, key_field, display_field, table_name)
        VALUES ('contact', 'Contact', 'contactid', 'contactid', 'ent_contact');
      INSERT INTO catalog_fields (entity, name, label, type, column_name, options, lookup_entity, ordinal)
        VALUES ('contact', 'contactid', 'Contact ID', 'text', 'key', NULL, NULL, 0);

      CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        type_id INTEGER NOT NULL,
        contact_rid INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        ikey TEXT
      );
      CREATE UNIQUE INDEX interactions_ikey ON interactions(ikey) WHERE ikey IS NOT NULL;
      CREATE INDEX interactions_type_ts_contact ON interactions(type_id, ts, contact_rid);
      CREATE INDEX interactions_contact_type_ts ON interactions(contact_rid, type_id, ts);

      CREATE TABLE contact_type_stats (
        contact_rid INTEGER NOT NULL,
        type_id INTEGER NOT NULL,
        n INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        PRIMARY KEY (contact_rid, type_id)
      ) WITHOUT ROWID;
      CREATE INDEX contact_type_stats_type_last ON contact_type_stats(type_id, last_ts, contact_rid);

      CREATE TABLE segment_members (
        segment_id TEXT NOT NULL,
        contact_rid INTEGER NOT NULL,
        PRIMARY KEY (segment_id, contact_rid)
      ) WITHOUT ROWID;

      CREATE TABLE imports (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('entity','interactions')),
        file TEXT NOT NULL,
        target TEXT NOT NULL,
        options TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','completed','cancelled','failed')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        total_bytes INTEGER NOT NULL,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        rows_done INTEGER NOT NULL DEFAULT 0,
        imported INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        batches INTEGER NOT NULL DEFAULT 0,
        message TEXT
      );
      CREATE TABLE import_errors (
        import_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        row INTEGER NOT NULL,
        column_name TEXT,
        value TEXT,
        reason TEXT NOT NULL,
        PRIMARY KEY (import_id, seq)
      ) WITHOUT ROWID;
    `);
  },
};
