/**
 * One rule row → one SQL boolean expression with SQL's three-valued logic, which is the reference
 * evaluator's logic: a comparison with an empty (NULL) field is unknown, NOT(unknown) stays unknown,
 * only containsData / notContainsData are two-valued. Several values are OR'ed; for negative operators
 * none may match (the AND of the negations). Case-insensitive comparisons use the folded shadow
 * column and `normText` on the values, the same functions the evaluator folds with.
 */
import type { RuleNode, RuleOperator, RuleValue } from '../../../shared/segments/ast.js';
import {
  absoluteDateBounds,
  anniversaryMonthDays,
  betweenDateBounds,
  localDay,
  relativeDateRange,
  type DateRange,
} from '../../../shared/segments/dates.js';
import { normText } from '../../../shared/segments/fold.js';
import type { StorageCatalog, StorageField } from './compileCatalog.js';
import { quoteIdent } from './compileCatalog.js';
import { compileError, joinBalanced, type SqlBuilder, type SqlValue } from './compileSql.js';

/** Everything a rule needs besides its node. */
export interface RuleScope {
  b: SqlBuilder;
  catalog: StorageCatalog;
  /** Table alias the field's column belongs to. */
  alias: string;
  field: StorageField;
  now: number;
  timeZone: string;
  /**
   * False when the rule sits under an odd number of NOTs. Where SQL would give FALSE instead of the
   * evaluator's UNKNOWN on an empty field, that only matters in a negated position (NOT FALSE is TRUE,
   * NOT UNKNOWN is not), so the index-friendly form is used in positive positions only.
   */
  positive: boolean;
}

const col = (s: RuleScope): string => `${s.alias}.${quoteIdent(s.field.column)}`;
const folded = (s: RuleScope): string => {
  if (!s.field.foldedColumn) throw new Error(`Field ${s.field.name} has no folded shadow column`);
  return `${s.alias}.${quoteIdent(s.field.foldedColumn)}`;
};

// Balanced for long value lists: a rule may hold up to 1,000 values (docs/limits.md).
const or = (parts: string[]): string => (parts.length === 1 ? (parts[0] ?? '0') : joinBalanced(parts, 'OR', '0'));
const and = (parts: string[]): string => (parts.length === 1 ? (parts[0] ?? '1') : joinBalanced(parts, 'AND', '1'));

/** `expr` when the column holds a value, UNKNOWN when it is empty (exact form for negated positions). */
function unknownWhenEmpty(s: RuleScope, column: string, expr: string): string {
  return s.positive ? `(${column} IS NOT NULL AND ${expr})` : `CASE WHEN ${column} IS NULL THEN NULL ELSE ${expr} END`;
}

function values(rule: RuleNode): RuleValue[] {
  const v = rule.values ?? [];
  if (v.length === 0) throw compileError(`Rule on '${rule.field}' has no value`, rule.id);
  return v;
}

function textValues(rule: RuleNode): string[] {
  return values(rule).map((v) => normText(String(v)));
}

function numberValue(rule: RuleNode, v: RuleValue | undefined): number {
  // Number() like the evaluator (true → 1, '5' → 5); the validator refuses anything non-numeric.
  const n = Number(v);
  if (v === undefined || Number.isNaN(n)) throw compileError(`Rule on '${rule.field}' needs a number, got ${JSON.stringify(v)}`, rule.id);
  return n;
}

/** Positive text matches on the folded column; empty strings match any non-empty value (JS semantics). */
function textMatch(s: RuleScope, op: 'contains' | 'beginsWith' | 'endsWith', v: string): string {
  const f = folded(s);
  if (v === '') return `(${f} IS NOT NULL)`;
  // instr/substr compare exact characters: no LIKE wildcards, no ASCII-only case rules.
  switch (op) {
    case 'contains':
      return `(instr(${f}, ${s.b.bind(v)}) > 0)`;
    case 'beginsWith':
      return `(substr(${f}, 1, ${s.b.bind([...v].length)}) = ${s.b.bind(v)})`;
    case 'endsWith':
      return `(substr(${f}, ${s.b.bind(-[...v].length)}) = ${s.b.bind(v)})`;
  }
}

