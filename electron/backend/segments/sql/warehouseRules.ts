/**
 * One rule row → one SQL boolean expression over the warehouse schema, in any {@link SqlDialect}. The
 * logic is the SQLite compiler's (compileRules.ts): SQL three-valued logic is the reference evaluator's
 * logic, text compares folded shadows against `normText` of the values, several values are OR'ed
 * (negative operators: the AND of the negations). Values are inlined as literals.
 */
import type { RuleNode, RuleOperator, RuleValue } from '../../../../shared/segments/ast.js';
import { absoluteDateBounds, betweenDateBounds, isClockUnit, type DateRange } from '../../../../shared/segments/dates.js';
import { normText } from '../../../../shared/segments/fold.js';
import type { WarehouseColumn, WarehouseSchema } from '../../warehouse/schema.js';
import { ident } from '../../warehouse/schema.js';
import { compileError, joinBalanced } from '../compileSql.js';
import type { SqlDialect } from './dialect.js';
import { relativeRangeSql, type SqlClock, type SqlRange } from './warehouseDates.js';

export interface WarehouseRuleScope {
  clock: SqlClock;
  schema: WarehouseSchema;
  alias: string;
  column: WarehouseColumn;
  /** False under an odd number of NOTs (see compileRules.ts RuleScope.positive). */
  positive: boolean;
}

const d = (s: WarehouseRuleScope): SqlDialect => s.clock.d;
const col = (s: WarehouseRuleScope): string => `${s.alias}.${ident(d(s), s.column.name)}`;
const folded = (s: WarehouseRuleScope): string => {
  if (!s.column.folded) throw new Error(`Field ${s.column.field.name} has no folded shadow column`);
  return `${s.alias}.${ident(d(s), s.column.folded)}`;
};

const or = (parts: string[]): string => (parts.length === 1 ? (parts[0] ?? 'FALSE') : joinBalanced(parts, 'OR', 'FALSE'));
const and = (parts: string[]): string => (parts.length === 1 ? (parts[0] ?? 'TRUE') : joinBalanced(parts, 'AND', 'TRUE'));

function unknownWhenEmpty(s: WarehouseRuleScope, column: string, expr: string): string {
  return s.positive ? `(${column} IS NOT NULL AND ${expr})` : `CASE WHEN ${column} IS NULL THEN NULL ELSE ${expr} END`;
}

function values(rule: RuleNode): RuleValue[] {
  const v = rule.values ?? [];
  if (v.length === 0) throw compileError(`Rule on '${rule.field}' has no value`, rule.id);
  return v;
}

/** A number literal; negative ones parenthesised so no operator can swallow the sign. */
function num(rule: RuleNode, v: RuleValue | undefined): string {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n))
    throw compileError(`Rule on '${rule.field}' needs a number, got ${JSON.stringify(v)}`, rule.id);
  const text = String(n);
  return n < 0 || Object.is(n, -0) ? `(${text})` : text;
}

function textMatch(s: WarehouseRuleScope, op: 'contains' | 'beginsWith' | 'endsWith', v: string): string {
  const f = folded(s);
  if (v === '') return `(${f} IS NOT NULL)`;
  const lit = d(s).text(v);
  if (op === 'contains') return d(s).contains(f, lit);
  if (op === 'beginsWith') return d(s).beginsWith(f, lit);
  return d(s).endsWith(f, lit, [...v].length);
}

function rangeSql(column: string, range: SqlRange): string {
  const parts: string[] = [];
  if (range.from) parts.push(`${column} ${range.from.inclusive ? '>=' : '>'} ${range.from.sql}`);
  if (range.to) parts.push(`${column} ${range.to.inclusive ? '<=' : '<'} ${range.to.sql}`);
  return parts.length === 0 ? `(${column} = ${column})` : and(parts);
}

/** A JS-computed range (absolute dates: constants, the zone applied at compile time) as literals. */
function literalRange(s: WarehouseRuleScope, r: DateRange): SqlRange {
  const lit = (v: string | number): string => (typeof v === 'number' ? d(s).instant(v) : d(s).date(v));
  return {
    ...(r.from ? { from: { sql: lit(r.from.value), inclusive: r.from.inclusive } } : {}),
    ...(r.to ? { to: { sql: lit(r.to.value), inclusive: r.to.inclusive } } : {}),
  };
}

function dateRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const type = s.column.field.type === 'date' ? 'date' : 'datetime';
  const c = col(s);
  const op = rule.operator;
  const zone = s.clock.timeZone;
  const bad = (): never => {
    throw compileError(`Rule on '${rule.field}' has an invalid date value`, rule.id);
  };
  if (op === 'inTheLast' || op === 'inTheNext' || op === 'ago') {
    if (rule.amount === undefined || rule.unit === undefined)
      throw compileError(`Rule on '${rule.field}' needs an amount and a unit`, rule.id);
    const unit = rule.unit;
    if (isClockUnit(unit)) throw compileError(`Rule on '${rule.field}': ${unit} are not available in warehouse SQL yet`, rule.id);
    return rangeSql(c, relativeRangeSql(s.clock, op, rule.amount, unit, type));
  }
  if (op === 'between') {
    const [lo, hi] = values(rule);
    return rangeSql(c, literalRange(s, betweenDateBounds(String(lo), String(hi), type, zone) ?? bad()));
  }
  if (op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge') {
    const parts = values(rule).map((v) => rangeSql(c, literalRange(s, absoluteDateBounds(op, String(v), type, zone) ?? bad())));
    return op === 'ne' ? and(parts.map((p) => `NOT ${p}`)) : or(parts);
  }
  throw compileError(`Operator ${op} does not apply to date field '${rule.field}'`, rule.id);
}

const CMP: Partial<Record<RuleOperator, string>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function numberRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const c = col(s);
  const op = rule.operator;
  if (op === 'between') {
    const [lo, hi] = values(rule);
    return `(${c} BETWEEN ${num(rule, lo)} AND ${num(rule, hi)})`;
  }
  const cmp = CMP[op];
  if (!cmp) throw compileError(`Operator ${op} does not apply to number field '${rule.field}'`, rule.id);
  const parts = values(rule).map((v) => `${c} ${cmp} ${num(rule, v)}`);
  return op === 'ne' ? and(parts) : or(parts);
}

function textRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const f = folded(s);
  const vs = values(rule).map((v) => normText(String(v)));
  const list = (): string => vs.map((v) => d(s).text(v)).join(', ');
  switch (rule.operator) {
    case 'eq':
      return vs.length === 1 ? `${f} = ${list()}` : `${f} IN (${list()})`;
    case 'ne':
      return vs.length === 1 ? `${f} <> ${list()}` : `${f} NOT IN (${list()})`;
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
      return unknownWhenEmpty(s, f, and(vs.map((v) => `NOT ${textMatch(s, op, v)}`)));
    }
    default:
      throw compileError(`Operator ${rule.operator} does not apply to text field '${rule.field}'`, rule.id);
  }
}

function booleanRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const c = col(s);
  const vs = values(rule).map((v) => v === true || v === 1 || String(v).toLowerCase() === 'true');
  if (rule.operator === 'eq') return or(vs.map((v) => `${c} = ${d(s).bool(v)}`));
  if (rule.operator === 'ne') return and(vs.map((v) => `${c} <> ${d(s).bool(v)}`));
  throw compileError(`Operator ${rule.operator} does not apply to boolean field '${rule.field}'`, rule.id);
}

function multichoiceRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const f = folded(s);
  const vs = [...new Set(values(rule).map((v) => normText(String(v))))];
  const has = (v: string): string => d(s).listHas(f, d(s).text(v));
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
  return `CASE WHEN ${d(s).listHasData(col(s))} THEN ${expr} ELSE NULL END`;
}

function lookupRule(rule: RuleNode, s: WarehouseRuleScope): string {
  const c = col(s);
  // Relationship columns hold the referenced record's key: the rule's keys compare directly.
  const keys = values(rule).map((v) => d(s).text(String(v).trim()));
  const inKeys = `${c} IN (${keys.join(', ')})`;
  if (rule.operator === 'eq') return unknownWhenEmpty(s, c, inKeys);
  if (rule.operator === 'ne') return unknownWhenEmpty(s, c, `NOT ${inKeys}`);
  throw compileError(`Operator ${rule.operator} does not apply to lookup field '${rule.field}'`, rule.id);
}

/** Compiles one rule over `scope.column`. */
export function warehouseRule(rule: RuleNode, s: WarehouseRuleScope): string {
  if (rule.operator === 'containsData' || rule.operator === 'notContainsData') {
    const has = s.column.field.type === 'multichoice' ? d(s).listHasData(col(s)) : `(${col(s)} IS NOT NULL)`;
    return rule.operator === 'containsData' ? has : `(NOT ${has})`;
  }
  switch (s.column.field.type) {
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
