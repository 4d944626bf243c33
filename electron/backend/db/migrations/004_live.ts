import type { Migration } from './index.js';

/**
 * Live segments: evaluation log, membership history, static members, needs-attention marks and the
 * refresh schedule.
 *
 * Membership history: one row per stay `[joined_at, left_at)` of a contact in a segment; an open stay
 * has `left_at IS NULL`. It is written by electron/backend/live/membershipWriter.ts — the only writer
 * of `segment_members` — in the same transaction as each membership change, as a diff: unchanged
 * members never add rows, so the table grows with real joins and leaves only (retention: see
 * docs/live-segments.md).
 */
export const migration004Live: Migration = {
  version: 4,
  name: 'live',
  up(db) {
    db.exec(`
      ALTER TABLE segments ADD COLUMN next_evaluation_at INTEGER;

      CREATE TABLE segment_evaluations (
        id INTEGER PRIMARY KEY,
        segment_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        repeats INTEGER NOT NULL DEFAULT 1,
        reason TEXT NOT NULL CHECK (reason IN ('goLive','dataChange','schedule','manual','staticEdit','dependency')),
        scope TEXT NOT NULL CHECK (scope IN ('full','contacts')),
        contacts_checked INTEGER,
        size INTEGER NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        duration_ms REAL NOT NULL
      );
      CREATE INDEX segment_evaluations_segment ON segment_evaluations(segment_id, at);

      CREATE TABLE membership_history (
        segment_id TEXT NOT NULL,
        contact_rid INTEGER NOT NULL,
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        PRIMARY KEY (segment_id, contact_rid, joined_at)
      ) WITHOUT ROWID;
      CREATE INDEX membership_history_joined ON membership_history(segment_id, joined_at);
      CREATE INDEX membership_history_left ON membership_history(segment_id, left_at);

      CREATE TABLE static_members (
        segment_id TEXT NOT NULL,
        contact_rid INTEGER NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (segment_id, contact_rid)
      ) WITHOUT ROWID;

      CREATE TABLE segment_attention (
        segment_id TEXT NOT NULL,
        child_id TEXT NOT NULL,
        child_name TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('stopped','deleted')),
        at INTEGER NOT NULL,
        PRIMARY KEY (segment_id, child_id)
      );
      CREATE INDEX segment_attention_child ON segment_attention(child_id);
    `);
  },
};
