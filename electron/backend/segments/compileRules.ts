/**
 * One rule row → one SQL boolean expression with SQL's three-valued logic, which is the reference
 * evaluator's logic: a comparison with an empty (NULL) field is unknown, NOT(unknown) stays unknown,
 * only containsData / notContainsData are two-valued. Several values are OR'ed; for negative operators
 * none may match (the AND of the negations). Case-insensitive comparisons use the folded shadow
 * column and `normText` on the values, the same functions the evaluator folds with.
 *
 * Written once for every engine: engine spellings come from the dialect (`s.b.d`), values go through
 * the builder (bound or literal), columns from the target's layout. A new operator form's SQL goes
 * here (a case in the field type's function below), plus a dialect method only when engines spell
 * the construct differently (docs/architecture.md "Where dialects live").
 */
import type { RuleNode, RuleOperator, RuleValue } from '../../../shared/segments/ast.js';
import { absoluteDateBounds, anniversaryMonthDays, betweenDateBounds, localDay } from '../../../shared/segments/dates.js';
import { normText } from '../../../shared/segments/fold.js';
import { relativeRange, valueRange, type Clock, type SqlRange } from './compileDates.js';
import { compileError, joinBalanced, type SqlBuilder } from './compileSql.js';
import type { CompileTarget, TargetColumn } from './compileTarget.js';
import type { SqlDialect } from './sql/dialect.js';

/** Everything a rule needs besides its node. */
export interface RuleScope {
  b: SqlBuilder;
  target: CompileTarget;
  clock: Clock;
  /** Table alias the field's column belongs to. */
  alias: string;
  column: TargetColumn;
  /**
   * False when the rule sits under an odd number of NOTs. Where SQL would give FALSE instead of the
   * evaluator's UNKNOWN on an empty field, that only matters in a negated position (NOT FALSE is TRUE,
   * NOT UNKNOWN is not), so the index-friendly form is used in positive positions only.
   */
  positive: boolean;
}

const dl = (s: RuleScope): SqlDialect => s.b.d;
/** Checks a catalog name before quoting it. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export function quoteName(d: SqlDialect, name: string): string {
  if (!IDENT.test(name)) throw new Error(`Refusing unsafe SQL identifier from the catalog: ${JSON.stringify(name)}`);
  return d.quoteIdent(name);
}
const col = (s: RuleScope): string => `${s.alias}.${quoteName(dl(s), s.column.name)}`;
const foldedColumn = (s: RuleScope): string => {
  if (!s.column.folded) throw new Error(`Field ${s.column.field.name} has no folded shadow column`);
  return `${s.alias}.${quoteName(dl(s), s.column.folded)}`;
};

// Balanced for long value lists: a rule may hold up to 1,000 values (docs/limits.md).
const or = (s: RuleScope, parts: string[]): string => {
  const f = dl(s).falsePredicate;
  return parts.length === 1 ? (parts[0] ?? f) : joinBalanced(parts, 'OR', f);
};
const and = (s: RuleScope, parts: string[]): string => {
  const t = dl(s).truePredicate;
  return parts.length === 1 ? (parts[0] ?? t) : joinBalanced(parts, 'AND', t);
};

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

/** A number value: Number() like the evaluator (true → 1, '5' → 5); the validator refuses anything non-numeric. */
function numberValue(rule: RuleNode, v: RuleValue | undefined, s: RuleScope): string {
  const n = Number(v);
  // Bound parameters carry any double; a literal must be finite.
  if (v === undefined || Number.isNaN(n) || (s.b.mode === 'literals' && !Number.isFinite(n)))
    throw compileError(`Rule on '${rule.field}' needs a number, got ${JSON.stringify(v)}`, rule.id);
  return s.b.number(n);
}

/** Positive text matches on the folded column; empty strings match any non-empty value (JS semantics). */
function textMatch(s: RuleScope, op: 'contains' | 'beginsWith' | 'endsWith', v: string): string {
  const f = foldedColumn(s);
  if (v === '') return `(${f} IS NOT NULL)`;
  const value = s.b.text(v);
  if (op === 'contains') return dl(s).contains(f, value);
  if (op === 'beginsWith') return dl(s).beginsWith(f, value, [...v].length);
  return dl(s).endsWith(f, value, [...v].length);
}

