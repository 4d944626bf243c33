import type { Migration } from './index.js';

/**
 * Imports may end `refused`: `imports.start` answers once the options are checked and the job is
 * registered, and the import thread reads the whole file before it writes a row; a file refused there
 * changes nothing but is recorded as a refused import, with the reason (io/importJob.ts). SQLite cannot
 * alter a CHECK constraint, so the table is rebuilt with the same columns, rows and rowids (the history
 * orders by rowid among imports started in the same millisecond). No table references `imports`.
 */
export const migration019ImportRefused: Migration = {
  version: 19,
  name: 'import refused status',
  up(db) {
    db.exec(`
      CREATE TABLE imports_019 (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('entity','interactions')),
        file TEXT NOT NULL,
        target TEXT NOT NULL,
        options TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','completed','cancelled','failed','refused')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        total_bytes INTEGER NOT NULL,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        rows_done INTEGER NOT NULL DEFAULT 0,
        imported INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        batches INTEGER NOT NULL DEFAULT 0,
        message TEXT,
        seq INTEGER,
        created TEXT,
        stored_columns TEXT,
        undone_at INTEGER,
        undo_settled INTEGER
      );
      INSERT INTO imports_019 (rowid, id, kind, file, target, options, status, started_at, finished_at, total_bytes, bytes_done,
        rows_done, imported, updated, skipped, batches, message, seq, created, stored_columns, undone_at, undo_settled)
      SELECT rowid, id, kind, file, target, options, status, started_at, finished_at, total_bytes, bytes_done,
        rows_done, imported, updated, skipped, batches, message, seq, created, stored_columns, undone_at, undo_settled FROM imports;
      DROP TABLE imports;
      ALTER TABLE imports_019 RENAME TO imports;
      CREATE UNIQUE INDEX imports_seq ON imports(seq);
    `);
  },
};
