/**
 * Edits what a person reads in the catalog (`catalog.update`): display labels of entities, fields,
 * interaction types and relationships, and each entity's primary name field. Logical names, tables and
 * data never change, so segment definitions, files and query text keep working. Labels are unique in
 * their group (case-insensitive), so a message or picker naming a field by label is never ambiguous.
 */
import type { MethodInput } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Catalog } from '../../../shared/models/catalog.js';
import type { Db } from '../db/connection.js';
import { CatalogRepo, type FieldDef } from './catalogRepo.js';
import { describeCatalog } from './describe.js';

type UpdateInput = MethodInput<'catalog.update'>;

const lower = (s: string): string => s.toLowerCase();

/** Field types whose value can name a record (the primary name field). */
const NAMING_TYPES = new Set(['text', 'choice']);

function notFound(what: string, name: string): ApiFailure {
  return new ApiFailure('not_found', `There is no ${what} "${name}" in the catalog.`);
}

/** Refuses `label` when another item of the group (`others`: its members but the one edited) already uses it. */
function checkUnique(label: string, others: readonly { label: string }[], group: string, path = 'label'): void {
  const clash = others.find((o) => lower(o.label.trim()) === lower(label));
  if (clash)
    throw new ApiFailure('conflict', `"${label}" is already the label of another ${group}. Choose another label.`, [
      { path, message: `"${label}" is already used by another ${group}` },
    ]);
}

function fieldOf(fields: readonly FieldDef[], name: string, owner: string): FieldDef {
  const f = fields.find((x) => lower(x.name) === lower(name));
  if (!f) throw notFound(`field of ${owner} named`, name);
  return f;
}

/** Applies one edit in a transaction and returns the catalog as `catalog.describe` serves it. */
export function updateCatalog(db: Db, input: UpdateInput): Catalog {
  const repo = new CatalogRepo(db);
  db.transaction(() => {
    switch (input.target) {
      case 'entity': {
        const entities = repo.entities();
        const e = entities.find((x) => lower(x.name) === lower(input.entity));
        if (!e) throw notFound('entity', input.entity);
        if (input.label !== undefined) {
          checkUnique(
            input.label,
            entities.filter((x) => x !== e),
            'entity',
          );
          db.prepare('UPDATE catalog_entities SET label = ? WHERE name = ?').run(input.label, e.name);
        }
        if (input.displayField !== undefined) {
          const f = fieldOf(e.fields, input.displayField, e.label);
          if (f.column !== 'key' && !NAMING_TYPES.has(f.type))
            throw new ApiFailure('invalid_input', `"${f.label}" cannot name a ${e.label} record: choose a text or choice field.`, [
              { path: 'displayField', message: `"${f.label}" is a ${f.type} field; choose a text or choice field` },
            ]);
          db.prepare('UPDATE catalog_entities SET display_field = ? WHERE name = ?').run(f.name, e.name);
        }
        return;
      }
      case 'field': {
        const e = repo.entity(input.entity);
        if (!e) throw notFound('entity', input.entity);
        const f = fieldOf(e.fields, input.field, e.label);
        checkUnique(
          input.label,
          e.fields.filter((x) => x !== f),
          `field of ${e.label}`,
        );
        db.prepare('UPDATE catalog_fields SET label = ? WHERE entity = ? AND name = ?').run(input.label, e.name, f.name);
        return;
      }
      case 'interactionType': {
        const types = repo.interactionTypes();
        const t = types.find((x) => lower(x.name) === lower(input.interactionType));
        if (!t) throw notFound('interaction type', input.interactionType);
        checkUnique(
          input.label,
          types.filter((x) => x !== t),
          'interaction type',
        );
        db.prepare('UPDATE interaction_types SET label = ? WHERE id = ?').run(input.label, t.id);
        return;
      }
      case 'interactionField': {
        const t = repo.interactionType(input.interactionType);
        if (!t) throw notFound('interaction type', input.interactionType);
        const f = fieldOf(t.fields, input.field, t.label);
        checkUnique(
          input.label,
          t.fields.filter((x) => x !== f),
          `field of ${t.label}`,
        );
        db.prepare('UPDATE interaction_fields SET label = ? WHERE type_id = ? AND name = ?').run(input.label, t.id, f.name);
        return;
      }
      case 'relationship': {
        const r = repo.relationship(input.relationship);
        if (!r) throw notFound('relationship', input.relationship);
        db.prepare('UPDATE catalog_relationships SET label = ? WHERE name = ?').run(input.label, r.name);
        return;
      }
    }
  })();
  return describeCatalog(db);
}
