/**
 * What every custom builder control needs beyond RQB's own props; passed through RQB's `context`
 * prop so one QueryBuilder instance can serve profile blocks and (restricted) interaction filters.
 */
import { findPath, type Path, type RuleGroupTypeAny } from 'react-querybuilder';
import { INTERACTION_FILTER_FORBIDDEN, OPERATORS_BY_TYPE, operatorLabel } from '../../../../shared/segments/operators';
import type { RuleOperator } from '../../../../shared/segments/ast';
import type { CatalogField } from '../../../../shared/models/catalog';
import { isRqbGroup, relatedInfoOf } from './astRqb';
import type { BuilderSelection } from './builderSelection';
import type { CatalogIndex } from './catalogIndex';

export interface BuilderContextValue {
  index: CatalogIndex;
  /** The entity (or interaction type) the root group's rules read. */
  rootScope: string;
  /** Interaction filters: no text matching, no relative dates, no related-entity groups (spec F9). */
  restricted: boolean;
  /** Validation messages by AST node id (RQB ids are the AST ids). */
  issues: ReadonlyMap<string, readonly string[]>;
  readOnly: boolean;
  /** Drag and drop is on (the builder sits in QueryBuilderDnD with react-dnd; off when read-only). */
  dnd: boolean;
  /** Says a message in the builder's polite live region (keyboard moves); absent in bare tests. */
  announce?: (message: string) => void;
  /** Id of the hint that tells how to move a row with the keyboard (drag handles point to it). */
  moveHintId?: string;
  /** Text rows offer the field's existing values while typing (ChipsInput, fieldValues.suggest). */
  suggestValues?: boolean;
  /** Checked rows and collapsed groups (the group tools); absent when read-only or in bare tests. */
  selection?: BuilderSelection;
}

export function builderContextOf(context: unknown): BuilderContextValue {
  return context as BuilderContextValue;
}

/** The scope (entity) whose fields a group at `path` reads: the nearest related group's entity, else the root scope. */
export function scopeAtPath(query: RuleGroupTypeAny, path: Path, rootScope: string): string {
  let scope = rootScope;
  for (let depth = 1; depth <= path.length; depth++) {
    const node = findPath(path.slice(0, depth), query);
    if (node && isRqbGroup(node)) {
      const related = relatedInfoOf(node);
      if (related) scope = related.entity;
    }
  }
  return scope;
}

/** Operators a field offers in this builder, with labels for its type. */
export function operatorsFor(
  field: CatalogField | undefined,
  restricted: boolean,
): { name: RuleOperator; value: RuleOperator; label: string }[] {
  if (!field) return [];
  return OPERATORS_BY_TYPE[field.type]
    .filter((op) => !restricted || !INTERACTION_FILTER_FORBIDDEN.has(op))
    .map((op) => ({ name: op, value: op, label: operatorLabel(op, field.type) }));
}
