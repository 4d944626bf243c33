/**
 * Condition trees (AND / OR groups, NOT, related-entity groups) → SQL boolean expressions over one
 * table alias, for any target. Related groups become uncorrelated semi-joins (`x IN (SELECT …)`), in
 * both directions and nested: SQLite runs each as a LIST SUBQUERY and can probe the lookup index, which
 * is the fast strategy at 1M contacts (perf-anchors: 0.27 ms vs 34 ms for a correlated EXISTS).
 * Re-checks of one or a few contacts ask for the opposite (`correlated`): building the list would read
 * every related record, while the correlated EXISTS is one rowid or lookup-index probe per contact.
 */
import type { ConditionNode, GroupNode, RelatedGroupNode } from '../../../shared/segments/ast.js';
import type { Clock } from './compileDates.js';
import { compileRule, quoteName } from './compileRules.js';
import { compileExpressionRule } from './compileExpressions.js';
import { isExpressionRule } from '../../../shared/segments/exprMatch.js';
import { expandManyToMany } from '../../../shared/segments/manyToMany.js';
import { compileError, joinBalanced, type SqlBuilder } from './compileSql.js';
import type { CompileTarget, TargetColumn, TargetEntity } from './compileTarget.js';

/** Where a condition is evaluated: which columns exist and which alias holds them. */
export interface ConditionScope {
  b: SqlBuilder;
  target: CompileTarget;
  clock: Clock;
  alias: string;
  /** Columns by lower-cased field name. */
  columns: ReadonlyMap<string, TargetColumn>;
  /** The entity (null for an interaction filter, where related groups are not allowed). */
  entity: TargetEntity | null;
  positive: boolean;
  /**
   * Related groups as correlated EXISTS probes instead of uncorrelated semi-joins (see
   * `CompileOptions.correlatedRelated`): the shape for re-checking one or a few contacts.
   */
  correlated?: boolean;
}

function compileGroup(node: GroupNode, s: ConditionScope): string {
  const inner = { ...s, positive: node.not ? !s.positive : s.positive };
  const parts = node.children.map((c) => compileCondition(c, inner));
  // An empty group is TRUE whatever its combinator (an empty root matches every contact, an empty
  // related group means "has at least one related record").
  // Balanced for long chains: 2,000 conditions must not reach SQLite's expression depth limit.
  const joined = joinBalanced(parts, node.combinator === 'and' ? 'AND' : 'OR', s.b.d.truePredicate);
  return node.not ? `(NOT ${joined})` : joined;
}

function compileRelated(node: RelatedGroupNode, s: ConditionScope): string {
  if (!s.entity) throw compileError('Related-entity groups are not allowed here', node.id);
  if (node.direction === 'manyToMany') {
    let nested: RelatedGroupNode;
    try {
      nested = expandManyToMany(s.target.catalog.relationships, s.entity.name, node);
    } catch (e) {
      throw compileError((e as Error).message, node.id);
    }
    return compileRelated(nested, s);
  }
  const rel = s.target.catalog.relationships.get(node.relationship.toLowerCase());
  if (!rel) throw compileError(`Unknown relationship '${node.relationship}'`, node.id);
  const from = s.entity.name.toLowerCase();
  const forward = node.direction === 'toReferenced';
  const ownSide = (forward ? rel.referencingEntity : rel.referencedEntity).toLowerCase();
  const otherName = forward ? rel.referencedEntity : rel.referencingEntity;
  if (ownSide !== from) {
    throw compileError(`Relationship '${rel.name}' cannot be followed from ${s.entity.name} in direction ${node.direction}`, node.id);
  }
  const other = s.target.entities.get(otherName.toLowerCase());
  if (!other) throw compileError(`Relationship '${rel.name}' leads to unknown entity '${otherName}'`, node.id);
  const referencing = s.target.entities.get(rel.referencingEntity.toLowerCase());
  const lookup = referencing?.columns.get(rel.lookupField.toLowerCase());
  if (!lookup || lookup.field.type !== 'lookup')
    throw compileError(`Relationship '${rel.name}' has no lookup field '${rel.lookupField}'`, node.id);

  const a = s.b.alias();
  const inner: ConditionScope = { ...s, alias: a, columns: other.columns, entity: other, positive: true };
  // Existential: "at least one related record matches every row" is two-valued, so the children are
  // compiled as a positive WHERE (unknown rows simply do not qualify) whatever the outer polarity.
  const where = compileGroup({ kind: 'group', id: node.id, combinator: node.combinator, children: node.children }, inner);
  const q = (name: string): string => quoteName(s.b.d, name);
  const lk = q(lookup.name);
  const table = `${q(other.table)} AS ${a}`;
  // Lookup columns hold the referenced record's id (desktop: its rid; warehouse: its key).
  const ownId = `${s.alias}.${q(s.entity.id)}`;
  const otherId = `${a}.${q(other.id)}`;
  if (s.correlated) {
    // One contact at a time: a rowid probe of the referenced record (forward) or a lookup-index range
    // of the referencing records (reverse) instead of building the whole list of matching records.
    // Two-valued like the semi-joins: a NULL lookup equals nothing, so EXISTS is FALSE.
    const probe = forward
      ? `EXISTS (SELECT 1 FROM ${table} WHERE ${otherId} = ${s.alias}.${lk} AND ${where})`
      : `EXISTS (SELECT 1 FROM ${table} WHERE ${a}.${lk} = ${ownId} AND ${where})`;
    return node.not ? `(NOT ${probe})` : probe;
  }
  // Both forms are two-valued: a NULL lookup gives FALSE, and no NULL ever enters the IN list.
  const semi = forward
    ? `(${s.alias}.${lk} IS NOT NULL AND ${s.alias}.${lk} IN (SELECT ${otherId} FROM ${table} WHERE ${where}))`
    : `(${ownId} IN (SELECT ${a}.${lk} FROM ${table} WHERE ${a}.${lk} IS NOT NULL AND ${where}))`;
  return node.not ? `(NOT ${semi})` : semi;
}

/** Compiles any condition node in `scope`. */
export function compileCondition(node: ConditionNode, s: ConditionScope): string {
  switch (node.kind) {
    case 'group':
      return compileGroup(node, s);
    case 'related':
      return compileRelated(node, s);
    case 'rule': {
      if (isExpressionRule(node)) return compileExpressionRule(node, s.columns, s.b, s.alias);
      const column = s.columns.get(node.field.toLowerCase());
      if (!column) throw compileError(`Unknown field '${node.field}'`, node.id);
      return compileRule(node, { b: s.b, target: s.target, clock: s.clock, alias: s.alias, column, positive: s.positive });
    }
  }
}
