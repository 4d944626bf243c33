import type { Migration } from './index.js';

/**
 * Where the data came from: one row per demo data set generated into this database (the home view
 * says "demo data" from it; imports have their own table). A database whose contacts were all
 * imported has no row here.
 */
export const migration014DemoRuns: Migration = {
  version: 14,
  name: 'demo runs',
  up(db) {
    db.exec(`
      CREATE TABLE demo_runs (
        id INTEGER PRIMARY KEY,
        generated_at INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        contacts INTEGER NOT NULL,
        accounts INTEGER NOT NULL,
        interactions INTEGER NOT NULL
      );
    `);
  },
};
