/**
 * Migration 12 derives again only the labels an older app derived automatically; a label a person
 * (or an import mapping) set stays, and relationships get their label column.
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './index.js';
import { legacyLabelFor } from './012_catalog_labels.js';

function olderDatabase(): Database.Database {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS.filter((x) => x.version < 12)) db.transaction(() => m.up(db))();
  db.pragma('user_version = 11'); // the version just before 12: migrate() runs 12 and later
  db.exec(`
    INSERT INTO catalog_entities (name, label, key_field, display_field, table_name) VALUES ('account', 'Account', 'accountid', 'name', 'ent_account');
    INSERT INTO catalog_fields (entity, name, label, type, column_name, options, lookup_entity, ordinal) VALUES
      ('account', 'accountid', 'Accountid', 'text', 'key', NULL, NULL, 0),
      ('contact', 'emailaddress1', 'Emailaddress1', 'text', 'c_emailaddress1', NULL, NULL, 1),
      ('contact', 'address1_city', 'Address1 City', 'text', 'c_address1_city', NULL, NULL, 2),
      ('contact', 'lifetimevalue', 'Our LTV', 'decimal', 'c_lifetimevalue', NULL, NULL, 3),
      ('contact', 'parentcustomerid', 'Parentcustomerid', 'lookup', 'c_parentcustomerid', NULL, 'account', 4),
      ('contact', 'email', 'Email', 'text', 'c_email', NULL, NULL, 5),
      ('contact', 'createdon', 'Createdon', 'datetime', 'c_createdon', NULL, NULL, 6);
    INSERT INTO catalog_relationships (name, referencing_entity, referenced_entity, lookup_field)
      VALUES ('contact_account_parentcustomerid', 'contact', 'account', 'parentcustomerid');
    INSERT INTO interaction_types (id, name, label) VALUES (1, 'EmailSent', 'Email Sent'), (2, 'webvisit', 'Webvisit'), (3, 'FormFilled', 'Forms');
    INSERT INTO interaction_fields (type_id, name, label, type, column_name, options, ordinal) VALUES
      (2, 'visitDuration', 'Visit Duration', 'integer', 'c_visitduration', NULL, 1),
      (2, 'pageurl', 'Pageurl', 'text', 'c_pageurl', NULL, 2);
  `);
  return db;
}

it('keeps the old derivation frozen: it is how an unedited label is recognised', () => {
  expect(legacyLabelFor('address1_city')).toBe('Address1 City');
  expect(legacyLabelFor('EmailSent')).toBe('Email Sent');
  expect(legacyLabelFor('accountid')).toBe('Accountid');
});

it('derives again the automatic labels only, unique per entity, and adds relationship labels', () => {
  const db = olderDatabase();
  migrate(db);
  const fields = Object.fromEntries(
    (db.prepare('SELECT name, label FROM catalog_fields ORDER BY ordinal').all() as { name: string; label: string }[]).map((r) => [
      r.name,
      r.label,
    ]),
  );
  expect(fields).toEqual({
    contactid: 'Contact ID', // 'Contact ID' was set by migration 2, and is what the rule gives too
    accountid: 'Account ID',
    emailaddress1: 'Email (2)', // "Email" is taken by the field `email` of the same entity
    address1_city: 'City',
    lifetimevalue: 'Our LTV', // edited: kept
    parentcustomerid: 'Company',
    email: 'Email',
    createdon: 'Created On',
  });
  expect(db.prepare('SELECT name, label FROM interaction_types ORDER BY id').raw().all()).toEqual([
    ['EmailSent', 'Email Sent'],
    ['webvisit', 'Web Visit'],
    ['FormFilled', 'Forms'],
  ]);
  expect(db.prepare('SELECT name, label FROM interaction_fields ORDER BY ordinal').raw().all()).toEqual([
    ['visitDuration', 'Visit Duration'],
    ['pageurl', 'Page URL'],
  ]);
  expect(db.prepare('SELECT label FROM catalog_relationships').pluck().all()).toEqual([null]);
});
