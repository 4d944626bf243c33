import type { Migration } from './index.js';

/**
 * The evaluation log's "latest row of this segment" (read by every live refresh to compact runs that
 * changed nothing, electron/backend/live/membershipWriter.ts) ordered by id: the (segment_id, at) index
 * cannot give that order, so every refresh sorted all of the segment's log rows — up to two years of
 * them under the retention rule. With (segment_id, id) it is one index probe.
 */
export const migration007LiveLogIndex: Migration = {
  version: 7,
  name: 'live log index',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS segment_evaluations_segment_id ON segment_evaluations(segment_id, id)');
  },
};
