/**
 * Loads from SQLite just the data one contact's evaluation reads, as the reference evaluator's
 * Dataset: the contact, the records its related groups reach (followed level by level through the
 * catalog's relationships), its interactions, and its membership of referenced segments. Explain runs
 * the reference evaluator over this, so it needs no full-database load even at 1M contacts.
 */
import type { Catalog } from '../../../shared/models/catalog.js';
import type { ConditionNode, RelatedGroupNode, SegmentDefinition } from '../../../shared/segments/ast.js';
import { expandManyToMany } from '../../../shared/segments/manyToMany.js';
import { findEntity, findField, resolveRelatedStep } from '../../../shared/segments/catalogIndex.js';
import type { Dataset, EntityRecord, InteractionRecord, StoredValue } from '../../../shared/segments/dataset.js';
import type { Db } from '../db/connection.js';
import { isStoredMember } from '../db/memberStore.js';
import { stmt } from '../db/statements.js';
import { quoteIdent, type StorageCatalog, type StorageEntity } from '../segments/compileCatalog.js';
import { referencedSegments } from '../segments/graph.js';

function toRecord(entity: StorageEntity, row: Record<string, unknown>): EntityRecord {
  const values: Record<string, StoredValue> = {};
  for (const [name, f] of entity.fields) {
    const v = row[f.column];
    values[name] = v === undefined || v === null ? null : typeof v === 'bigint' ? Number(v) : (v as StoredValue);
  }
  return { rid: Number(row.rid), key: String(row.key), values };
}

export function loadContactDataset(db: Db, catalog: Catalog, storage: StorageCatalog, def: SegmentDefinition, rid: number): Dataset {
  const records = new Map<string, Map<number, EntityRecord>>();
  const add = (entity: string, recs: EntityRecord[]): EntityRecord[] => {
    const key = entity.toLowerCase();
    const map = records.get(key) ?? new Map<number, EntityRecord>();
    records.set(key, map);
    const fresh = recs.filter((r) => !map.has(r.rid));
    for (const r of fresh) map.set(r.rid, r);
    return recs;
  };
  const load = (entity: string, where: string, param: string): EntityRecord[] => {
    const e = storage.entities.get(entity.toLowerCase());
    if (!e) return [];
    const rows = db.prepare(`SELECT * FROM ${quoteIdent(e.table)} WHERE ${where} IN (SELECT value FROM json_each(?))`).all(param) as Record<
      string,
      unknown
    >[];
    return add(
      e.name,
      rows.map((r) => toRecord(e, r)),
    );
  };
  const contacts = load('contact', 'rid', JSON.stringify([rid]));

  const tryExpand = (n: RelatedGroupNode, entity: string): RelatedGroupNode | undefined => {
    try {
      return expandManyToMany(catalog.relationships, entity, n);
    } catch {
      return undefined; // the evaluator reports it
    }
  };
  // Follow related groups from the records reached so far (same records the evaluator will visit).
  const follow = (nodes: ConditionNode[], entity: string, from: EntityRecord[]): void => {
    for (const n of nodes) {
      if (n.kind === 'group') follow(n.children, entity, from);
      if (n.kind === 'rule') {
        // Lookup rules name records by key: the evaluator resolves those keys among the loaded records.
        const field = findField(findEntity(catalog, entity)?.fields ?? [], n.field);
        if (field?.type === 'lookup' && field.lookupEntity) {
          const keys = (n.values ?? []).filter((v): v is string => typeof v === 'string');
          if (keys.length > 0) load(field.lookupEntity, 'key', JSON.stringify(keys));
        }
      }
      if (n.kind !== 'related' || from.length === 0) continue;
      if (n.direction === 'manyToMany') {
        // N:N: load what its nested form (through the intersect entity) visits.
        const nested = tryExpand(n, entity);
        if (nested) follow([nested], entity, from);
        continue;
      }
      const step = resolveRelatedStep(catalog, entity, n.relationship, n.direction);
      if (!step.ok) continue;
      const lookup = step.relationship.lookupField.toLowerCase();
      let reached: EntityRecord[];
      if (step.direction === 'toReferenced') {
        const targets = from.map((r) => r.values[lookup]).filter((v): v is number => typeof v === 'number');
        reached = load(step.target, 'rid', JSON.stringify(targets));
      } else {
        const target = storage.entities.get(step.target.toLowerCase());
        const col = target?.fields.get(lookup)?.column;
        reached = col ? load(step.target, quoteIdent(col), JSON.stringify(from.map((r) => r.rid))) : [];
      }
      follow(n.children, step.target, reached);
    }
  };
  if (def.kind === 'dynamic') for (const b of def.blocks) if (b.kind === 'profile') follow(b.root.children, 'contact', contacts);

  const interactions: InteractionRecord[] = [];
  const typeById = new Map([...storage.interactionTypes.values()].map((t) => [t.id, t]));
  for (const row of stmt(db, 'SELECT * FROM interactions WHERE contact_rid = ?').all(rid) as Record<string, unknown>[]) {
    const t = typeById.get(Number(row.type_id));
    if (!t) continue;
    const values: Record<string, StoredValue> = {};
    for (const [name, f] of t.fields) {
      const v = row[f.column];
      values[name] = v === undefined || v === null ? null : (v as StoredValue);
    }
    interactions.push({ type: t.name, contactRid: rid, ts: Number(row.ts), values });
  }

  const segmentMembers: Record<string, number[]> = {};
  for (const id of referencedSegments(def)) {
    segmentMembers[id] = isStoredMember(db, id, rid) ? [rid] : [];
  }
  const entities: Record<string, EntityRecord[]> = {};
  for (const e of catalog.entities) entities[e.name.toLowerCase()] = [...(records.get(e.name.toLowerCase())?.values() ?? [])];
  return { catalog, entities, interactions, segmentMembers };
}