function rangeSql(s: RuleScope, column: string, range: SqlRange): string {
  const parts: string[] = [];
  if (range.from) parts.push(`${column} ${range.from.inclusive ? '>=' : '>'} ${range.from.sql}`);
  if (range.to) parts.push(`${column} ${range.to.inclusive ? '<=' : '<'} ${range.to.sql}`);
  // An unbounded range still requires a value: comparisons with an empty field are unknown.
  return parts.length === 0 ? `(${column} = ${column})` : and(s, parts);
}

function dateRule(rule: RuleNode, s: RuleScope): string {
  const type = s.column.field.type === 'date' ? 'date' : 'datetime';
  const c = col(s);
  const op = rule.operator;
  const zone = s.clock.timeZone;
  const bad = (): never => {
    throw compileError(`Rule on '${rule.field}' has an invalid date value`, rule.id);
  };
  if (op === 'anniversaryInTheNext' || op === 'anniversaryInMonth') return anniversarySql(rule, s, c);
  if (op === 'inTheLast' || op === 'inTheNext' || op === 'ago') {
    if (rule.amount === undefined || rule.unit === undefined)
      throw compileError(`Rule on '${rule.field}' needs an amount and a unit`, rule.id);
    return rangeSql(s, c, relativeRange(s.b, s.clock, op, rule.amount, rule.unit, type));
  }
  if (op === 'between') {
    const [lo, hi] = values(rule);
    return rangeSql(s, c, valueRange(s.b, betweenDateBounds(String(lo), String(hi), type, zone) ?? bad()));
  }
  if (op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge') {
    const parts = values(rule).map((v) => rangeSql(s, c, valueRange(s.b, absoluteDateBounds(op, String(v), type, zone) ?? bad())));
    return op === 'ne'
      ? and(
          s,
          parts.map((p) => `NOT ${p}`),
        )
      : or(s, parts);
  }
  throw compileError(`Operator ${op} does not apply to date field '${rule.field}'`, rule.id);
}

/**
 * Anniversary rules on a date column: its month-day ('MM-DD', `SqlDialect.monthDay`) must be one the
 * shared `anniversaryMonthDays` lists for today in the segment's zone, or its month must be today's
 * month + N. NULL stays UNKNOWN. "Next N days" needs a fixed evaluation time (the list is computed at
 * compile time); "month" also runs on the engine's clock.
 */
function anniversarySql(rule: RuleNode, s: RuleScope, c: string): string {
  if (s.column.field.type !== 'date' || rule.amount === undefined)
    throw compileError(`Anniversaries need a date field and an amount ('${rule.field}')`, rule.id);
  const d = dl(s);
  const md = d.monthDay(c);
  if (s.clock.now === undefined) {
    const dates = d.dates;
    if (rule.operator !== 'anniversaryInMonth' || !dates)
      throw compileError(`'Anniversary in the next N days' needs a fixed evaluation time in SQL ('${rule.field}')`, rule.id);
    const today = dates.wallToDay(dates.wallClock(dates.currentInstant, d.text(s.clock.timeZone)));
    const month = (x: string): string => `CAST(substr(${x}, 1, 2) AS INTEGER)`;
    return `(${month(md)} = ((${month(d.monthDay(today))} - 1 + ${rule.amount}) % 12) + 1)`;
  }
  const today = localDay(s.clock.now, s.clock.timeZone);
  if (rule.operator === 'anniversaryInMonth') {
    const month = ((Number(today.slice(5, 7)) - 1 + rule.amount) % 12) + 1;
    return `(substr(${md}, 1, 2) = ${s.b.text(String(month).padStart(2, '0'))})`;
  }
  const days = anniversaryMonthDays(rule.amount, today);
  if (!days) return `(${c} = ${c})`;
  return `(${md} IN (${s.b.inList(days)}))`;
}

const CMP: Partial<Record<RuleOperator, string>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function numberRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  const op = rule.operator;
  if (op === 'between') {
    const [lo, hi] = values(rule);
    const from = numberValue(rule, lo, s);
    return `(${c} BETWEEN ${from} AND ${numberValue(rule, hi, s)})`;
  }
  const cmp = CMP[op];
  if (!cmp) throw compileError(`Operator ${op} does not apply to number field '${rule.field}'`, rule.id);
  const parts = values(rule).map((v) => `${c} ${cmp} ${numberValue(rule, v, s)}`);
  return op === 'ne' ? and(s, parts) : or(s, parts);
}

