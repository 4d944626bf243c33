import type { Migration } from './index.js';

/**
 * Saved column mappings (electron/backend/io/importMappings.ts): the options of the last import of a
 * file with the same header, keyed by its signature (the lower-cased header cells joined), proposed
 * again when such a file is opened.
 */
export const migration011ImportMappings: Migration = {
  version: 11,
  name: 'import mappings',
  up(db) {
    db.exec(`
      CREATE TABLE import_mappings (
        signature TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('entity','interactions')),
        mapping TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (signature, kind)
      ) WITHOUT ROWID;
    `);
  },
};
