import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { emailOf, generateDemo } from './generate.js';

let dir: string;
const open: Db[] = [];
const fresh = (name: string): Db => {
  const db = openDatabase(path.join(dir, name));
  open.push(db);
  return db;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-demo-'));
});

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const END = Date.UTC(2026, 0, 1);
const dump = (db: Db): unknown => ({
  contacts: db.prepare('SELECT * FROM ent_contact ORDER BY rid').all(),
  accounts: db.prepare('SELECT * FROM ent_account ORDER BY rid').all(),
  interactions: db.prepare('SELECT * FROM interactions ORDER BY id').all(),
  stats: db.prepare('SELECT * FROM contact_type_stats').all(),
});

it('generates the same data for the same seed and end time', () => {
  const a = fresh('a.db');
  const b = fresh('b.db');
  generateDemo(a, { contacts: 500, interactions: 5000, endMs: END });
  generateDemo(b, { contacts: 500, interactions: 5000, endMs: END });
  expect(dump(a)).toEqual(dump(b));
});

it('has skewed activity, NULLs, mixed case, several countries, two years of interactions and exact summaries', () => {
  const db = fresh('d.db');
  const r = generateDemo(db, { contacts: 2000, interactions: 40000, endMs: END });
  expect(r).toMatchObject({ contacts: 2000, accounts: 200, interactions: 40000 });
  const perContact = db.prepare('SELECT count(*) AS n FROM interactions GROUP BY contact_rid ORDER BY n DESC').pluck().all() as number[];
  expect(perContact[0] ?? 0).toBeGreaterThan(5 * (perContact[Math.floor(perContact.length / 2)] ?? 0));
  expect(db.prepare('SELECT count(*) FROM ent_contact WHERE c_emailaddress1 IS NULL').pluck().get()).toBeGreaterThan(0);
  expect(
    db
      .prepare('SELECT count(*) FROM ent_contact WHERE c_address1_city <> c_address1_city__f AND c_address1_city = upper(c_address1_city)')
      .pluck()
      .get(),
  ).toBeGreaterThan(0);
  // Some cities typed without their accents ("Munchen"): one city to segments and insights (folded alike).
  const spellings = db
    .prepare(`SELECT DISTINCT c_address1_city FROM ent_contact WHERE c_address1_city IN ('München', 'Munchen')`)
    .pluck()
    .all();
  expect(spellings.sort()).toEqual(['Munchen', 'München']);
  expect(
    db.prepare(`SELECT count(DISTINCT c_address1_city__f) FROM ent_contact WHERE c_address1_city IN ('München', 'Munchen')`).pluck().get(),
  ).toBe(1);
  expect(db.prepare('SELECT count(DISTINCT c_address1_country) FROM ent_contact').pluck().get()).toBeGreaterThan(10);
  const span = db.prepare('SELECT min(ts) AS lo, max(ts) AS hi FROM interactions').get() as { lo: number; hi: number };
  expect(span.lo).toBeGreaterThanOrEqual(END - 730 * 86_400_000);
  expect(span.hi).toBeLessThanOrEqual(END);
  expect(span.hi - span.lo).toBeGreaterThan(700 * 86_400_000);
  expect(db.prepare('SELECT count(*) FROM ent_contact WHERE c_parentcustomerid NOT IN (SELECT rid FROM ent_account)').pluck().get()).toBe(
    0,
  );
  // Contacts who refuse bulk e-mail never get e-mail interactions.
  expect(
    db
      .prepare(
        `SELECT count(*) FROM interactions i JOIN ent_contact c ON c.rid = i.contact_rid JOIN interaction_types t ON t.id = i.type_id WHERE c.c_donotbulkemail = 1 AND t.name LIKE 'Email%'`,
      )
      .pluck()
      .get(),
  ).toBe(0);
  const stats = db.prepare('SELECT contact_rid, type_id, n, first_ts, last_ts FROM contact_type_stats ORDER BY 1, 2').all();
  const recount = db
    .prepare(
      'SELECT contact_rid, type_id, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM interactions GROUP BY 1, 2 ORDER BY 1, 2',
    )
    .all();
  expect(stats).toEqual(recount);
});

it('refuses to add demo data to a database that already has contacts', () => {
  const db = fresh('e.db');
  generateDemo(db, { contacts: 10, interactions: 10, endMs: END });
  expect(() => generateDemo(db, { contacts: 10, endMs: END })).toThrow(/already holds 10 contacts/);
});

it('spells addresses from the names in ASCII and records that the data is demo data', () => {
  expect(emailOf('Seán', 'Williams')).toBe('sean.williams@example.com');
  expect(emailOf('Zoë', "O'Brien")).toBe('zoe.obrien@example.com');
  expect(emailOf('Léa', 'van Dijk')).toBe('lea.vandijk@example.com');
  expect(emailOf('Maja', 'Øster')).toBe('maja.oster@example.com');
  const db = fresh('f.db');
  generateDemo(db, { contacts: 2000, interactions: 2000, endMs: END, seed: 7 });
  expect(db.prepare('SELECT seed, contacts, accounts, interactions FROM demo_runs').all()).toEqual([
    { seed: 7, contacts: 2000, accounts: 200, interactions: 2000 },
  ]);
  // The README's example "City = Seattle and Lifetime Value > 1000" is not empty.
  const seattleHigh = db
    .prepare(`SELECT count(*) FROM ent_contact WHERE c_address1_city__f = 'seattle' AND c_lifetimevalue > 1000`)
    .pluck()
    .get() as number;
  expect(seattleHigh).toBeGreaterThan(10);
});
