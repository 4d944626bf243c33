import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { generateDemo } from '../demo/generate.js';
import { suggestValues } from './fieldValues.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-suggest-'));
  db = openDatabase(path.join(dir, 'd.db'));
  generateDemo(db, { contacts: 2000, interactions: 100, endMs: Date.UTC(2026, 0, 1) });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('suggests the values a text field holds that begin with the typed text, most frequent first, bounded', () => {
  const seattle = suggestValues(db, { entity: 'contact', field: 'address1_city', prefix: 'sea' });
  const count = db.prepare(`SELECT count(*) FROM ent_contact WHERE c_address1_city = 'Seattle'`).pluck().get();
  expect(seattle[0]).toEqual({ value: 'Seattle', count });
  // Folded as segments compare: other spellings of the same city come along, each with its count.
  expect(seattle.map((s) => s.value.toLowerCase()).every((v) => v.startsWith('sea'))).toBe(true);
  const munich = suggestValues(db, { entity: 'contact', field: 'address1_city', prefix: 'MUN' }).map((s) => s.value);
  expect(munich).toEqual(expect.arrayContaining(['München', 'Munchen']));
  expect(suggestValues(db, { entity: 'contact', field: 'address1_city', prefix: '', limit: 3 })).toHaveLength(3);
  expect(suggestValues(db, { entity: 'contact', field: 'address1_city', prefix: '%' })).toEqual([]);
});

it('refuses what it cannot suggest for, saying what and where', () => {
  expect(() => suggestValues(db, { entity: 'contact', field: 'lifetimevalue', prefix: '1' })).toThrow(
    /text fields only; Lifetime Value is a decimal field/,
  );
  expect(() => suggestValues(db, { entity: 'contact', field: 'nosuch', prefix: 'a' })).toThrow(/has no field "nosuch"/);
  expect(() => suggestValues(db, { entity: 'nosuch', field: 'a', prefix: 'a' })).toThrow(/no entity "nosuch"/);
});