function rangeSql(s: RuleScope, column: string, range: DateRange): string {
  const parts: string[] = [];
  if (range.from) parts.push(`${column} ${range.from.inclusive ? '>=' : '>'} ${s.b.bind(range.from.value)}`);
  if (range.to) parts.push(`${column} ${range.to.inclusive ? '<=' : '<'} ${s.b.bind(range.to.value)}`);
  // An unbounded range still requires a value: comparisons with an empty field are unknown.
  return parts.length === 0 ? `(${column} = ${column})` : and(parts);
}

function dateRule(rule: RuleNode, s: RuleScope): string {
  const type = s.field.type === 'date' ? 'date' : 'datetime';
  const c = col(s);
  const op = rule.operator;
  const bad = (): never => {
    throw compileError(`Rule on '${rule.field}' has an invalid date value`, rule.id);
  };
  if (op === 'anniversaryInTheNext' || op === 'anniversaryInMonth') return anniversarySql(rule, s, c);
  if (op === 'inTheLast' || op === 'inTheNext' || op === 'ago') {
    if (rule.amount === undefined || rule.unit === undefined)
      throw compileError(`Rule on '${rule.field}' needs an amount and a unit`, rule.id);
    return rangeSql(s, c, relativeDateRange(op, rule.amount, rule.unit, type, { now: s.now, timeZone: s.timeZone }));
  }
  if (op === 'between') {
    const [lo, hi] = values(rule);
    const range = betweenDateBounds(String(lo), String(hi), type, s.timeZone) ?? bad();
    return rangeSql(s, c, range);
  }
  if (op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge') {
    const parts = values(rule).map((v) => rangeSql(s, c, absoluteDateBounds(op, String(v), type, s.timeZone) ?? bad()));
    return op === 'ne' ? and(parts.map((p) => `NOT ${p}`)) : or(parts);
  }
  throw compileError(`Operator ${op} does not apply to date field '${rule.field}'`, rule.id);
}

/**
 * Anniversary rules on a date column ('YYYY-MM-DD' text): the month-day (characters 6–10) must be one
 * the shared `anniversaryMonthDays` lists for today (in the segment's zone), or the month (6–7) must be
 * today's month + N. NULL stays UNKNOWN (substr of NULL is NULL).
 */
function anniversarySql(rule: RuleNode, s: RuleScope, c: string): string {
  if (s.field.type !== 'date' || rule.amount === undefined)
    throw compileError(`Anniversaries need a date field and an amount ('${rule.field}')`, rule.id);
  const today = localDay(s.now, s.timeZone);
  if (rule.operator === 'anniversaryInMonth') {
    const month = ((Number(today.slice(5, 7)) - 1 + rule.amount) % 12) + 1;
    return `(substr(${c}, 6, 2) = ${s.b.bind(String(month).padStart(2, '0'))})`;
  }
  const days = anniversaryMonthDays(rule.amount, today);
  if (!days) return `(${c} = ${c})`;
  return `(substr(${c}, 6, 5) IN (${s.b.inList(days)}))`;
}

const CMP: Partial<Record<RuleOperator, string>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function numberRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  const op = rule.operator;
  if (op === 'between') {
    const [lo, hi] = values(rule);
    return `(${c} BETWEEN ${s.b.bind(numberValue(rule, lo))} AND ${s.b.bind(numberValue(rule, hi))})`;
  }
  const cmp = CMP[op];
  if (!cmp) throw compileError(`Operator ${op} does not apply to number field '${rule.field}'`, rule.id);
  const parts = values(rule).map((v) => `${c} ${cmp} ${s.b.bind(numberValue(rule, v))}`);
  return op === 'ne' ? and(parts) : or(parts);
}

function textRule(rule: RuleNode, s: RuleScope): string {
  const f = folded(s);
  const vs = textValues(rule);
  switch (rule.operator) {
    case 'eq':
      return vs.length === 1 ? `${f} = ${s.b.bind(vs[0] ?? '')}` : `${f} IN (${s.b.inList(vs)})`;
    case 'ne':
      return vs.length === 1 ? `${f} <> ${s.b.bind(vs[0] ?? '')}` : `${f} NOT IN (${s.b.inList(vs)})`;
    case 'contains':
    case 'beginsWith':
    case 'endsWith': {
      const op = rule.operator;
      return or(vs.map((v) => textMatch(s, op, v)));
    }
    case 'notContains':
    case 'notBeginsWith':
    case 'notEndsWith': {
      const op = rule.operator === 'notContains' ? 'contains' : rule.operator === 'notBeginsWith' ? 'beginsWith' : 'endsWith';
      // NOT over a non-NULL column is two-valued; the IS NOT NULL guard keeps empties unknown/false.
      return unknownWhenEmpty(s, f, and(vs.map((v) => `NOT ${textMatch(s, op, v)}`)));
    }
    default:
      throw compileError(`Operator ${rule.operator} does not apply to text field '${rule.field}'`, rule.id);
  }
}

function booleanRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  // Same coercion as the evaluator: true, 1 and 'true' (any case) are true; everything else false.
  const vs = values(rule).map((v) => (v === true || v === 1 || String(v).toLowerCase() === 'true' ? 1 : 0));
  if (rule.operator === 'eq') return or(vs.map((v) => `${c} = ${s.b.bind(v)}`));
  if (rule.operator === 'ne') return and(vs.map((v) => `${c} <> ${s.b.bind(v)}`));
  throw compileError(`Operator ${rule.operator} does not apply to boolean field '${rule.field}'`, rule.id);
}

/**
 * Whether a multichoice column holds data: NULL, '[]' and malformed JSON do not (as in the evaluator).
 * CASE guarantees json_array_length never sees malformed JSON (it would raise an error).
 */
function multichoiceHasData(column: string): string {
  return `(CASE WHEN json_valid(${column}) THEN json_array_length(${column}) > 0 ELSE 0 END)`;
}

function multichoiceRule(rule: RuleNode, s: RuleScope): string {
  const f = folded(s);
  const vs = [...new Set(textValues(rule))];
  const has = (v: string): string => `EXISTS (SELECT 1 FROM json_each(${f}) WHERE value = ${s.b.bind(v)})`;
  let expr: string;
  switch (rule.operator) {
    case 'containsAnyOf':
      expr = or(vs.map(has));
      break;
    case 'containsAllOf':
      expr = and(vs.map(has));
      break;
    case 'containsNoneOf':
      expr = and(vs.map((v) => `NOT ${has(v)}`));
      break;
    default:
      throw compileError(`Operator ${rule.operator} does not apply to multi-choice field '${rule.field}'`, rule.id);
  }
  // Always CASE (both polarities): json_each must never see a value without data.
  return `CASE WHEN ${multichoiceHasData(col(s))} THEN ${expr} ELSE NULL END`;
}

function lookupRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  const target = s.catalog.entities.get((s.field.lookupEntity ?? '').toLowerCase());
  if (!target) throw compileError(`Lookup field '${rule.field}' points at an unknown entity`, rule.id);
  const keys: SqlValue[] = values(rule).map((v) => String(v).trim());
  // Keys resolve to row ids in a subquery; an unknown key matches no record.
  const inKeys = `${c} IN (SELECT rid FROM ${quoteIdent(target.table)} WHERE key IN (${s.b.inList(keys)}))`;
  if (rule.operator === 'eq') return unknownWhenEmpty(s, c, inKeys);
  if (rule.operator === 'ne') return unknownWhenEmpty(s, c, `NOT ${inKeys}`);
  throw compileError(`Operator ${rule.operator} does not apply to lookup field '${rule.field}'`, rule.id);
}

/** Compiles one rule over `scope.field` (already resolved from the catalog by the caller). */
export function compileRule(rule: RuleNode, s: RuleScope): string {
  if (rule.operator === 'containsData' || rule.operator === 'notContainsData') {
    const has = s.field.type === 'multichoice' ? multichoiceHasData(col(s)) : `(${col(s)} IS NOT NULL)`;
    return rule.operator === 'containsData' ? has : `(NOT ${has})`;
  }
  switch (s.field.type) {
    case 'text':
    case 'choice':
      return textRule(rule, s);
    case 'integer':
    case 'decimal':
      return numberRule(rule, s);
    case 'date':
    case 'datetime':
      return dateRule(rule, s);
    case 'boolean':
      return booleanRule(rule, s);
    case 'multichoice':
      return multichoiceRule(rule, s);
    case 'lookup':
      return lookupRule(rule, s);
  }
}
