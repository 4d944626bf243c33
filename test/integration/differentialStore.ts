/**
 * Writes an evaluator Dataset into a real SQLite store exactly as docs/storage.md lays it out: the
 * schema comes from the real migrations and CatalogRepo (createCatalog in liveFixture.ts: tables, columns, shadows,
 * indexes); rows are written by the one writer of stored values (values/storedValue.ts) and
 * contact_type_stats is rebuilt like the import maintains it. The differential and evaluator tests
 * share it. One store is reused across datasets of the same catalog (rows are replaced, not the schema).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Catalog } from '../../shared/models/catalog.js';
import type { Dataset, StoredValue } from '../../shared/segments/dataset.js';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { createCatalog } from './liveFixture.js';
import { hasShadow, keyCells, KEY_COLUMNS, pushStored, storedColumnsOf } from '../../electron/backend/values/storedValue.js';
import { loadStorageCatalog, quoteIdent, type StorageCatalog } from '../../electron/backend/segments/compileCatalog.js';

export interface FixtureStore {
  file: string;
  db: Db;
  storage: StorageCatalog;
  /** Replaces all data rows with `dataset` (one transaction). */
  load(dataset: Dataset): void;
  close(): void;
}

/** A fresh temp directory (removed by `removeTempDir`). */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Creates the schema for `catalog` in a new SQLite file. */
export function createFixtureStore(file: string, catalog: Catalog): FixtureStore {
  const db = openDatabase(file);
  createCatalog(db, catalog);
  const storage = loadStorageCatalog(db);

  const entityInserts = [...storage.entities.values()].map((e) => {
    const fields = [...e.fields.values()].filter((f) => f.column !== 'key');
    const cols = ['rid', ...KEY_COLUMNS, ...storedColumnsOf(fields)];
    const stmt = db.prepare(
      `INSERT INTO ${quoteIdent(e.table)} (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    return { e, fields, stmt };
  });
  const typeInserts = new Map(
    [...storage.interactionTypes.values()].map((t) => {
      const fields = [...t.fields.values()];
      const cols = ['type_id', 'contact_rid', 'ts', ...storedColumnsOf(fields)];
      const stmt = db.prepare(`INSERT INTO interactions (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      return [t.name.toLowerCase(), { t, fields, stmt }] as const;
    }),
  );
  const member = db.prepare('INSERT OR IGNORE INTO segment_members (segment_id, contact_rid) VALUES (?, ?)');

  const load = db.transaction((dataset: Dataset) => {
    for (const { e } of entityInserts) db.exec(`DELETE FROM ${quoteIdent(e.table)}`);
    db.exec('DELETE FROM interactions; DELETE FROM contact_type_stats; DELETE FROM segment_member_chunks;');
    for (const { e, fields, stmt } of entityInserts) {
      for (const r of dataset.entities[e.name.toLowerCase()] ?? []) {
        const vals: StoredValue[] = [r.rid, ...keyCells(r.key)];
        for (const f of fields) {
          pushStored(vals, f.type, hasShadow(f.type), r.values[f.name.toLowerCase()] ?? null);
        }
        stmt.run(vals);
      }
    }
    for (const i of dataset.interactions) {
      const ins = typeInserts.get(i.type.toLowerCase());
      if (!ins) throw new Error(`Unknown interaction type ${i.type}`);
      const vals: StoredValue[] = [ins.t.id, i.contactRid, i.ts];
      for (const f of ins.fields) {
        pushStored(vals, f.type, hasShadow(f.type), i.values[f.name.toLowerCase()] ?? null);
      }
      ins.stmt.run(vals);
    }
    db.exec(`INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts)
             SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY contact_rid, type_id`);
    for (const [id, rids] of Object.entries(dataset.segmentMembers)) for (const rid of rids) member.run(id, rid);
  });

  return {
    file,
    db,
    storage,
    load: (dataset) => load(dataset),
    close: () => db.close(),
  };
}