function textRule(rule: RuleNode, s: RuleScope): string {
  const f = foldedColumn(s);
  const vs = textValues(rule);
  switch (rule.operator) {
    case 'eq':
      return vs.length === 1 ? `${f} = ${s.b.text(vs[0] ?? '')}` : `${f} IN (${s.b.inList(vs)})`;
    case 'ne':
      return vs.length === 1 ? `${f} <> ${s.b.text(vs[0] ?? '')}` : `${f} NOT IN (${s.b.inList(vs)})`;
    case 'contains':
    case 'beginsWith':
    case 'endsWith': {
      const op = rule.operator;
      return or(
        s,
        vs.map((v) => textMatch(s, op, v)),
      );
    }
    case 'notContains':
    case 'notBeginsWith':
    case 'notEndsWith': {
      const op = rule.operator === 'notContains' ? 'contains' : rule.operator === 'notBeginsWith' ? 'beginsWith' : 'endsWith';
      // NOT over a non-NULL column is two-valued; the IS NOT NULL guard keeps empties unknown/false.
      return unknownWhenEmpty(
        s,
        f,
        and(
          s,
          vs.map((v) => `NOT ${textMatch(s, op, v)}`),
        ),
      );
    }
    default:
      throw compileError(`Operator ${rule.operator} does not apply to text field '${rule.field}'`, rule.id);
  }
}

function booleanRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  // Same coercion as the evaluator: true, 1 and 'true' (any case) are true; everything else false.
  const vs = values(rule).map((v) => v === true || v === 1 || String(v).toLowerCase() === 'true');
  if (rule.operator === 'eq')
    return or(
      s,
      vs.map((v) => `${c} = ${s.b.bool(v)}`),
    );
  if (rule.operator === 'ne')
    return and(
      s,
      vs.map((v) => `${c} <> ${s.b.bool(v)}`),
    );
  throw compileError(`Operator ${rule.operator} does not apply to boolean field '${rule.field}'`, rule.id);
}

function multichoiceRule(rule: RuleNode, s: RuleScope): string {
  const f = foldedColumn(s);
  const vs = [...new Set(textValues(rule))];
  const has = (v: string): string => dl(s).listHas(f, s.b.text(v));
  let expr: string;
  switch (rule.operator) {
    case 'containsAnyOf':
      expr = or(s, vs.map(has));
      break;
    case 'containsAllOf':
      expr = and(s, vs.map(has));
      break;
    case 'containsNoneOf':
      expr = and(
        s,
        vs.map((v) => `NOT ${has(v)}`),
      );
      break;
    default:
      throw compileError(`Operator ${rule.operator} does not apply to multi-choice field '${rule.field}'`, rule.id);
  }
  // Always CASE (both polarities): SQLite's json_each must never see a value without data.
  return `CASE WHEN ${dl(s).listHasData(col(s))} THEN ${expr} ELSE NULL END`;
}

function lookupRule(rule: RuleNode, s: RuleScope): string {
  const c = col(s);
  const keys = values(rule).map((v) => String(v).trim());
  let inKeys: string;
  const target = s.target.entities.get((s.column.field.lookupEntity ?? '').toLowerCase());
  if (target && target.id === target.key) {
    // The lookup column holds the referenced record's key: the rule's keys compare directly.
    inKeys = `${c} IN (${s.b.inList(keys)})`;
  } else {
    if (!target) throw compileError(`Lookup field '${rule.field}' points at an unknown entity`, rule.id);
    // Keys resolve to row ids in a subquery; an unknown key matches no record.
    const d = dl(s);
    inKeys =
      `${c} IN (SELECT ${quoteName(d, target.id)} FROM ${quoteName(d, target.table)}` +
      ` WHERE ${quoteName(d, target.key)} IN (${s.b.inList(keys)}))`;
  }
  if (rule.operator === 'eq') return unknownWhenEmpty(s, c, inKeys);
  if (rule.operator === 'ne') return unknownWhenEmpty(s, c, `NOT ${inKeys}`);
  throw compileError(`Operator ${rule.operator} does not apply to lookup field '${rule.field}'`, rule.id);
}

/** Compiles one rule over `scope.column` (already resolved from the layout by the caller). */
export function compileRule(rule: RuleNode, s: RuleScope): string {
  if (rule.operator === 'containsData' || rule.operator === 'notContainsData') {
    const has = s.column.field.type === 'multichoice' ? dl(s).listHasData(col(s)) : `(${col(s)} IS NOT NULL)`;
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
