/**
 * Keeps moves in the builder meaningful: a rule reads the fields of the entity of the group it sits
 * in (the root scope, or the entity of the nearest related-entity group), and a related-entity group
 * follows a relationship of its parent's entity. A drag and drop, a copy-drop, a group-drop or a
 * keyboard shift that would put a rule or group where that no longer holds is refused: dropping
 * `Contact: City` into an Account group would otherwise silently read `Account: City`, or nothing.
 */
import type { DraggedItem, RuleGroupTypeAny, RuleType } from 'react-querybuilder';
import { fieldScope, isRqbGroup, relatedInfoOf } from './astRqb';
import { scopeAtPath } from './builderContext';
import type { CatalogIndex } from './catalogIndex';

const lc = (s: string): string => s.toLowerCase();

/** How many rules and related groups sit where their entity does not fit. */
export function scopeViolations(query: RuleGroupTypeAny, rootScope: string, index: CatalogIndex): number {
  let count = 0;
  const walk = (group: RuleGroupTypeAny, scope: string): void => {
    for (const node of group.rules) {
      if (typeof node === 'string') continue;
      if (!isRqbGroup(node)) {
        if (lc(fieldScope((node as RuleType).field)) !== lc(scope)) count++;
        continue;
      }
      const related = relatedInfoOf(node);
      if (
        related &&
        !index.relationshipsFrom(scope).some((r) => lc(r.relationship) === lc(related.relationship) && r.direction === related.direction)
      )
        count++;
      walk(node, related?.entity ?? scope);
    }
  };
  walk(query, rootScope);
  return count;
}

/** Whether a move from `query` to `next` keeps every rule and group on its entity (no new misfits). */
export function moveKeepsScopes(query: RuleGroupTypeAny, next: RuleGroupTypeAny, rootScope: string, index: CatalogIndex): boolean {
  return scopeViolations(next, rootScope, index) <= scopeViolations(query, rootScope, index);
}

/**
 * Drop-target feedback while dragging: the entity the dragged item reads where it comes from must be
 * the entity of the place it would land (inside a hovered group, or beside a hovered rule).
 */
export function canDropOn(dragging: DraggedItem, hovering: DraggedItem, query: RuleGroupTypeAny, rootScope: string): boolean {
  if (dragging.qbId !== hovering.qbId) return false;
  const from = scopeAtPath(query, dragging.path.slice(0, -1), rootScope);
  const to = isRqbGroup(hovering)
    ? scopeAtPath(query, hovering.path, rootScope)
    : scopeAtPath(query, hovering.path.slice(0, -1), rootScope);
  return lc(from) === lc(to);
}
