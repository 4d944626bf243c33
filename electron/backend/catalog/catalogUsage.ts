/**
 * Which segments use a part of the catalog: an entity field tested by a rule (on contacts or through a
 * related group), a lookup field walked by a related group, an entity reached by one, an interaction type
 * counted by a block and the interaction fields its filter or aggregate reads. Deleting a field, an entity
 * or an interaction type is refused while a segment uses it, naming the segments.
 */
import type { Block, ConditionNode, SegmentDefinition } from '../../../shared/segments/ast.js';
import type { Db } from '../db/connection.js';
import type { CatalogRepo } from './catalogRepo.js';

/** What one segment reads, as lower-cased `entity.field`, `entity`, `type` and `type.field` names. */
interface Uses {
  fields: Set<string>;
  entities: Set<string>;
  types: Set<string>;
  typeFields: Set<string>;
}

function usesOf(def: SegmentDefinition, repo: CatalogRepo): Uses {
  const u: Uses = { fields: new Set(), entities: new Set(), types: new Set(), typeFields: new Set() };
  if (def.kind !== 'dynamic') return u;
  const walk = (nodes: ConditionNode[], entity: string): void => {
    for (const n of nodes) {
      if (n.kind === 'rule') u.fields.add(`${entity}.${n.field.toLowerCase()}`);
      else if (n.kind === 'group') walk(n.children, entity);
      else {
        const rel = repo.relationship(n.relationship);
        if (rel) u.fields.add(`${rel.referencingEntity.toLowerCase()}.${rel.lookupField.toLowerCase()}`);
        u.entities.add(n.entity.toLowerCase());
        walk(n.children, n.entity.toLowerCase());
      }
    }
  };
  for (const b of def.blocks as Block[]) {
    if (b.kind === 'profile') walk(b.root.children, 'contact');
    else if (b.kind === 'interaction') {
      const type = b.interactionType.toLowerCase();
      u.types.add(type);
      const visit = (nodes: ConditionNode[]): void => {
        for (const n of nodes) {
          if (n.kind === 'rule') u.typeFields.add(`${type}.${n.field.toLowerCase()}`);
          else visit(n.children);
        }
      };
      if (b.filter) visit(b.filter.children);
      if (b.aggregate) u.typeFields.add(`${type}.${b.aggregate.field.toLowerCase()}`);
    }
  }
  return u;
}

/** Names of the segments (sorted) whose definitions use what `pick` selects. */
function segmentsWhere(db: Db, repo: CatalogRepo, pick: (u: Uses) => boolean): string[] {
  const rows = db.prepare('SELECT name, definition FROM segments ORDER BY name').all() as { name: string; definition: string }[];
  return rows.filter((r) => pick(usesOf(JSON.parse(r.definition) as SegmentDefinition, repo))).map((r) => r.name);
}

/** Segments testing `entity.field` (a rule, or the lookup a related group walks). */
export function segmentsUsingField(db: Db, repo: CatalogRepo, entity: string, field: string): string[] {
  const name = `${entity.toLowerCase()}.${field.toLowerCase()}`;
  return segmentsWhere(db, repo, (u) => u.fields.has(name));
}

/** Segments reaching `entity` through a related group or testing any of its fields. */
export function segmentsUsingEntity(db: Db, repo: CatalogRepo, entity: string): string[] {
  const e = entity.toLowerCase();
  return segmentsWhere(db, repo, (u) => u.entities.has(e) || [...u.fields].some((f) => f.startsWith(`${e}.`)));
}

/** Segments counting interactions of `type` (and so reading its fields). */
export function segmentsUsingType(db: Db, repo: CatalogRepo, type: string): string[] {
  const t = type.toLowerCase();
  return segmentsWhere(db, repo, (u) => u.types.has(t));
}

/** Segments whose interaction filter or aggregate reads `type.field`. */
export function segmentsUsingTypeField(db: Db, repo: CatalogRepo, type: string, field: string): string[] {
  const name = `${type.toLowerCase()}.${field.toLowerCase()}`;
  return segmentsWhere(db, repo, (u) => u.typeFields.has(name));
}
