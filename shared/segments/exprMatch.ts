/**
 * Expression rules of the reference evaluator: a rule whose left side is arithmetic over number fields
 * (`lifetimevalue / 12 > 100`) or whose right side is another field of the same record or arithmetic
 * (`lastvisit > createdon`, `a + b >= c`). Three-valued like every rule: an empty field anywhere makes
 * the expression NULL and the rule UNKNOWN; division by zero is NULL too. See docs/semantics.md
 * ("Expressions"). The SQL compiler and the columnar engine must agree (the differential test).
 */
import type { CatalogField, FieldType } from '../models/catalog.js';
import type { RuleNode, RuleOperator, ValueExpr } from './ast.js';
import type { StoredValue } from './dataset.js';
import { foldText } from './fold.js';
import type { Truth } from './ruleMatch.js';

/** What one side of an expression rule holds. */
export type ExprKind = 'number' | Exclude<FieldType, 'integer' | 'decimal'>;

/** The operators an expression rule may use. */
export const EXPRESSION_OPERATORS: readonly RuleOperator[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** Kinds that only compare for equality (text order differs between engines; choices and keys have none). */
const EQUALITY_ONLY: ReadonlySet<ExprKind> = new Set<ExprKind>(['text', 'choice', 'boolean', 'lookup']);

/** True when `rule` is an expression rule (has `left` or `right`). */
export function isExpressionRule(rule: RuleNode): boolean {
  return rule.left !== undefined || rule.right !== undefined;
}

/** Every field name an expression reads, left to right. */
export function exprFields(e: ValueExpr): string[] {
  if (e.kind === 'field') return [e.field];
  if (e.kind === 'number') return [];
  return [...exprFields(e.left), ...exprFields(e.right)];
}

/** The left side of an expression rule (its `left`, else the bare field). */
export function leftOf(rule: RuleNode): ValueExpr {
  return rule.left ?? { kind: 'field', field: rule.field };
}

/**
 * The kind of an expression, or a message saying what is wrong (unknown field, arithmetic on a
 * non-number). `find` resolves a field name in the rule's scope.
 */
export function exprKind(
  e: ValueExpr,
  find: (name: string) => CatalogField | undefined,
): { kind: ExprKind; field?: CatalogField } | string {
  switch (e.kind) {
    case 'number':
      return Number.isFinite(e.value) ? { kind: 'number' } : `${String(e.value)} is not a number`;
    case 'field': {
      const f = find(e.field);
      if (!f) return `Unknown field '${e.field}'`;
      if (f.type === 'multichoice') return `'${f.label}' is a multi-select field: it cannot be compared with another value`;
      return { kind: f.type === 'integer' || f.type === 'decimal' ? 'number' : f.type, field: f };
    }
    case 'arith': {
      for (const side of [e.left, e.right]) {
        const k = exprKind(side, find);
        if (typeof k === 'string') return k;
        if (k.kind !== 'number') return `Arithmetic (${e.op}) works on numbers; '${k.field?.label ?? '?'}' is ${k.kind}`;
      }
      return { kind: 'number' };
    }
  }
}

/** Most nodes (fields, numbers, operators) one side of an expression rule may hold. */
export const MAX_EXPRESSION_NODES = 64;

/** Nodes of an expression, counted without recursion (a hostile definition may nest deeply); stops past the limit. */
export function exprSize(e: ValueExpr): number {
  let n = 0;
  const stack: ValueExpr[] = [e];
  for (let x = stack.pop(); x !== undefined && n <= MAX_EXPRESSION_NODES; x = stack.pop()) {
    n++;
    if (x.kind === 'arith') stack.push(x.left, x.right);
  }
  return n;
}

/** Checks an expression rule's shape; returns a message or undefined when it can be evaluated. */
export function expressionRuleProblem(rule: RuleNode, find: (name: string) => CatalogField | undefined): string | undefined {
  for (const side of [rule.left, rule.right])
    if (side && exprSize(side) > MAX_EXPRESSION_NODES)
      return `An expression may hold at most ${MAX_EXPRESSION_NODES} fields, numbers and operators per side`;
  if (!EXPRESSION_OPERATORS.includes(rule.operator))
    return `Comparing with an expression needs ==, !=, <, <=, > or >=, not '${rule.operator}'`;
  const left = exprKind(leftOf(rule), find);
  if (typeof left === 'string') return left;
  if (rule.left && rule.left.kind !== 'arith' && rule.left.kind !== 'field') return 'The left side must read a field';
  if (rule.left && !exprFields(rule.left).some((n) => find(n)?.name.toLowerCase() === find(rule.field)?.name.toLowerCase()))
    return `The left side does not read the rule's field '${rule.field}'`;
  if (rule.amount !== undefined || rule.unit !== undefined) return 'Amount and unit only apply to relative dates';
  let right: { kind: ExprKind; field?: CatalogField };
  if (rule.right) {
    if ((rule.values ?? []).length > 0) return 'A rule compares with another field or with values, not both';
    const r = exprKind(rule.right, find);
    if (typeof r === 'string') return r;
    right = r;
  } else {
    const vals = rule.values ?? [];
    if (vals.length !== 1 || typeof vals[0] !== 'number' || !Number.isFinite(vals[0])) return 'Arithmetic compares with exactly one number';
    right = { kind: 'number' };
  }
  if (left.kind !== right.kind) return `Both sides must be of the same kind: the left side is ${left.kind}, the right side ${right.kind}`;
  if (EQUALITY_ONLY.has(left.kind) && rule.operator !== 'eq' && rule.operator !== 'ne')
    return `${left.kind} values compare with == or != only`;
  if (left.kind === 'lookup') {
    const a = left.field?.lookupEntity?.toLowerCase();
    const b = right.field?.lookupEntity?.toLowerCase();
    if (a !== b) return 'Two lookups compare only when they point at the same entity';
  }
  return undefined;
}

/**
 * Evaluates an expression over one record. `get(name)` returns the stored value of a field (names as
 * written in the expression, resolved case-insensitively by the caller). Arithmetic is IEEE double
 * arithmetic left to right as the tree says; NULL in, NULL out; x / 0 is NULL.
 */
export function evalExpr(e: ValueExpr, get: (name: string) => StoredValue): StoredValue {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'field':
      return get(e.field);
    case 'arith': {
      const a = evalExpr(e.left, get);
      if (a === null) return null;
      const b = evalExpr(e.right, get);
      if (b === null) return null;
      const x = Number(a);
      const y = Number(b);
      switch (e.op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return y === 0 ? null : x / y;
      }
    }
  }
}

