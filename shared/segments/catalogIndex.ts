/**
 * Case-insensitive lookups into a Catalog, shared by the validator, the evaluator and the query-text
 * parser/printer (names match case-insensitively everywhere, see docs/storage.md).
 */
import { excerpt } from './limits.js';
import type { Catalog, CatalogEntity, CatalogField, CatalogInteractionType, CatalogRelationship } from '../models/catalog.js';
import type { RelatedGroupNode } from './ast.js';

const eqName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function findEntity(catalog: Catalog, name: string): CatalogEntity | undefined {
  return catalog.entities.find((e) => eqName(e.name, name));
}

export function findField(fields: readonly CatalogField[], name: string): CatalogField | undefined {
  return fields.find((f) => eqName(f.name, name));
}

export function findRelationship(catalog: Catalog, name: string): CatalogRelationship | undefined {
  return catalog.relationships.find((r) => eqName(r.name, name));
}

export function findInteractionType(catalog: Catalog, name: string): CatalogInteractionType | undefined {
  return catalog.interactionTypes.find((t) => eqName(t.name, name));
}

/** The label a person reads for an entity or interaction type (its name when the catalog lacks it). */
export function scopeLabelOf(catalog: Catalog, name: string): string {
  return findEntity(catalog, name)?.label ?? findInteractionType(catalog, name)?.label ?? name;
}

/** A relationship's label: its own, else its lookup field's label (`Company`), else the lookup field's name. */
export function relationshipLabelOf(catalog: Catalog, r: CatalogRelationship): string {
  const lookup = findEntity(catalog, r.referencingEntity)?.fields.find((f) => eqName(f.name, r.lookupField));
  return r.label ?? lookup?.label ?? r.lookupField;
}

/**
 * How a relationship reads when followed in `direction`: to the referenced record, `Company (Account)`;
 * back to the records that reference one, `Contact (via Company)`.
 */
export function relationshipCaption(catalog: Catalog, r: CatalogRelationship, direction: RelatedGroupNode['direction']): string {
  const label = relationshipLabelOf(catalog, r);
  return direction === 'toReferenced'
    ? `${label} (${scopeLabelOf(catalog, r.referencedEntity)})`
    : `${scopeLabelOf(catalog, r.referencingEntity)} (via ${label})`;
}

export function sameName(a: string, b: string): boolean {
  return eqName(a, b);
}

/** Where a related group leads from `fromEntity`, or an error message when it cannot be followed. */
export type RelatedStep =
  | { ok: true; relationship: CatalogRelationship; target: string; direction: RelatedGroupNode['direction'] }
  | { ok: false; message: string };

/**
 * Resolves `relationship` followed from `fromEntity`. With `direction` given, it must fit; without,
 * it is derived (a relationship from an entity to itself then follows the lookup: toReferenced).
 */
export function resolveRelatedStep(
  catalog: Catalog,
  fromEntity: string,
  relationshipName: string,
  direction?: RelatedGroupNode['direction'],
): RelatedStep {
  const relationship = findRelationship(catalog, relationshipName);
  if (!relationship) return { ok: false, message: `Unknown relationship '${excerpt(relationshipName)}'` };
  const canReferenced = eqName(relationship.referencingEntity, fromEntity);
  const canReferencing = eqName(relationship.referencedEntity, fromEntity);
  const dir = direction ?? (canReferenced ? 'toReferenced' : canReferencing ? 'toReferencing' : undefined);
  if (dir === 'toReferenced' && canReferenced) return { ok: true, relationship, target: relationship.referencedEntity, direction: dir };
  if (dir === 'toReferencing' && canReferencing) return { ok: true, relationship, target: relationship.referencingEntity, direction: dir };
  return {
    ok: false,
    message: `Relationship '${relationshipLabelOf(catalog, relationship)}' links ${scopeLabelOf(catalog, relationship.referencingEntity)} and ${scopeLabelOf(catalog, relationship.referencedEntity)}; it cannot be followed from ${scopeLabelOf(catalog, fromEntity)}${direction ? ` in direction ${direction}` : ''}`,
  };
}
