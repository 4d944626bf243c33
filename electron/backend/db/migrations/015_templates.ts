import type { Migration } from './index.js';

/**
 * Segment templates (F19): a dynamic definition whose rows may be parameters, with a name, description,
 * labels (JSON array) and Active/Inactive. Built-in templates are not stored (shared/segments/templateLibrary.ts).
 */
export const migration015Templates: Migration = {
  version: 15,
  name: 'segment templates',
  up(db) {
    db.exec(`
      CREATE TABLE segment_templates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_lower TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        labels TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
      );
    `);
  },
};
