import { afterEach, beforeEach, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../db/connection.js';
import { CatalogRepo } from './catalogRepo.js';
import { insertRecords } from '../values/storedValue.js';

let dir: string;
let db: Db;
let repo: CatalogRepo;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-cat-'));
  db = openDatabase(path.join(dir, 'c.db'));
  repo = new CatalogRepo(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('always has the contact entity with its key field mapped to the key column', () => {
  expect(repo.entity('CONTACT')).toMatchObject({
    name: 'contact',
    table: 'ent_contact',
    keyField: 'contactid',
    fields: [{ name: 'contactid', column: 'key', foldedColumn: 'key__f', type: 'text' }],
  });
});

it('resolves names case-insensitively and keeps the case first seen', () => {
  repo.addEntityField('contact', { name: 'Address1_City', type: 'text' });
  expect(repo.field('contact', 'ADDRESS1_city')).toMatchObject({
    name: 'Address1_City',
    column: 'c_address1_city',
    foldedColumn: 'c_address1_city__f',
  });
  repo.ensureInteractionType('EmailOpened');
  expect(repo.interactionType('emailopened')?.name).toBe('EmailOpened');
  expect(repo.ensureInteractionType('EMAILOPENED').id).toBe(repo.interactionType('EmailOpened')?.id);
});

it('adds a field later without losing data', () => {
  insertRecords(db, 'ent_contact', [], [{ key: 'C1' }]);
  repo.addEntityField('contact', { name: 'city', type: 'text' });
  db.prepare(`UPDATE ent_contact SET c_city = 'Oslo'`).run();
  repo.addEntityField('contact', { name: 'score', type: 'integer' });
  expect(db.prepare('SELECT key, c_city, c_score FROM ent_contact').all()).toEqual([{ key: 'C1', c_city: 'Oslo', c_score: null }]);
});

it('gives clashing sanitised names distinct columns and never a shadow-like name', () => {
  const a = repo.addEntityField('contact', { name: 'first name', type: 'text' });
  const b = repo.addEntityField('contact', { name: 'first-name', type: 'text' });
  const c = repo.addEntityField('contact', { name: 'x__f', type: 'integer' });
  expect([a.column, b.column, c.column]).toEqual(['c_first_name', 'c_first_name_2', 'c_x_f']);
});

it('creates lookups with an index and a relationship named referencing_referenced_field', () => {
  repo.ensureEntity('Account', 'accountid');
  repo.addEntityField('contact', { name: 'parentcustomerid', type: 'lookup', lookupEntity: 'account' });
  expect(repo.relationship('CONTACT_ACCOUNT_PARENTCUSTOMERID')).toEqual({
    name: 'contact_account_parentcustomerid',
    label: null,
    referencingEntity: 'contact',
    referencedEntity: 'Account',
    lookupField: 'parentcustomerid',
  });
  expect(
    db.prepare(`SELECT count(*) FROM pragma_index_list('ent_contact') WHERE name = 'ent_contact_c_parentcustomerid'`).pluck().get(),
  ).toBe(1);
});

it('shares one interactions column between types with a field of the same name', () => {
  repo.ensureInteractionType('EmailClicked');
  repo.ensureInteractionType('WebsiteVisited');
  const a = repo.addInteractionField('EmailClicked', { name: 'url', type: 'text' });
  const b = repo.addInteractionField('WebsiteVisited', { name: 'URL', type: 'text' });
  expect(a.column).toBe('c_url');
  expect(b.column).toBe('c_url');
});
