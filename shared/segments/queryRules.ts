/**
 * Pure helpers of the query-text parser: turning parsed comparisons into rules, negating a node, and
 * merging the OR/AND forms the printer writes for multi-valued rules back into one rule.
 */
import type { CatalogField } from '../models/catalog.js';
import type { ConditionNode, DateUnit, GroupNode, RuleNode, RuleOperator, RuleValue } from './ast.js';

/** A parsed operand. */
export type Operand =
  | { kind: 'field'; field: CatalogField }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'now' }
  | { kind: 'dateadd'; unit: DateUnit; amount: number }
  | { kind: 'datediff'; unit: DateUnit; from: Operand; to: Operand };

export type CmpOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export const FLIP: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/** A rule without its id (the parser assigns ids). */
export type RuleShape = Omit<RuleNode, 'id'>;

const CMP_RULE: Record<CmpOp, RuleOperator> = { '==': 'eq', '!=': 'ne', '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' };

type Literal = { ok: true; value: RuleValue } | { ok: false; message: string };

function literalFor(field: CatalogField, o: Operand): Literal {
  const want = (what: string): Literal => ({ ok: false, message: `${field.name} is a ${field.type} field: compare it with ${what}` });
  switch (field.type) {
    case 'text':
    case 'choice':
    case 'lookup':
      return o.kind === 'string' ? { ok: true, value: o.value } : want("a 'string'");
    case 'integer':
    case 'decimal':
      return o.kind === 'number' ? { ok: true, value: o.value } : want('a number');
    case 'boolean':
      return o.kind === 'bool' ? { ok: true, value: o.value } : want('True or False');
    case 'date':
    case 'datetime':
      return o.kind === 'string' || o.kind === 'date' ? { ok: true, value: o.value } : want("a date ('YYYY-MM-DD' or DATE(y, m, d))");
    case 'multichoice':
      return { ok: false, message: `${field.name} is a multi-select field: use ${field.name} CONTAINS 'value'` };
  }
}

/** Builds a rule from `field op operand`, or returns an error message when it has no rule form. */
export function comparisonRule(field: CatalogField, op: CmpOp, o: Operand): RuleShape | string {
  const isDate = field.type === 'date' || field.type === 'datetime';
  if (o.kind === 'dateadd') {
    if (!isDate) return `DATEADD compares with date fields only; ${field.name} is ${field.type}`;
    if ((op === '>=' || op === '>') && o.amount <= 0)
      return { kind: 'rule', field: field.name, operator: 'inTheLast', amount: -o.amount, unit: o.unit };
    if ((op === '<=' || op === '<') && o.amount >= 0)
      return { kind: 'rule', field: field.name, operator: 'inTheNext', amount: o.amount, unit: o.unit };
    return `Unsupported relative date: use ${field.name} >= DATEADD(DAY, -N, DATETIMEUTCNOW()) (in the last N) or ${field.name} <= DATEADD(DAY, N, DATETIMEUTCNOW()) (in the next N)`;
  }
  if (o.kind === 'now') return `Compare ${field.name} with DATEADD(DAY, ±N, DATETIMEUTCNOW()) to express a relative date`;
  if (o.kind === 'field' || o.kind === 'datediff') return 'Comparing two fields is not supported: compare a field with a value';
  if (field.type === 'text' || field.type === 'choice' || field.type === 'lookup' || field.type === 'boolean') {
    if (op !== '==' && op !== '!=') return `${field.name} is a ${field.type} field: use == or !=`;
  }
  const lit = literalFor(field, o);
  if (!lit.ok) return lit.message;
  return { kind: 'rule', field: field.name, operator: CMP_RULE[op], values: [lit.value] };
}

/** `DATEDIFF(unit, a, b) op n` → a relative date rule, or an error message. */
export function dateDiffRule(d: Extract<Operand, { kind: 'datediff' }>, op: CmpOp, n: number): RuleShape | string {
  const fieldFirst = d.from.kind === 'field' && d.to.kind === 'now';
  const nowFirst = d.from.kind === 'now' && d.to.kind === 'field';
  const field = d.from.kind === 'field' ? d.from.field : d.to.kind === 'field' ? d.to.field : undefined;
  if (!field || (!fieldFirst && !nowFirst)) return 'DATEDIFF must compare a date field with DATETIMEUTCNOW()';
  if (field.type !== 'date' && field.type !== 'datetime') return `DATEDIFF needs a date field; ${field.name} is ${field.type}`;
  if (!Number.isInteger(n)) return 'DATEDIFF compares with a whole number';
  const rel = (operator: 'inTheLast' | 'inTheNext' | 'ago', amount: number): RuleShape => ({
    kind: 'rule',
    field: field.name,
    operator,
    amount,
    unit: d.unit,
  });
  if (fieldFirst && op === '==' && n >= 0) return rel('ago', n);
  if (op === '<=' && n >= 0) return rel(fieldFirst ? 'inTheLast' : 'inTheNext', n);
  if (op === '<' && n >= 1) return rel(fieldFirst ? 'inTheLast' : 'inTheNext', n - 1);
  return `Unsupported DATEDIFF comparison: use DATEDIFF(DAY, field, DATETIMEUTCNOW()) == N (N ago), <= N (in the last N) or DATEDIFF(DAY, DATETIMEUTCNOW(), field) <= N (in the next N)`;
}

