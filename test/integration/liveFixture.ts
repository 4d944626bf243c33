/**
 * Test helpers for live segments: write a reference-evaluator Dataset into a backend's SQLite file
 * exactly per docs/storage.md (through the real CatalogRepo), and make small data edits the way the
 * data store does (typed column + folded shadow; interactions with their contact_type_stats summary).
 */
import type { Catalog, CatalogField } from '../../shared/models/catalog.js';
import type { Dataset, InteractionRecord, StoredValue } from '../../shared/segments/dataset.js';
import {
  columnWrites,
  hasShadow,
  insertRecords,
  pushStored,
  storedColumnsOf,
  updateRow,
} from '../../electron/backend/values/storedValue.js';
import { CatalogRepo, type NewField } from '../../electron/backend/catalog/catalogRepo.js';
import type { Db } from '../../electron/backend/db/connection.js';

/** Creates the catalog of `catalog` in the database (entities, fields, lookups, interaction types). */
export function createCatalog(db: Db, catalog: Catalog): void {
  const repo = new CatalogRepo(db);
  db.transaction(() => {
    for (const e of catalog.entities) repo.ensureEntity(e.name, e.keyField);
    for (const e of catalog.entities) {
      for (const f of e.fields) {
        if (f.name.toLowerCase() === e.keyField.toLowerCase()) continue;
        repo.addEntityField(e.name, newField(f));
      }
    }
    for (const t of catalog.interactionTypes) {
      repo.ensureInteractionType(t.name);
      for (const f of t.fields) repo.addInteractionField(t.name, newField(f));
    }
  })();
}

function newField(f: CatalogField): NewField {
  return {
    name: f.name,
    type: f.type,
    ...(f.options ? { options: f.options } : {}),
    ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  };
}

/** Writes every record and interaction of `data` (catalog created first). */
export function loadDataset(db: Db, data: Dataset): void {
  createCatalog(db, data.catalog);
  const repo = new CatalogRepo(db);
  db.transaction(() => {
    for (const e of repo.entities()) {
      for (const r of data.entities[e.name.toLowerCase()] ?? []) insertRecord(db, e.name, r.rid, r.key, r.values);
    }
    for (const i of data.interactions) addInteraction(db, i);
  })();
}

/** Inserts (or replaces) one entity record with typed columns and folded shadows (the one writer). */
export function insertRecord(db: Db, entity: string, rid: number, key: string, values: Record<string, StoredValue>): void {
  const e = new CatalogRepo(db).entity(entity);
  if (!e) throw new Error(`no entity ${entity}`);
  const fields = e.fields.filter((f) => f.column !== 'key');
  insertRecords(db, e.table, fields, [{ rid, key, values: fields.map((f) => values[f.name.toLowerCase()] ?? null) }], { replace: true });
}

/** Sets one field of a record (and its shadow), as contacts.update does. */
export function setField(db: Db, entity: string, rid: number, field: string, value: StoredValue): void {
  const f = new CatalogRepo(db).field(entity, field);
  const e = new CatalogRepo(db).entity(entity);
  if (!f || !e) throw new Error(`no field ${entity}.${field}`);
  updateRow(db, e.table, rid, columnWrites(f, value));
}

/** Appends an interaction and maintains contact_type_stats in the same statement group. */
export function addInteraction(db: Db, i: InteractionRecord): void {
  const t = new CatalogRepo(db).interactionType(i.type);
  if (!t) throw new Error(`no interaction type ${i.type}`);
  const cols = ['type_id', 'contact_rid', 'ts', ...storedColumnsOf(t.fields)];
  const vals: StoredValue[] = [t.id, i.contactRid, i.ts];
  for (const f of t.fields) pushStored(vals, f.type, hasShadow(f.type), i.values[f.name.toLowerCase()] ?? null);
  db.prepare(`INSERT INTO interactions (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...vals);
  db.prepare(
    `INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES (?, ?, 1, ?, ?)
     ON CONFLICT (contact_rid, type_id) DO UPDATE SET n = n + 1, first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)`,
  ).run(i.contactRid, t.id, i.ts, i.ts);
}
