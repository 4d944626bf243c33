/** Migration 19 rebuilds `imports` for the `refused` status: every row, column and rowid stays. */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from './index.js';

it('keeps every import row with its rowid and columns, keeps the seq index, and accepts `refused`', () => {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS.filter((x) => x.version < 19)) db.transaction(() => m.up(db))();
  db.pragma('user_version = 18');
  db.exec(`
    INSERT INTO imports (rowid, id, kind, file, target, options, status, started_at, finished_at, total_bytes, bytes_done, rows_done,
      imported, updated, skipped, batches, message, seq, created, stored_columns, undone_at, undo_settled)
    VALUES (7, 'a', 'entity', '/c.csv', 'contact', '{}', 'completed', 1, 2, 10, 10, 3, 2, 1, 0, 1, NULL, 1, '{}', '["c_x"]', 5, 1),
           (3, 'b', 'interactions', '/i.csv', 'EmailSent', '{}', 'failed', 4, 6, 20, 5, 1, 1, 0, 0, 1, 'stopped', 2, NULL, NULL, NULL, 0);
  `);
  const before = db.prepare('SELECT rowid, * FROM imports ORDER BY rowid').all();
  migrate(db);
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  expect(db.prepare('SELECT rowid, * FROM imports ORDER BY rowid').all()).toEqual(before);
  expect(() =>
    db
      .prepare(
        `INSERT INTO imports (id, kind, file, target, options, status, started_at, total_bytes, seq)
    VALUES ('c', 'entity', '/x', 'contact', '{}', 'refused', 9, 0, 2)`,
      )
      .run(),
  ).toThrow(/UNIQUE/);
  db.prepare(
    `INSERT INTO imports (id, kind, file, target, options, status, started_at, total_bytes, seq)
    VALUES ('c', 'entity', '/x', 'contact', '{}', 'refused', 9, 0, 3)`,
  ).run();
  expect(() => db.prepare(`UPDATE imports SET status = 'odd' WHERE id = 'c'`).run()).toThrow(/CHECK/);
});
