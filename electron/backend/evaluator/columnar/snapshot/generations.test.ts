/** Data generations (migration 018): updates and deletes replace a table's token in their own transaction; inserts do not. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.js';
import { CatalogRepo } from '../../../catalog/catalogRepo.js';
import { tableVersion } from './generations.js';

let dir: string;
let db: Db;
let repo: CatalogRepo;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-gen-'));
  db = openDatabase(path.join(dir, 'g.db'));
  repo = new CatalogRepo(db);
  repo.ensureEntity('contact', 'contactid');
  repo.addEntityField('contact', { name: 'city', type: 'text' });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const gen = (table = 'ent_contact'): string | undefined => tableVersion(db, table)?.gen;
const col = (): string => repo.field('contact', 'city')?.column ?? 'missing';

describe('data generations', () => {
  it('changes on UPDATE and DELETE, not on INSERT; a rolled-back update leaves it as it was', () => {
    const g0 = gen();
    expect(g0).toBeDefined();
    db.prepare(`INSERT INTO ent_contact (key, "${col()}") VALUES ('a', 'Paris'), ('b', 'Rome')`).run();
    expect(gen()).toBe(g0);
    db.prepare(`UPDATE ent_contact SET "${col()}" = 'Oslo' WHERE key = 'a'`).run();
    const g1 = gen();
    expect(g1).not.toBe(g0);
    expect(() =>
      db.transaction(() => {
        db.prepare(`UPDATE ent_contact SET "${col()}" = 'Lima'`).run();
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(gen()).toBe(g1);
    db.prepare(`DELETE FROM ent_contact WHERE key = 'b'`).run();
    expect(gen()).not.toBe(g1);
  });

  it('covers interactions, and a table rebuilt by the catalog gets its triggers and a fresh token back', () => {
    const i0 = gen('interactions');
    db.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (1, 1, 5)').run();
    expect(gen('interactions')).toBe(i0);
    db.prepare('DELETE FROM interactions').run();
    expect(gen('interactions')).not.toBe(i0);
    const before = gen();
    // Many fields at once: the catalog rebuilds the table (DROP TABLE drops its triggers).
    repo.addEntityFields(
      'contact',
      Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, type: 'text' as const })),
    );
    expect(gen()).toBeDefined();
    expect(gen()).not.toBe(before);
  });

  it('is null (snapshots not trusted) for a table whose trigger is missing', () => {
    db.exec('DROP TRIGGER ss_gen_upd_ent_contact');
    expect(tableVersion(db, 'ent_contact')).toBeNull();
  });
});
