/**
 * The cached catalog read of contacts.update (catalogCache.ts): reused while nothing in the catalog
 * changed, re-read after any change to a catalog table — by this connection or another one — and after
 * a column is added.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { openDatabase, type Db } from '../db/connection.js';
import { fixtureCatalog } from '../../../test/fixtures/segmentCatalog.js';
import { createCatalog } from '../../../test/integration/liveFixture.js';
import { catalogEntities } from './catalogCache.js';

let dir = '';
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-catalog-cache-'));
  db = openDatabase(path.join(dir, 'app.db'));
  createCatalog(db, fixtureCatalog());
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const contact = (d: Db): ReturnType<typeof catalogEntities>[number] | undefined => catalogEntities(d).find((e) => e.name === 'contact');

describe('catalogEntities', () => {
  it('equals a fresh catalog read and is reused while the catalog is unchanged', () => {
    const first = catalogEntities(db);
    expect(first).toEqual(new CatalogRepo(db).entities());
    // Data writes are not catalog changes.
    db.prepare(`UPDATE segments SET name = name`).run();
    expect(catalogEntities(db)).toBe(first);
  });

  it('is read again after a label change, a new field and a change made on another connection', () => {
    const first = catalogEntities(db);
    const field = contact(db)?.fields.find((f) => f.column !== 'key');
    if (!field) throw new Error('fixture has no contact field');
    db.prepare('UPDATE catalog_fields SET label = ? WHERE entity = ? AND name = ?').run('Renamed', 'contact', field.name);
    const relabelled = catalogEntities(db);
    expect(relabelled).not.toBe(first);
    expect(contact(db)?.fields.find((f) => f.name === field.name)?.label).toBe('Renamed');

    new CatalogRepo(db).addEntityField('contact', { name: 'nickname', type: 'text' });
    expect(contact(db)?.fields.map((f) => f.name)).toContain('nickname');

    const other = openDatabase(path.join(dir, 'app.db'), { skipMigrations: true });
    try {
      other.prepare('UPDATE catalog_entities SET label = ? WHERE name = ?').run('People', 'contact');
    } finally {
      other.close();
    }
    expect(contact(db)?.label).toBe('People');
    expect(catalogEntities(db)).toEqual(new CatalogRepo(db).entities());
  });
});
