import type { Migration } from './index.js';
import { createGenerationsTable, installGenerationTriggers } from '../../evaluator/columnar/snapshot/generations.js';

/**
 * Data generations for the persisted column snapshots (docs/performance.md, "Column snapshots"): a
 * token per table that triggers replace on every UPDATE and DELETE, plus the database's identity.
 * Installed on `interactions` and on every entity table that exists now; new entity tables get theirs
 * from the catalog when they are created or rebuilt.
 */
export const migration018DataGenerations: Migration = {
  version: 18,
  name: 'data generations',
  up(db) {
    createGenerationsTable(db);
    installGenerationTriggers(db, 'interactions');
    const tables = db.prepare('SELECT table_name FROM catalog_entities').pluck().all() as string[];
    for (const t of tables) installGenerationTriggers(db, t);
  },
};
