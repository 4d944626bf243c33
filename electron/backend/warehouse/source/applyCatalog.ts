/**
 * Stores a catalog read from the warehouse (readCatalog.ts) through the catalog service, in ONE SQLite
 * transaction: entities (tables with their key), fields with types, options and lookups (relationships
 * follow), interaction types and their fields, display labels and primary name fields. What the desktop
 * already has is kept (its labels too); a conflicting type or key is refused by name. Before commit the
 * result is checked against the warehouse's columns with the same check `warehouse.connect` uses, so a
 * catalog this app could not run on the warehouse is never stored: any refusal rolls everything back.
 */
import { ApiFailure } from '../../../../shared/api/result.js';
import { CatalogRepo, type FieldDef, type NewField } from '../../catalog/catalogRepo.js';
import type { Db } from '../../db/connection.js';
import { loadStorageCatalog } from '../../segments/compileCatalog.js';
import type { MetaCatalog, MetaField } from '../catalogMeta.js';
import { warehouseSchema } from '../schema.js';
import { mismatchMessage, schemaProblems, type FoundColumn } from './introspect.js';

const lower = (s: string): string => s.toLowerCase();

/** Whether the desktop catalog is still the fresh one: contacts with only their key, nothing else, no data. */
export function catalogIsEmpty(db: Db): boolean {
  const repo = new CatalogRepo(db);
  const entities = repo.entities();
  const contact = entities[0];
  if (entities.length !== 1 || !contact || contact.fields.length > 1 || repo.interactionTypes().length > 0) return false;
  return (db.prepare(`SELECT count(*) FROM "${contact.table}"`).pluck().get() as number) === 0;
}

const newField = (f: MetaField): NewField => ({
  name: f.name,
  type: f.type,
  ...(f.label ? { label: f.label } : {}),
  ...(f.options ? { options: f.options } : {}),
  ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
});

function conflicts(owner: string, have: readonly FieldDef[], want: readonly MetaField[], problems: string[]): void {
  for (const f of want) {
    const h = have.find((x) => lower(x.name) === lower(f.name));
    if (h && h.type !== f.type) problems.push(`field "${owner}.${f.name}" is ${h.type} here and ${f.type} in the warehouse`);
  }
}

/** Adds the warehouse's catalog to the desktop's; returns what was added (entities, fields, interaction types). */
export function applyWarehouseCatalog(
  db: Db,
  catalog: MetaCatalog,
  schemaName: string,
  found: readonly FoundColumn[],
): { entities: number; fields: number; interactionTypes: number } {
  const repo = new CatalogRepo(db);
  const fresh = catalogIsEmpty(db);
  const before = { e: repo.entities(), t: repo.interactionTypes() };
  const countFields = (): number =>
    repo.entities().reduce((n, e) => n + e.fields.length, 0) + repo.interactionTypes().reduce((n, t) => n + t.fields.length, 0);
  const fieldsBefore = countFields();
  db.transaction(() => {
    const problems: string[] = [];
    for (const e of catalog.entities) {
      const have = repo.entity(e.name);
      if (have && lower(have.keyField) !== lower(e.keyField)) {
        if (fresh && lower(have.name) === 'contact') {
          // The fresh store's contact key is a placeholder (`contactid`): follow the warehouse's.
          db.prepare('UPDATE catalog_entities SET key_field = ?, display_field = ? WHERE name = ?').run(e.keyField, e.keyField, have.name);
          db.prepare("UPDATE catalog_fields SET name = ?, label = ? WHERE entity = ? AND column_name = 'key'").run(
            e.keyField,
            e.keyLabel ?? e.keyField,
            have.name,
          );
        } else problems.push(`entity "${e.name}" is keyed by "${have.keyField}" here and by "${e.keyField}" in the warehouse`);
      }
      if (have) conflicts(e.name, have.fields, e.fields, problems);
      else repo.ensureEntity(e.name, e.keyField);
    }
    for (const t of catalog.interactionTypes) {
      const have = repo.interactionType(t.name);
      if (have) conflicts(t.name, have.fields, t.fields, problems);
    }
    if (problems.length > 0) throw new ApiFailure('conflict', `The warehouse catalog does not fit this one: ${problems.join('; ')}.`);

    const isNew = (name: string): boolean => !before.e.some((x) => lower(x.name) === lower(name));
    for (const e of catalog.entities) {
      repo.addEntityFields(e.name, e.fields.map(newField));
      if (!isNew(e.name) && !(fresh && lower(e.name) === 'contact')) continue; // keep the desktop's own labels
      if (e.label) db.prepare('UPDATE catalog_entities SET label = ? WHERE lower(name) = lower(?)').run(e.label, e.name);
      if (e.keyLabel)
        db.prepare("UPDATE catalog_fields SET label = ? WHERE lower(entity) = lower(?) AND column_name = 'key'").run(e.keyLabel, e.name);
      if (e.displayField && repo.field(e.name, e.displayField))
        db.prepare('UPDATE catalog_entities SET display_field = ? WHERE lower(name) = lower(?)').run(e.displayField, e.name);
    }
    for (const r of catalog.relationships) {
      if (r.label)
        db.prepare('UPDATE catalog_relationships SET label = ? WHERE lower(name) = lower(?) AND label IS NULL').run(r.label, r.name);
    }
    for (const t of catalog.interactionTypes) {
      const existed = repo.interactionType(t.name) !== undefined;
      repo.ensureInteractionType(t.name);
      repo.addInteractionFields(t.name, t.fields.map(newField));
      if (!existed && t.label) db.prepare('UPDATE interaction_types SET label = ? WHERE lower(name) = lower(?)').run(t.label, t.name);
    }
    // The same check as connecting: the stored catalog must compile to SQL the warehouse can run.
    const left = schemaProblems(warehouseSchema(loadStorageCatalog(db)), found);
    if (left.length > 0) throw new ApiFailure('invalid_state', mismatchMessage(schemaName, left));
  })();
  return {
    entities: repo.entities().length - before.e.length,
    fields: countFields() - fieldsBefore,
    interactionTypes: repo.interactionTypes().length - before.t.length,
  };
}
