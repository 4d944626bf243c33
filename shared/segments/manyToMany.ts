/**
 * N:N relationships: an intersect entity with lookups to two entities (contact ← registration → event)
 * read as one link, contact <-> event (via registration). There is no separate meaning: an N:N related
 * group (`direction: 'manyToMany'`) means exactly the two nested related groups through the intersect
 * entity, and every engine (reference evaluator, SQL compiler, columnar engine) expands it with
 * {@link expandManyToMany} before evaluating, so they cannot disagree.
 *
 * Detection: an entity that holds exactly two lookups (two relationships with it as the referencing
 * entity) is an intersect entity. Its N:N relationship is named `<a>_<b>_via_<intersect>`, where a and b
 * are the referenced entities in the order of the relationship names.
 */
import type { Catalog } from '../models/catalog.js';
import type { RelatedGroupNode } from './ast.js';
import { excerpt } from './limits.js';

/** The part of a relationship the N:N detection reads (a LinkRelationship or the compiler's storage one). */
export interface LinkRelationship {
  name: string;
  referencingEntity: string;
  referencedEntity: string;
}

/**
 * Where relationships come from: the catalog's list, or the compilers' map by lower-cased name. Results
 * are cached per source object, so pass the same object each time.
 */
export type RelationshipSource = readonly LinkRelationship[] | ReadonlyMap<string, LinkRelationship>;

/** The relationship source of a catalog (its list; the same object each call). */
export function catalogLinks(catalog: Catalog): RelationshipSource {
  return catalog.relationships;
}

/** An N:N link derived from an intersect entity with exactly two lookups. */
export interface CatalogManyToMany {
  /** `<a>_<b>_via_<intersect>`: the name TRAVERSE and the segment AST use. */
  name: string;
  intersect: string;
  /** intersect → a (`first.referencedEntity`). */
  first: LinkRelationship;
  /** intersect → b (`second.referencedEntity`). */
  second: LinkRelationship;
}

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const cache = new WeakMap<RelationshipSource, CatalogManyToMany[]>();

/** Every N:N relationship (intersect entities: exactly two lookups held), in intersect-name order. */
export function manyToManyRelationships(source: RelationshipSource): CatalogManyToMany[] {
  const hit = cache.get(source);
  if (hit) return hit;
  const rels = Array.isArray(source)
    ? (source as readonly LinkRelationship[])
    : [...(source as ReadonlyMap<string, LinkRelationship>).values()];
  const byIntersect = new Map<string, LinkRelationship[]>();
  for (const r of rels) {
    const k = r.referencingEntity.toLowerCase();
    byIntersect.set(k, [...(byIntersect.get(k) ?? []), r]);
  }
  const out: CatalogManyToMany[] = [];
  for (const k of [...byIntersect.keys()].sort()) {
    const held = byIntersect.get(k) ?? [];
    if (held.length !== 2) continue;
    const [first, second] = [...held].sort((x, y) => (x.name.toLowerCase() < y.name.toLowerCase() ? -1 : 1)) as [
      LinkRelationship,
      LinkRelationship,
    ];
    const intersect = first.referencingEntity;
    out.push({ name: `${first.referencedEntity}_${second.referencedEntity}_via_${intersect}`, intersect, first, second });
  }
  cache.set(source, out);
  return out;
}

export function findManyToMany(source: RelationshipSource, name: string): CatalogManyToMany | undefined {
  return manyToManyRelationships(source).find((m) => eq(m.name, name));
}

/** The two hops of an N:N link followed from `fromEntity`: near (into the intersect), far (out of it). */
export type ManyToManyStep =
  { ok: true; link: CatalogManyToMany; near: LinkRelationship; far: LinkRelationship; target: string } | { ok: false; message: string };

/** Resolves N:N `name` followed from `fromEntity` (from a on a self-link a <-> a, near is `first`). */
export function resolveManyToMany(source: RelationshipSource, fromEntity: string, name: string): ManyToManyStep {
  const link = findManyToMany(source, name);
  if (!link) return { ok: false, message: `Unknown N:N relationship '${excerpt(name)}'` };
  if (eq(link.first.referencedEntity, fromEntity))
    return { ok: true, link, near: link.first, far: link.second, target: link.second.referencedEntity };
  if (eq(link.second.referencedEntity, fromEntity))
    return { ok: true, link, near: link.second, far: link.first, target: link.first.referencedEntity };
  return {
    ok: false,
    message: `N:N relationship '${link.name}' links ${link.first.referencedEntity} and ${link.second.referencedEntity}; it cannot be followed from ${fromEntity}`,
  };
}

const expanded = new WeakMap<RelationshipSource, WeakMap<RelatedGroupNode, RelatedGroupNode>>();

/**
 * The nested form of an N:N group followed from `fromEntity`: a related group into the intersect
 * entity (carrying the N:N group's id and NOT) holding one related group to the far entity (id
 * `<id>~far`, the N:N group's combinator and children). Cached per node, so engines may call it per record.
 * A node that is not N:N is returned as it is. Throws when the N:N relationship cannot be followed.
 */
export function expandManyToMany(source: RelationshipSource, fromEntity: string, node: RelatedGroupNode): RelatedGroupNode {
  if (node.direction !== 'manyToMany') return node;
  let byNode = expanded.get(source);
  if (!byNode) expanded.set(source, (byNode = new WeakMap()));
  const hit = byNode.get(node);
  if (hit) return hit;
  const step = resolveManyToMany(source, fromEntity, node.relationship);
  if (!step.ok) throw new Error(`Related group ${node.id}: ${step.message}`);
  const far: RelatedGroupNode = {
    kind: 'related',
    id: `${node.id}~far`,
    relationship: step.far.name,
    direction: 'toReferenced',
    entity: step.target,
    combinator: node.combinator,
    children: node.children,
  };
  const near: RelatedGroupNode = {
    kind: 'related',
    id: node.id,
    relationship: step.near.name,
    direction: 'toReferencing',
    entity: step.link.intersect,
    combinator: 'and',
    children: [far],
  };
  if (node.not) near.not = true;
  byNode.set(node, near);
  return near;
}
