/**
 * Reads a whole SQLite store into the reference evaluator's in-memory Dataset (same encodings, see
 * docs/storage.md): the catalog, every entity record, every interaction and all stored memberships.
 * For tests (the differential suite) and small stores; explain on big stores loads one contact only
 * (live/contactDataset.ts).
 */
import type { Dataset, EntityRecord, InteractionRecord, StoredValue } from '../../../shared/segments/dataset.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { loadCatalog } from '../catalog/describe.js';
import type { Db } from '../db/connection.js';
import { quoteIdent } from './compileCatalog.js';

const stored = (v: unknown): StoredValue => (typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

/** Loads everything: for small stores only (it holds every row in memory). */
export function loadDataset(db: Db): Dataset {
  const repo = new CatalogRepo(db);
  const entities: Record<string, EntityRecord[]> = {};
  for (const e of repo.entities()) {
    const rows = db.prepare(`SELECT * FROM ${quoteIdent(e.table)} ORDER BY rid`).all() as Record<string, unknown>[];
    entities[e.name.toLowerCase()] = rows.map((row) => ({
      rid: Number(row.rid),
      key: String(row.key),
      values: Object.fromEntries(e.fields.map((f) => [f.name.toLowerCase(), stored(row[f.column])])),
    }));
  }
  const types = new Map(repo.interactionTypes().map((t) => [t.id, t]));
  const interactions: InteractionRecord[] = [];
  for (const row of db.prepare('SELECT * FROM interactions ORDER BY id').all() as Record<string, unknown>[]) {
    const t = types.get(Number(row.type_id));
    if (!t) continue;
    interactions.push({
      type: t.name,
      contactRid: Number(row.contact_rid),
      ts: Number(row.ts),
      values: Object.fromEntries(t.fields.map((f) => [f.name.toLowerCase(), stored(row[f.column])])),
    });
  }
  const segmentMembers: Record<string, number[]> = {};
  for (const r of db.prepare('SELECT segment_id, contact_rid FROM segment_members ORDER BY segment_id, contact_rid').all() as {
    segment_id: string;
    contact_rid: number;
  }[]) {
    (segmentMembers[r.segment_id] ??= []).push(r.contact_rid);
  }
  return { catalog: loadCatalog(db, true), entities, interactions, segmentMembers };
}