const NEGATION: Partial<Record<RuleOperator, RuleOperator>> = {
  eq: 'ne',
  ne: 'eq',
  contains: 'notContains',
  notContains: 'contains',
  beginsWith: 'notBeginsWith',
  notBeginsWith: 'beginsWith',
  endsWith: 'notEndsWith',
  notEndsWith: 'endsWith',
  containsAnyOf: 'containsNoneOf',
  containsNoneOf: 'containsAnyOf',
  containsData: 'notContainsData',
  notContainsData: 'containsData',
  lt: 'ge',
  ge: 'lt',
  le: 'gt',
  gt: 'le',
};

/**
 * NOT(node). Under three-valued logic NOT(f == a) and f != a agree (both UNKNOWN on NULL), so rules
 * with a negated operator are rewritten; anything else becomes a negated group.
 */
export function negateNode(node: ConditionNode, newId: () => string): ConditionNode {
  if (node.kind === 'rule') {
    const neg = NEGATION[node.operator];
    if (neg) return { ...node, operator: neg };
    return { kind: 'group', id: newId(), combinator: 'and', not: true, children: [node] };
  }
  const { not, ...rest } = node;
  return not ? rest : { ...rest, not: true };
}

const OR_MERGEABLE: ReadonlySet<RuleOperator> = new Set<RuleOperator>(['eq', 'contains', 'beginsWith', 'endsWith', 'containsAnyOf']);
const AND_MERGEABLE: ReadonlySet<RuleOperator> = new Set<RuleOperator>([
  'ne',
  'notContains',
  'notBeginsWith',
  'notEndsWith',
  'containsNoneOf',
]);

function sameFieldRules(children: ConditionNode[]): RuleNode[] | undefined {
  const rules = children.filter((c): c is RuleNode => c.kind === 'rule');
  if (rules.length !== children.length || rules.length < 2) return undefined;
  const first = rules[0];
  if (!first || !rules.every((r) => r.field.toLowerCase() === first.field.toLowerCase())) return undefined;
  return rules;
}

/**
 * Collapses a group the printer wrote for one multi-valued rule back into that rule:
 * (f == a || f == b) → eq [a, b]; (f != a && f != b) → ne [a, b]; (f CONTAINS a && f CONTAINS b) on a
 * multi-select field → containsAllOf; (f >= lo && f <= hi) → between. Otherwise returns the group.
 */
export function mergeGroup(group: GroupNode, fieldType: (name: string) => CatalogField['type'] | undefined): ConditionNode {
  const rules = sameFieldRules(group.children);
  const first = rules?.[0];
  if (!rules || !first || group.not) return group;
  const values = rules.flatMap((r) => r.values ?? []);
  const sameOp = rules.every((r) => r.operator === first.operator);
  const merged = (operator: RuleOperator, vals: RuleValue[] = values): RuleNode => ({
    kind: 'rule',
    id: first.id,
    field: first.field,
    operator,
    values: vals,
  });
  if (group.combinator === 'or' && sameOp && OR_MERGEABLE.has(first.operator)) return merged(first.operator);
  if (group.combinator === 'and' && sameOp && AND_MERGEABLE.has(first.operator)) return merged(first.operator);
  if (group.combinator === 'and' && sameOp && first.operator === 'containsAnyOf' && rules.every((r) => (r.values ?? []).length === 1)) {
    return merged('containsAllOf');
  }
  const [a, b] = rules;
  if (group.combinator === 'and' && rules.length === 2 && a && b && a.operator === 'ge' && b.operator === 'le') {
    const t = fieldType(first.field);
    const lo = a.values?.[0];
    const hi = b.values?.[0];
    // Two independent rules `f >= 5 && f <= 1` are valid (and match nothing); folding them into a
    // between would turn a valid definition into one the validator refuses, so only fold ordered bounds.
    const ordered = !(typeof lo === 'number' && typeof hi === 'number' && lo > hi);
    if (t !== 'multichoice' && lo !== undefined && hi !== undefined && ordered) return merged('between', [lo, hi]);
  }
  return group;
}
