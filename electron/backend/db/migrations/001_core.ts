import type { Migration } from './index.js';

/** Segments and their lifecycle log. */
export const migration001Core: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE segments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_lower TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL CHECK (type IN ('dynamic','static','compound')),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','goingLive','live','stopping','stopped')),
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        owner TEXT NOT NULL DEFAULT '',
        definition TEXT NOT NULL,
        member_count INTEGER,
        last_evaluated_at INTEGER,
        needs_attention INTEGER NOT NULL DEFAULT 0,
        has_been_live INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL
      );
      CREATE TABLE segment_transitions (
        id INTEGER PRIMARY KEY,
        segment_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT,
        detail TEXT
      );
      CREATE INDEX segment_transitions_segment ON segment_transitions(segment_id, at);
    `);
  },
};
