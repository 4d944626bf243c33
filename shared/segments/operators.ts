/**
 * Which rule operators each field type allows, which are negative, how many values they take and
 * how the builder labels them. The validator, the builder and the query-text printer all read this.
 */
import type { FieldType } from '../models/catalog.js';
import type { RelativeUnit, RuleOperator } from './ast.js';

/**
 * Arity of an operator:
 *  - 'none': no values (containsData / notContainsData);
 *  - 'one': exactly one value (lt, le, gt, ge);
 *  - 'many': one or more values, OR'ed (for negative operators: none of them may match);
 *  - 'pair': exactly two values [low, high], both inclusive (between);
 *  - 'relative': `amount` + `unit` instead of values (inTheLast, inTheNext, ago).
 */
export type OperatorArity = 'none' | 'one' | 'many' | 'pair' | 'relative';

const TEXT_OPS: readonly RuleOperator[] = [
  'eq',
  'ne',
  'contains',
  'notContains',
  'beginsWith',
  'notBeginsWith',
  'endsWith',
  'notEndsWith',
  'containsData',
  'notContainsData',
];
const NUMBER_OPS: readonly RuleOperator[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'containsData', 'notContainsData'];
const DATE_OPS: readonly RuleOperator[] = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'between',
  'inTheLast',
  'inTheNext',
  'ago',
  'containsData',
  'notContainsData',
];

/** Anniversary operators: date fields only (a birthday is a day, not an instant). */
const DATE_ONLY_OPS: readonly RuleOperator[] = ['anniversaryInTheNext', 'anniversaryInMonth'];

/** Operators allowed per field type, in the order the builder offers them. */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly RuleOperator[]>> = {
  text: TEXT_OPS,
  integer: NUMBER_OPS,
  decimal: NUMBER_OPS,
  date: [...DATE_OPS, ...DATE_ONLY_OPS],
  datetime: DATE_OPS,
  boolean: ['eq', 'ne', 'containsData', 'notContainsData'],
  choice: ['eq', 'ne', 'containsData', 'notContainsData'],
  multichoice: ['containsAllOf', 'containsAnyOf', 'containsNoneOf', 'containsData', 'notContainsData'],
  lookup: ['eq', 'ne', 'containsData', 'notContainsData'],
};

/** True when `op` may be used on a field of `type`. */
export function isOperatorAllowed(type: FieldType, op: RuleOperator): boolean {
  return OPERATORS_BY_TYPE[type].includes(op);
}

/**
 * Negative operators: several values mean "none of them" (AND of the negations). Like every other
 * comparison they are false on an empty field; only notContainsData matches empties.
 */
export const NEGATIVE_OPERATORS: ReadonlySet<RuleOperator> = new Set<RuleOperator>([
  'ne',
  'notContains',
  'notBeginsWith',
  'notEndsWith',
  'containsNoneOf',
  'notContainsData',
]);

export function isNegativeOperator(op: RuleOperator): boolean {
  return NEGATIVE_OPERATORS.has(op);
}

/** Operators forbidden inside an interaction block's filter (text matching and relative dates, spec F9). */
export const INTERACTION_FILTER_FORBIDDEN: ReadonlySet<RuleOperator> = new Set<RuleOperator>([
  'contains',
  'notContains',
  'beginsWith',
  'notBeginsWith',
  'endsWith',
  'notEndsWith',
  'inTheLast',
  'inTheNext',
  'ago',
  'anniversaryInTheNext',
  'anniversaryInMonth',
]);

export function operatorArity(op: RuleOperator): OperatorArity {
  switch (op) {
    case 'containsData':
    case 'notContainsData':
      return 'none';
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return 'one';
    case 'between':
      return 'pair';
    case 'inTheLast':
    case 'inTheNext':
    case 'ago':
    case 'anniversaryInTheNext':
    case 'anniversaryInMonth':
      return 'relative';
    default:
      return 'many';
  }
}

const GENERIC_LABELS: Record<RuleOperator, string> = {
  eq: 'equals',
  ne: 'does not equal',
  contains: 'contains',
  notContains: 'does not contain',
  beginsWith: 'begins with',
  notBeginsWith: 'does not begin with',
  endsWith: 'ends with',
  notEndsWith: 'does not end with',
  lt: 'less than',
  le: 'less than or equal to',
  gt: 'greater than',
  ge: 'greater than or equal to',
  between: 'between',
  inTheLast: 'in the last',
  inTheNext: 'in the next',
  ago: 'ago',
  containsAllOf: 'contains all of',
  containsAnyOf: 'contains any of',
  containsNoneOf: 'does not contain any of',
  containsData: 'contains data',
  notContainsData: 'does not contain data',
  anniversaryInTheNext: 'anniversary in the next',
  anniversaryInMonth: 'anniversary in month',
};

const DATE_LABELS: Partial<Record<RuleOperator, string>> = {
  eq: 'on',
  ne: 'not on',
  lt: 'before',
  le: 'on or before',
  gt: 'after',
  ge: 'on or after',
  between: 'between',
};

const CHOICE_LABELS: Partial<Record<RuleOperator, string>> = { eq: 'is', ne: 'is not' };

/** The builder's label of `op` on a field of `type` (e.g. 'on or before' for dates, 'is' for choices). */
export function operatorLabel(op: RuleOperator, type: FieldType): string {
  if (type === 'date' || type === 'datetime') return DATE_LABELS[op] ?? GENERIC_LABELS[op];
  if (type === 'choice' || type === 'lookup' || type === 'boolean') return CHOICE_LABELS[op] ?? GENERIC_LABELS[op];
  return GENERIC_LABELS[op];
}

/** The unit an anniversary operator counts in (the builder fixes it; the validator requires it). */
export function anniversaryUnit(op: RuleOperator): 'days' | 'months' | undefined {
  return op === 'anniversaryInTheNext' ? 'days' : op === 'anniversaryInMonth' ? 'months' : undefined;
}

/** Label of a date unit for an amount, e.g. (1, 'days') → 'day'. */
export function unitLabel(amount: number, unit: RelativeUnit): string {
  return amount === 1 ? unit.slice(0, -1) : unit;
}