/** Normalises a non-NULL value of `kind` for comparison (text and choices are case- and accent-folded). */
function comparable(kind: ExprKind, v: string | number): string | number {
  if (kind === 'text' || kind === 'choice') return foldText(String(v));
  if (kind === 'date') return String(v);
  return Number(v);
}

/** A prepared expression rule: truth over a record, given a value getter. */
export interface PreparedExpressionRule {
  test(get: (name: string) => StoredValue): Truth;
  expected: string;
}

/** Prepares an expression rule (already checked by {@link expressionRuleProblem}). */
export function prepareExpressionRule(rule: RuleNode, find: (name: string) => CatalogField | undefined): PreparedExpressionRule {
  const problem = expressionRuleProblem(rule, find);
  if (problem) throw new RangeError(`Rule ${rule.id}: ${problem}`);
  const left = leftOf(rule);
  const kindOf = exprKind(left, find);
  const kind = typeof kindOf === 'string' ? 'number' : kindOf.kind;
  const right: ValueExpr = rule.right ?? { kind: 'number', value: Number(rule.values?.[0]) };
  const op = rule.operator;
  return {
    expected: `${op} ${printExpr(right)}`,
    test(get) {
      const a = evalExpr(left, get);
      if (a === null) return 'unknown';
      const b = evalExpr(right, get);
      if (b === null) return 'unknown';
      const x = comparable(kind, a);
      const y = comparable(kind, b);
      switch (op) {
        case 'eq':
          return x === y ? 'true' : 'false';
        case 'ne':
          return x === y ? 'false' : 'true';
        case 'lt':
          return x < y ? 'true' : 'false';
        case 'le':
          return x <= y ? 'true' : 'false';
        case 'gt':
          return x > y ? 'true' : 'false';
        case 'ge':
          return x >= y ? 'true' : 'false';
        default:
          return 'unknown';
      }
    },
  };
}

const PRECEDENCE: Record<'+' | '-' | '*' | '/', number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/**
 * An expression as query text with the fewest parentheses that keep its tree: `*` and `/` bind
 * tighter than `+` and `-`, all left-associative, so a right operand of equal precedence is
 * parenthesised (`a - (b - c)`). `name` prints a field reference.
 */
export function printExpr(e: ValueExpr, name: (field: string) => string = (f) => f): string {
  const go = (x: ValueExpr, parent: number, rightSide: boolean): string => {
    if (x.kind === 'number') return x.value < 0 && parent > 0 ? `(${x.value})` : String(x.value);
    if (x.kind === 'field') return name(x.field);
    const p = PRECEDENCE[x.op];
    const text = `${go(x.left, p, false)} ${x.op} ${go(x.right, p, true)}`;
    return p < parent || (rightSide && p === parent) ? `(${text})` : text;
  };
  return go(e, 0, false);
}
