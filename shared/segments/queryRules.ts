/**
 * Pure helpers of the query-text parser: turning parsed comparisons into rules, negating a node, and
 * merging the OR/AND forms the printer writes for multi-valued rules back into one rule.
 */
import type { CatalogField } from '../models/catalog.js';
import type { ConditionNode, GroupNode, RelativeUnit, RuleNode, RuleOperator, RuleValue, ValueExpr } from './ast.js';

/** A parsed operand. */
export type Operand =
  | { kind: 'field'; field: CatalogField }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'now' }
  | { kind: 'dateadd'; unit: RelativeUnit; amount: number }
  | { kind: 'datediff'; unit: RelativeUnit; from: Operand; to: Operand }
  /** Arithmetic (+ - * /) over number fields and numbers; `fields` are the fields it reads, left to right. */
  | { kind: 'arith'; expr: ValueExpr; fields: CatalogField[] }
  /** DAYSTOANNIVERSARY(field) / MONTHSTOANNIVERSARY(field). */
  | { kind: 'anniversary'; unit: 'days' | 'months'; field: CatalogField };

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
  if (o.kind === 'field') return { kind: 'rule', field: field.name, operator: CMP_RULE[op], right: { kind: 'field', field: o.field.name } };
  if (o.kind === 'arith') return { kind: 'rule', field: field.name, operator: CMP_RULE[op], right: o.expr };
  if (o.kind === 'datediff' || o.kind === 'anniversary') return 'Compare DATEDIFF / DAYSTOANNIVERSARY with a number';
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
  // Expression rules (left / right) never merge: their values are not the field's values.
  const rules = children.filter((c): c is RuleNode => c.kind === 'rule' && c.left === undefined && c.right === undefined);
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

/** An operand as an expression (fields, numbers and arithmetic only). */
export function toExpr(o: Operand): ValueExpr | undefined {
  if (o.kind === 'field') return { kind: 'field', field: o.field.name };
  if (o.kind === 'number') return { kind: 'number', value: o.value };
  if (o.kind === 'arith') return o.expr;
  return undefined;
}

/** Fields an operand reads (a field, or the fields of arithmetic). */
export function operandFields(o: Operand): CatalogField[] {
  return o.kind === 'field' ? [o.field] : o.kind === 'arith' ? o.fields : [];
}

/**
 * `lhs op rhs` where one side is arithmetic: an expression rule on the first field read (the side
 * reading a field goes left), or a message. `left` is kept only for arithmetic (a bare field is the
 * rule's field); a plain number on the right becomes the rule's value.
 */
export function arithmeticRule(lhs: Operand, op: CmpOp, rhs: Operand): RuleShape | string {
  let [l, r, o] = [lhs, rhs, op];
  if (operandFields(l).length === 0) [l, r, o] = [rhs, lhs, FLIP[op]];
  const field = operandFields(l)[0];
  const left = toExpr(l);
  const right = toExpr(r);
  if (!field || !left) return 'A comparison needs a field on one side';
  if (!right) return 'Arithmetic compares with a number, a number field or more arithmetic';
  const base = { kind: 'rule' as const, field: field.name, operator: CMP_RULE[o] };
  const withLeft = left.kind === 'arith' ? { ...base, left } : base;
  if (right.kind === 'number' && left.kind === 'arith') return { ...withLeft, values: [right.value] };
  return { ...withLeft, right };
}

/** `DAYSTOANNIVERSARY(f) op n` / `MONTHSTOANNIVERSARY(f) op n` → an anniversary rule, or a message. */
export function anniversaryRule(a: Extract<Operand, { kind: 'anniversary' }>, op: CmpOp, n: number): RuleShape | string {
  if (a.field.type !== 'date') return `Anniversaries need a date field; ${a.field.name} is ${a.field.type}`;
  if (!Number.isInteger(n) || n < 0) return 'An anniversary compares with a whole number of 0 or more';
  if (a.unit === 'days') {
    if (op === '<=') return { kind: 'rule', field: a.field.name, operator: 'anniversaryInTheNext', amount: n, unit: 'days' };
    if (op === '<' && n >= 1) return { kind: 'rule', field: a.field.name, operator: 'anniversaryInTheNext', amount: n - 1, unit: 'days' };
    return 'Use DAYSTOANNIVERSARY(field) <= N (the anniversary falls in the next N days)';
  }
  if (op === '==' && n <= 11) return { kind: 'rule', field: a.field.name, operator: 'anniversaryInMonth', amount: n, unit: 'months' };
  return 'Use MONTHSTOANNIVERSARY(field) == N with N from 0 (this month) to 11';
}
