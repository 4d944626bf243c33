import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Db } from '../../electron/backend/db/connection.js';
import type { DataChange } from '../../electron/backend/dataChange.js';
import { EventBus } from '../../electron/backend/events.js';
import { ImportService } from '../../electron/backend/io/importService.js';
import { ensureInteractionIndexes, STATS_ADD_SQL } from '../../electron/backend/io/interactionIndexes.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';
import { useTempFiles } from '../support/tempFiles.js';

const BULK_INDEXES = ['contact_type_stats_type_last', 'interactions_contact_type_ts', 'interactions_type_ts_contact'];
const TYPES = ['EmailSent', 'EmailOpened', 'emailopened', 'FormSubmitted', 'WebsiteVisited'];

const temp = useTempFiles('ss-bulk-');
const tempDir = (): string => temp.dir();

/** Interactions in no particular time order, with unknown contacts, bad timestamps and a bad type among them. */
function writeInteractions(file: string, rows: number): void {
  const lines = ['interactiontype,contactid,timestamp,url,visitDuration'];
  for (let i = 0; i < rows; i++) {
    const type = TYPES[(i * 7) % TYPES.length] ?? 'EmailSent';
    const contact = i % 53 === 0 ? 'NOPE' : `K${1 + ((i * 31) % 240)}`;
    const day = 1 + ((i * 13) % 28);
    const ts = i % 97 === 0 ? '2025-02-30T10:00:00Z' : `2025-03-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`;
    lines.push(
      `${i === 500 ? 'Bad/Type' : type},${contact},${ts},${i % 3 === 0 ? `https://Example.com/p${i % 11}` : ''},${type === 'WebsiteVisited' ? i % 600 : ''}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function load(db: Db, files: { contacts: string; interactions: string }, bulkBytes: number | undefined): Promise<DataChange[]> {
  const changes: DataChange[] = [];
  const svc = new ImportService({
    db,
    events: new EventBus(),
    now: () => Date.UTC(2026, 0, 1),
    onDataChanged: (c) => changes.push(c),
    ...(bulkBytes === undefined ? {} : { bulkBytes }),
  });
  const c = await svc.start({ kind: 'entity', entity: 'contact', path: files.contacts, key: 'contactid' });
  expect((await svc.wait(c.id)).status).toBe('completed');
  changes.length = 0;
  const i = await svc.start({ kind: 'interactions', path: files.interactions, batchSize: 700 });
  const s = await svc.wait(i.id);
  expect(s.status).toBe('completed');
  return changes;
}

const snapshot = (db: Db): unknown => ({
  interactions: db
    .prepare('SELECT id, type_id, contact_rid, ts, c_url, c_url__f, c_visitduration FROM interactions ORDER BY id')
    .raw()
    .all(),
  stats: db.prepare('SELECT * FROM contact_type_stats ORDER BY contact_rid, type_id').raw().all(),
  errors: db
    .prepare(
      'SELECT row, column_name, value, reason FROM import_errors WHERE import_id = (SELECT id FROM imports WHERE kind = ?) ORDER BY seq',
    )
    .raw()
    .all('interactions'),
  counts: db.prepare("SELECT rows_done, imported, updated, skipped FROM imports WHERE kind = 'interactions'").get(),
  types: db.prepare('SELECT id, name FROM interaction_types ORDER BY id').raw().all(),
  fields: db.prepare('SELECT type_id, name, type FROM interaction_fields ORDER BY type_id, name').raw().all(),
});

const indexes = (db: Db): string[] =>
  db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN (?, ?, ?) ORDER BY name")
    .pluck()
    .all(...BULK_INDEXES) as string[];

it('a bulk load stores the same rows, summary and error report as batch-by-batch upkeep, and tells live segments once, at the end', async () => {
  const dir = tempDir();
  const files = { contacts: path.join(dir, 'contacts.csv'), interactions: path.join(dir, 'interactions.csv') };
  writeContactsCsv(files.contacts, 200);
  writeInteractions(files.interactions, 5000);
  const plain = temp.db(path.join(dir, 'plain.db'));
  const bulk = temp.db(path.join(dir, 'bulk.db'));

  const plainChanges = await load(plain, files, undefined);
  const bulkChanges = await load(bulk, files, 0);

  const a = snapshot(plain);
  expect(a).toMatchObject({ counts: { rows_done: 5000 } });
  expect((a as { stats: unknown[] }).stats.length).toBeGreaterThan(100);
  expect((a as { errors: unknown[] }).errors.length).toBeGreaterThan(100);
  expect(snapshot(bulk)).toEqual(a);
  // The summary is exactly the aggregate of the log.
  expect(bulk.prepare('SELECT * FROM contact_type_stats ORDER BY 1, 2').raw().all()).toEqual(
    bulk.prepare('SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY 1, 2 ORDER BY 1, 2').raw().all(),
  );
  expect(indexes(bulk)).toEqual(BULK_INDEXES);
  expect(bulk.pragma('integrity_check', { simple: true })).toBe('ok');

  // Batch by batch: one change per batch. Bulk: one change after the indexes are back, covering them all.
  expect(plainChanges.length).toBeGreaterThan(5);
  expect(bulkChanges).toHaveLength(1);
  const all = bulkChanges[0];
  expect(all?.kind).toBe('interactions');
  if (all?.kind !== 'interactions' || all.contactRids === 'many') throw new Error('expected one interactions change listing contacts');
  const plainRids = new Set(plainChanges.flatMap((c) => (c.kind === 'interactions' && c.contactRids !== 'many' ? c.contactRids : [])));
  expect(new Set(all.contactRids)).toEqual(plainRids);
  expect(new Set(all.types)).toEqual(new Set(plainChanges.flatMap((c) => (c.kind === 'interactions' ? c.types : []))));
});

it('a bulk load cut short is finished at the next start: indexes built, summary recomputed from the committed rows', () => {
  const dir = tempDir();
  const db = temp.db(path.join(dir, 'data.db'));
  db.exec(`
    INSERT INTO interactions (type_id, contact_rid, ts) VALUES (1, 10, 5), (1, 10, 9), (2, 10, 7), (1, 11, 3);
    DROP INDEX interactions_type_ts_contact; DROP INDEX interactions_contact_type_ts; DROP INDEX contact_type_stats_type_last;
    INSERT INTO contact_type_stats VALUES (10, 1, 1, 5, 5);
  `);
  expect(indexes(db)).toEqual([]);
  // What the import service's constructor runs at every start.
  ensureInteractionIndexes(db);
  expect(indexes(db)).toEqual(BULK_INDEXES);
  expect(db.prepare('SELECT * FROM contact_type_stats ORDER BY 1, 2').raw().all()).toEqual([
    [10, 1, 2, 5, 9],
    [10, 2, 1, 7, 7],
    [11, 1, 1, 3, 3],
  ]);
  // Nothing missing: nothing touched (a summary row that disagrees stays as it is).
  db.exec('UPDATE contact_type_stats SET n = 99 WHERE contact_rid = 11');
  ensureInteractionIndexes(db);
  expect(db.prepare('SELECT n FROM contact_type_stats WHERE contact_rid = 11').pluck().get()).toBe(99);
});

it('a batch updates the summary from its own rows only (rowid range), not by scanning the whole log', () => {
  // Regression: without NOT INDEXED the planner read the full (contact_rid, type_id, ts) index per batch
  // to get the GROUP BY order, so a one-row import at 20M interactions took seconds.
  const db = temp.db(path.join(tempDir(), 'data.db'));
  const insert = db.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(1 + (i % 3), i % 400, i);
  })();
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${STATS_ADD_SQL}`).all(1990) as { detail: string }[]).map((r) => r.detail);
  expect(plan).toContain('SEARCH interactions USING INTEGER PRIMARY KEY (rowid>?)');
  expect(plan.join('\n')).not.toMatch(/SCAN interactions/);
  db.prepare(STATS_ADD_SQL).run(1990);
  expect(db.prepare('SELECT sum(n), count(*) FROM contact_type_stats').raw().get()).toEqual([10, 10]);
});
