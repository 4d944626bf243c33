import type { Migration } from './index.js';

/**
 * Segment members in chunks (electron/backend/db/memberStore.ts): one row per (segment, rid >> 10)
 * holding that chunk's member rids as an ascending JSON array, instead of one B-tree row per member.
 * A first materialisation of a 255k-member segment wrote 255k rows (200–400 ms at 1M contacts); in
 * chunks it is ~1,000 rows. `segment_members` becomes a view with the old columns plus `chunk`, so
 * readers keep their SQL; INSTEAD OF triggers let it take single-row INSERT and DELETE. Existing
 * members are carried over.
 */
export const migration008MemberChunks: Migration = {
  version: 8,
  name: 'member chunks',
  up(db) {
    db.exec(`
      CREATE TABLE segment_member_chunks (
        segment_id TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        n INTEGER NOT NULL CHECK (n > 0),
        rids TEXT NOT NULL,
        PRIMARY KEY (segment_id, chunk)
      ) WITHOUT ROWID;

      INSERT INTO segment_member_chunks (segment_id, chunk, n, rids)
        SELECT segment_id, contact_rid >> 10, count(*), json_group_array(contact_rid ORDER BY contact_rid)
          FROM segment_members GROUP BY segment_id, contact_rid >> 10;
      DROP TABLE segment_members;

      CREATE VIEW segment_members (segment_id, chunk, contact_rid) AS
        SELECT c.segment_id, c.chunk, j.value FROM segment_member_chunks AS c, json_each(c.rids) AS j;

      CREATE TRIGGER segment_members_insert INSTEAD OF INSERT ON segment_members BEGIN
        INSERT INTO segment_member_chunks (segment_id, chunk, n, rids)
          VALUES (NEW.segment_id, CAST(NEW.contact_rid AS INTEGER) >> 10, 1, json_array(CAST(NEW.contact_rid AS INTEGER)))
          ON CONFLICT (segment_id, chunk) DO UPDATE SET
            n = (SELECT count(*) FROM (SELECT value FROM json_each(rids) UNION SELECT CAST(NEW.contact_rid AS INTEGER))),
            rids = (SELECT json_group_array(v ORDER BY v) FROM (SELECT value AS v FROM json_each(rids) UNION SELECT CAST(NEW.contact_rid AS INTEGER)));
      END;

      CREATE TRIGGER segment_members_delete INSTEAD OF DELETE ON segment_members BEGIN
        DELETE FROM segment_member_chunks
         WHERE segment_id = OLD.segment_id AND chunk = OLD.chunk AND n = 1 AND json_extract(rids, '$[0]') = OLD.contact_rid;
        UPDATE segment_member_chunks
           SET n = n - 1, rids = (SELECT json_group_array(value ORDER BY value) FROM json_each(rids) WHERE value <> OLD.contact_rid)
         WHERE segment_id = OLD.segment_id AND chunk = OLD.chunk AND EXISTS (SELECT 1 FROM json_each(rids) WHERE value = OLD.contact_rid);
      END;
    `);
  },
};
