import type { Migration } from './index.js';

/**
 * What an import changed, so it can be undone (electron/backend/io/importLog.ts, importUndo.ts).
 * `imports.seq` orders imports (later = larger; an explicit column because VACUUM may renumber the
 * rowids of a table without INTEGER PRIMARY KEY). `imports.created` lists the catalog the import added
 * (its entity, its fields, its interaction types) and `imports.stored_columns` the stored columns it
 * wrote, in the order of `import_rows.prior`. `import_rows` holds one row per entity record the import
 * touched first: `prior` is the JSON array of its stored values before the import, NULL when the import
 * created the record. `import_interactions` holds the id ranges of interactions the import added. All of
 * it is written in the same transaction as the batch it describes. `undo_settled` is 0 from an undo's
 * commit until live segments took it in: a kill in between makes the next start re-check them.
 */
export const migration010ImportLog: Migration = {
  version: 10,
  name: 'import log',
  up(db) {
    db.exec(`
      ALTER TABLE imports ADD COLUMN seq INTEGER;
      UPDATE imports SET seq = rowid;
      CREATE UNIQUE INDEX imports_seq ON imports(seq);
      ALTER TABLE imports ADD COLUMN created TEXT;
      ALTER TABLE imports ADD COLUMN stored_columns TEXT;
      ALTER TABLE imports ADD COLUMN undone_at INTEGER;
      ALTER TABLE imports ADD COLUMN undo_settled INTEGER;
      CREATE TABLE import_rows (
        seq INTEGER NOT NULL,
        rid INTEGER NOT NULL,
        prior TEXT,
        PRIMARY KEY (seq, rid)
      ) WITHOUT ROWID;
      CREATE TABLE import_interactions (
        seq INTEGER NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        PRIMARY KEY (seq, first_id)
      ) WITHOUT ROWID;
    `);
  },
};
