import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { multichoiceSet } from '../../../shared/segments/ruleMatch.js';
import { foldText } from '../../../shared/segments/fold.js';
import { openDatabase, type Db } from '../db/connection.js';
import { CatalogRepo, type FieldDef } from '../catalog/catalogRepo.js';
import {
  columnWrites,
  insertRecords,
  keyCells,
  multiChoiceValue,
  refoldShadows,
  shadowOf,
  storedColumns,
  updateRow,
} from './storedValue.js';

describe('stored columns of a typed value', () => {
  it('folds text and choices, per trimmed element for multichoice, nothing for other types', () => {
    expect(shadowOf('text', 'Malmö')).toBe(foldText('Malmö'));
    expect(shadowOf('choice', 'Dogs')).toBe('dogs');
    expect(shadowOf('multichoice', '["Cats"," Dogs "]')).toBe('["cats","dogs"]');
    expect(shadowOf('multichoice', '[]')).toBe('[]');
    expect(shadowOf('integer', 5)).toBeNull();
    expect(shadowOf('text', null)).toBeNull();
    expect(keyCells('C-ÄB')).toEqual(['C-ÄB', foldText('C-ÄB')]);
  });

  it('stores a multichoice trimmed, without empty or duplicate elements, sorted; none left = NULL', () => {
    expect(multiChoiceValue([' Dogs', 'Cats ', 'Dogs', '', '  '])).toBe('["Cats","Dogs"]');
    expect(multiChoiceValue([])).toBeNull();
    expect(multiChoiceValue(['', ' '])).toBeNull();
  });

  it('writes shadows the reference evaluator reads back as the same folded set', () => {
    for (const els of [['Ärzte', ' b ', 'B'], ['İstanbul'], ['Straße', 'x']]) {
      const v = multiChoiceValue(els);
      const shadow = JSON.parse(shadowOf('multichoice', v) ?? 'null') as string[];
      expect(new Set(shadow)).toEqual(multichoiceSet(v));
    }
  });

  it('names value then shadow columns, and writes both', () => {
    expect(storedColumns('c_city', true)).toEqual(['c_city', 'c_city__f']);
    expect(storedColumns('c_n', false)).toEqual(['c_n']);
    expect(columnWrites({ column: 'c_city', foldedColumn: 'c_city__f', type: 'text' }, 'OSLO')).toEqual([
      { column: 'c_city', value: 'OSLO' },
      { column: 'c_city__f', value: 'oslo' },
    ]);
    expect(columnWrites({ column: 'c_n', foldedColumn: null, type: 'integer' }, 3)).toEqual([{ column: 'c_n', value: 3 }]);
  });
});

describe('rows in a real database', () => {
  let dir: string;
  let db: Db;
  let city: FieldDef;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-values-'));
    db = openDatabase(path.join(dir, 'v.db'));
    city = new CatalogRepo(db).addEntityField('contact', { name: 'city', type: 'text' });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('inserts and updates records with their shadows', () => {
    const [rid] = insertRecords(db, 'ent_contact', [city], [{ key: 'K1', values: ['Malmö'] }]);
    expect(db.prepare('SELECT key, key__f, c_city, c_city__f FROM ent_contact WHERE rid = ?').get(rid)).toEqual({
      key: 'K1',
      key__f: 'k1',
      c_city: 'Malmö',
      c_city__f: foldText('Malmö'),
    });
    updateRow(db, 'ent_contact', Number(rid), columnWrites(city, 'SEATTLE'));
    expect(db.prepare('SELECT c_city, c_city__f FROM ent_contact WHERE rid = ?').get(rid)).toEqual({
      c_city: 'SEATTLE',
      c_city__f: 'seattle',
    });
  });

  it('re-folds stale shadows and reports how many changed', () => {
    insertRecords(db, 'ent_contact', [city], [{ key: 'K1', values: ['Malmö'] }, { key: 'K2', values: ['Oslo'] }, { key: 'K3' }]);
    db.prepare(`UPDATE ent_contact SET c_city__f = 'stale' WHERE key = 'K1'`).run();
    expect(refoldShadows(db, 'ent_contact', 'rid', city)).toBe(1);
    expect(db.prepare('SELECT c_city__f FROM ent_contact ORDER BY rid').pluck().all()).toEqual([foldText('Malmö'), 'oslo', null]);
    expect(refoldShadows(db, 'ent_contact', 'rid', city)).toBe(0);
  });
});
