import type { Migration } from './index.js';

/** The catalog tables whose every change bumps `catalog_generation` (what a cached catalog read depends on). */
export const CATALOG_TABLES = ['catalog_entities', 'catalog_fields', 'catalog_relationships', 'interaction_types', 'interaction_fields'];

/**
 * A generation counter of the catalog, bumped by triggers on every INSERT, UPDATE and DELETE of a
 * catalog table on any connection (the import thread adds fields and types too). A reader that caches
 * the catalog compares one integer instead of re-reading and re-parsing the tables: a contact edit read
 * the whole catalog twice, a third of `contacts.update` (contacts/catalogCache.ts).
 */
export const migration022CatalogGeneration: Migration = {
  version: 22,
  name: 'catalog generation',
  up(db) {
    db.exec('CREATE TABLE catalog_generation (id INTEGER PRIMARY KEY CHECK (id = 1), gen INTEGER NOT NULL)');
    db.exec('INSERT INTO catalog_generation (id, gen) VALUES (1, 0)');
    for (const t of CATALOG_TABLES)
      for (const op of ['INSERT', 'UPDATE', 'DELETE'])
        db.exec(
          `CREATE TRIGGER ss_catalog_gen_${op.toLowerCase()}_${t} AFTER ${op} ON ${t} BEGIN UPDATE catalog_generation SET gen = gen + 1 WHERE id = 1; END`,
        );
  },
};
