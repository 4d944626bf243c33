/**
 * Migration 9 re-folds the shadows an older app wrote (lower-case only) so accents fold too: entity
 * fields, keys, multichoice elements and interaction fields (per type: columns are shared).
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { foldText } from '../../../../shared/segments/fold.js';
import { CatalogRepo } from '../../catalog/catalogRepo.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from './index.js';

it('recomputes every shadow written before accents folded, and changes nothing else', () => {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS.filter((x) => x.version < 9)) db.transaction(() => m.up(db))();
  db.pragma('user_version = 8');
  const repo = new CatalogRepo(db);
  repo.addEntityField('contact', { name: 'city', type: 'text' });
  repo.addEntityField('contact', { name: 'pets', type: 'multichoice', options: [{ value: 'Öko', label: 'Öko' }] });
  repo.addEntityField('contact', { name: 'score', type: 'integer' });
  const web = repo.ensureInteractionType('Visit');
  repo.addInteractionField('Visit', { name: 'page', type: 'text' });
  const mail = repo.ensureInteractionType('Mail');
  repo.addInteractionField('Mail', { name: 'page', type: 'multichoice' });
  // What the app wrote before: value.toLowerCase() in every shadow.
  const old = db.prepare(
    'INSERT INTO ent_contact (key, key__f, c_city, c_city__f, c_pets, c_pets__f, c_score) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  old.run('KÖ-1', 'kö-1', 'Malmö', 'malmö', '["Öko"]', '["öko"]', 5);
  old.run('K2', 'k2', 'Oslo', 'oslo', null, null, null);
  const ev = db.prepare('INSERT INTO interactions (type_id, contact_rid, ts, c_page, c_page__f) VALUES (?, 1, 0, ?, ?)');
  ev.run(web.id, 'Café', 'café');
  ev.run(mail.id, '["Café"]', '["café"]');
  migrate(db);
  // Migrated to the newest version (later migrations run after 9 too).
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  expect(db.prepare('SELECT key__f, c_city__f, c_pets__f, c_score FROM ent_contact ORDER BY rid').raw().all()).toEqual([
    ['ko-1', 'malmo', '["oko"]', 5],
    ['k2', 'oslo', null, null],
  ]);
  expect(db.prepare('SELECT c_page, c_page__f FROM interactions ORDER BY id').raw().all()).toEqual([
    ['Café', 'cafe'],
    ['["Café"]', '["cafe"]'],
  ]);
  expect(foldText('Malmö')).toBe('malmo');
});
