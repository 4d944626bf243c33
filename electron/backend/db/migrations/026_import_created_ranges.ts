import type { Migration } from './index.js';

/**
 * An entity import logs the records it created as rid ranges, one row per run of batches, instead of one
 * `import_rows` row per record (electron/backend/io/importLog.ts): a batch's new records are exactly the
 * rids above the table's max(rid) before it (rids are appended, one writer), so a 1M-row import into an
 * empty table logs one range where it wrote a million rows. A rid in a range counts as created unless the
 * same import logged its prior values first (`import_rows.prior` not NULL), as `INSERT OR IGNORE` into
 * `import_rows` decided before. Older imports keep their `import_rows` rows (prior NULL = created); undo
 * reads both.
 */
export const migration026ImportCreatedRanges: Migration = {
  version: 26,
  name: 'import created ranges',
  up(db) {
    db.exec(`
      CREATE TABLE import_created (
        seq INTEGER NOT NULL,
        first_rid INTEGER NOT NULL,
        last_rid INTEGER NOT NULL,
        PRIMARY KEY (seq, first_rid)
      ) WITHOUT ROWID;
    `);
  },
};
