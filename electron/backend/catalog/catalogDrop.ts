/**
 * Deleting parts of the catalog: an entity field, an entity, an interaction field or type. Each is
 * refused — changing nothing — while a segment uses it (naming the segments) or, for an entity, while
 * another entity's lookup points at it. Call inside a transaction; the caller reports the returned
 * change after commit (a whole-entity change: the worker's columnar cache drops the entity's columns).
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { Db } from '../db/connection.js';
import type { DataChange } from '../dataChange.js';
import { shadowColumnOf } from '../values/storedValue.js';
import type { CatalogRepo } from './catalogRepo.js';
import { segmentsUsingEntity, segmentsUsingField, segmentsUsingType, segmentsUsingTypeField } from './catalogUsage.js';

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

const refuse = (message: string, path: string): never => {
  throw new ApiFailure('invalid_state', message, [{ path, message }]);
};

/** Drops a column and its index (an indexed column cannot be dropped). */
function dropColumn(db: Db, table: string, column: string): void {
  const indexes = db.prepare(`SELECT name FROM pragma_index_list(?)`).pluck().all(table) as string[];
  for (const ix of indexes) {
    const cols = db.prepare('SELECT name FROM pragma_index_info(?)').pluck().all(ix) as string[];
    if (cols.includes(column)) db.exec(`DROP INDEX "${ix}"`);
  }
  const present = db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column);
  if (present) db.exec(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
}

/** Why `entity.field` cannot be dropped now, or null. */
export function fieldDropProblem(db: Db, repo: CatalogRepo, entityName: string, fieldName: string): string | null {
  const entity = repo.entity(entityName);
  if (!entity) return `There is no entity "${entityName}".`;
  const field = entity.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
  if (!field) return `Entity ${entity.name} has no field "${fieldName}".`;
  if (field.column === 'key') return `"${field.name}" is the key of ${entity.name}; it cannot be deleted.`;
  const using = segmentsUsingField(db, repo, entity.name, field.name);
  if (using.length > 0)
    return `Field "${field.name}" of ${entity.name} is used by the segment${using.length > 1 ? 's' : ''} ${quoteList(using)}.`;
  return null;
}

/** Deletes an entity field with its values; refused while a segment uses it. */
export function dropEntityField(db: Db, repo: CatalogRepo, entityName: string, fieldName: string): DataChange {
  const problem = fieldDropProblem(db, repo, entityName, fieldName);
  if (problem) refuse(problem, 'field');
  const entity = repo.entity(entityName)!;
  const field = entity.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase())!;
  dropColumn(db, entity.table, field.column);
  if (field.foldedColumn) dropColumn(db, entity.table, shadowColumnOf(field.column));
  db.prepare('DELETE FROM catalog_fields WHERE entity = ? AND name = ?').run(entity.name, field.name);
  db.prepare('DELETE FROM catalog_relationships WHERE referencing_entity = ? AND lookup_field = ?').run(entity.name, field.name);
  if (entity.displayField.toLowerCase() === field.name.toLowerCase())
    db.prepare('UPDATE catalog_entities SET display_field = key_field WHERE name = ?').run(entity.name);
  return { kind: 'profile', entity: entity.name, fields: entity.fields.map((f) => f.name), rids: 'many' };
}

/** Why an entity cannot be dropped now, or null. */
export function entityDropProblem(db: Db, repo: CatalogRepo, entityName: string): string | null {
  const entity = repo.entity(entityName);
  if (!entity) return `There is no entity "${entityName}".`;
  if (entity.name.toLowerCase() === 'contact') return 'The contact entity cannot be deleted: segments are made of contacts.';
  const using = segmentsUsingEntity(db, repo, entity.name);
  if (using.length > 0) return `Entity ${entity.name} is used by the segment${using.length > 1 ? 's' : ''} ${quoteList(using)}.`;
  const pointing = repo
    .entities()
    .filter((e) => e.name.toLowerCase() !== entity.name.toLowerCase())
    .flatMap((e) => e.fields.filter((f) => f.lookupEntity?.toLowerCase() === entity.name.toLowerCase()).map((f) => `${e.name}.${f.name}`));
  if (pointing.length > 0) return `Entity ${entity.name} is looked up by ${pointing.join(', ')}; delete those fields first.`;
  return null;
}

/** Deletes an entity with its records; refused while a segment uses it or a lookup points at it. */
export function dropEntity(db: Db, repo: CatalogRepo, entityName: string): void {
  const problem = entityDropProblem(db, repo, entityName);
  if (problem) refuse(problem, 'entity');
  const entity = repo.entity(entityName)!;
  db.exec(`DROP TABLE "${entity.table}"`);
  db.prepare('DELETE FROM catalog_fields WHERE entity = ?').run(entity.name);
  db.prepare('DELETE FROM catalog_relationships WHERE referencing_entity = ? OR referenced_entity = ?').run(entity.name, entity.name);
  db.prepare('DELETE FROM catalog_entities WHERE name = ?').run(entity.name);
}

/**
 * Deletes an interaction type's field (its column goes once no type has a field in it). Null when a
 * segment uses it (the field stays); otherwise the names of what went.
 */
export function dropInteractionField(db: Db, repo: CatalogRepo, typeName: string, fieldName: string): string[] | null {
  const type = repo.interactionType(typeName);
  const field = type?.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
  if (!type || !field) return [];
  if (segmentsUsingTypeField(db, repo, type.name, field.name).length > 0) return null;
  db.prepare('DELETE FROM interaction_fields WHERE type_id = ? AND name = ?').run(type.id, field.name);
  const shared = db.prepare('SELECT 1 FROM interaction_fields WHERE column_name = ?').get(field.column);
  if (!shared) {
    dropColumn(db, 'interactions', field.column);
    dropColumn(db, 'interactions', shadowColumnOf(field.column));
  }
  return [`${type.name}.${field.name}`];
}

/** Deletes an interaction type that has no interactions and no segment counts; false when it stays. */
export function dropInteractionTypeIfUnused(db: Db, repo: CatalogRepo, typeName: string): boolean {
  const type = repo.interactionType(typeName);
  if (!type) return false;
  if (segmentsUsingType(db, repo, type.name).length > 0) return false;
  if (db.prepare('SELECT 1 FROM interactions WHERE type_id = ? LIMIT 1').get(type.id)) return false;
  for (const f of type.fields) dropInteractionField(db, repo, type.name, f.name);
  db.prepare('DELETE FROM interaction_fields WHERE type_id = ?').run(type.id);
  db.prepare('DELETE FROM interaction_types WHERE id = ?').run(type.id);
  return true;
}
