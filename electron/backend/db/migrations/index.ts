import type Database from 'better-sqlite3';
import { migration001Core } from './001_core.js';
import { migration002Data } from './002_data.js';
import { migration004Live } from './004_live.js';
import { migration007LiveLogIndex } from './007_live_log_index.js';
import { migration008MemberChunks } from './008_member_chunks.js';
import { migration009FoldAccents } from './009_fold_accents.js';
import { migration010ImportLog } from './010_import_log.js';
import { migration011ImportMappings } from './011_import_mappings.js';
import { migration012CatalogLabels } from './012_catalog_labels.js';
import { migration014DemoRuns } from './014_demo_runs.js';
import { migration015Templates } from './015_templates.js';
import { migration017WarehouseSource } from './017_warehouse_source.js';
import { migration018DataGenerations } from './018_data_generations.js';
import { migration019ImportRefused } from './019_import_refused.js';
import { migration022CatalogGeneration } from './022_catalog_generation.js';
import { migration026ImportCreatedRanges } from './026_import_created_ranges.js';

/** One schema step. `up` runs inside a transaction together with the user_version bump. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Ordered list of migrations; append only, never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001Core,
  migration002Data,
  migration004Live,
  migration007LiveLogIndex,
  migration008MemberChunks,
  migration009FoldAccents,
  migration010ImportLog,
  migration011ImportMappings,
  migration012CatalogLabels,
  migration014DemoRuns,
  migration015Templates,
  migration017WarehouseSource,
  migration018DataGenerations,
  migration019ImportRefused,
  migration022CatalogGeneration,
  migration026ImportCreatedRanges,
];

/** The newest version (numbers may have gaps: each migration keeps the number its owner gave it). */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Brings the database to the newest schema. Each migration and its version bump commit together,
 * so a crash leaves the database at a whole version. A database newer than this app is refused.
 */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`The database has schema version ${current}, newer than this app supports (${SCHEMA_VERSION}). Update Segment Studio.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
