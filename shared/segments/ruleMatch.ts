/**
 * Rule semantics of the reference evaluator: one rule against one stored value, three-valued.
 * See docs/semantics.md. Everything here is the executable spec the SQL compiler must agree with.
 */
import type { CatalogField } from '../models/catalog.js';
import type { RuleNode, RuleValue } from './ast.js';
import type { StoredValue } from './dataset.js';
import {
  absoluteDateBounds,
  betweenDateBounds,
  daysToAnniversary,
  localDay,
  monthsToAnniversary,
  inDateRange,
  relativeDateRange,
  type DateContext,
  type DateFieldType,
  type DateRange,
} from './dates.js';
import { foldText, normText } from './fold.js';

/** SQL-style truth value: a comparison with an empty field is UNKNOWN, which never selects a record. */
export type Truth = 'true' | 'false' | 'unknown';

/** A rule prepared once per evaluation: the predicate and a human summary of what it compares with. */
export interface PreparedRule {
  test(value: StoredValue): Truth;
  expected: string;
}

/** Thrown when a definition that did not pass the validator cannot be evaluated. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

const tv = (b: boolean): Truth => (b ? 'true' : 'false');

function describeRange(r: DateRange): string {
  const v = (x: string | number): string => (typeof x === 'number' ? new Date(x).toISOString() : x);
  const from = r.from ? `${r.from.inclusive ? '[' : '('}${v(r.from.value)}` : '(−∞';
  const to = r.to ? `${v(r.to.value)}${r.to.inclusive ? ']' : ')'}` : '+∞)';
  return `${from}, ${to}`;
}

/** Multichoice stored value → folded option set; NULL, '[]' and malformed JSON count as no data. */
export function multichoiceSet(value: StoredValue): Set<string> | null {
  if (typeof value !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  return new Set(parsed.filter((x): x is string => typeof x === 'string').map((x) => foldText(x.trim())));
}

/** Whether a stored value counts as data (containsData); an empty multichoice array does not. */
export function hasData(value: StoredValue, field: CatalogField): boolean {
  if (value === null) return false;
  if (field.type === 'multichoice') return multichoiceSet(value) !== null;
  return true;
}

function valuesOf(rule: RuleNode): RuleValue[] {
  return rule.values ?? [];
}

/** The date ranges a date rule selects (one per value; relative operators give one). */
export function dateRanges(rule: RuleNode, type: DateFieldType, ctx: DateContext): DateRange[] {
  const vals = valuesOf(rule).map(String);
  const bad = (): never => {
    throw new EvaluationError(`Rule ${rule.id}: invalid date value in ${JSON.stringify(rule.values)}`);
  };
  switch (rule.operator) {
    case 'inTheLast':
    case 'inTheNext':
    case 'ago':
      if (rule.amount === undefined || rule.unit === undefined) return bad();
      return [relativeDateRange(rule.operator, rule.amount, rule.unit, type, ctx)];
    case 'between': {
      const [lo, hi] = vals;
      const r = lo !== undefined && hi !== undefined ? betweenDateBounds(lo, hi, type, ctx.timeZone) : undefined;
      return r ? [r] : bad();
    }
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const op2 = rule.operator;
      return vals.map((v) => absoluteDateBounds(op2, v, type, ctx.timeZone) ?? bad());
    }
    default:
      return bad();
  }
}

function isRealDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/**
 * Prepares `rule` on `field`. `lookupRid(key)` resolves a lookup value (the referenced record's key,
 * matched exactly after trimming) to its rid; an unknown key matches no record.
 */
export function prepareRule(
  rule: RuleNode,
  field: CatalogField,
  ctx: DateContext,
  lookupRid: (key: string) => number | undefined,
): PreparedRule {
  const op = rule.operator;
  const vals = valuesOf(rule);
  const expected =
    op === 'inTheLast' || op === 'inTheNext' || op === 'ago' || op === 'anniversaryInTheNext' || op === 'anniversaryInMonth'
      ? `${op} ${rule.amount ?? '?'} ${rule.unit ?? '?'}`
      : `${op} ${JSON.stringify(vals)}`;
  if (op === 'containsData') return { expected, test: (v) => tv(hasData(v, field)) };
  if (op === 'notContainsData') return { expected, test: (v) => tv(!hasData(v, field)) };
  const unsupported = (): never => {
    throw new EvaluationError(`Rule ${rule.id}: operator '${op}' is not valid for ${field.type} field '${field.name}'`);
  };
  const guard = (f: (v: string | number) => boolean): PreparedRule => ({
    expected,
    test: (v) => (v === null ? 'unknown' : tv(f(v))),
  });

  switch (field.type) {
    case 'text':
    case 'choice': {
      const xs = vals.map((x) => normText(String(x)));
      const s = (v: string | number): string => foldText(String(v));
      switch (op) {
        case 'eq':
          return guard((v) => xs.includes(s(v)));
        case 'ne':
          return guard((v) => !xs.includes(s(v)));
        case 'contains':
          return guard((v) => xs.some((x) => s(v).includes(x)));
        case 'notContains':
          return guard((v) => !xs.some((x) => s(v).includes(x)));
        case 'beginsWith':
          return guard((v) => xs.some((x) => s(v).startsWith(x)));
        case 'notBeginsWith':
          return guard((v) => !xs.some((x) => s(v).startsWith(x)));
        case 'endsWith':
          return guard((v) => xs.some((x) => s(v).endsWith(x)));
        case 'notEndsWith':
          return guard((v) => !xs.some((x) => s(v).endsWith(x)));
        default:
          return unsupported();
      }
    }
    case 'integer':
    case 'decimal': {
      const xs = vals.map(Number);
      const [a = NaN, b = NaN] = xs;
      switch (op) {
        case 'eq':
          return guard((v) => xs.includes(Number(v)));
        case 'ne':
          return guard((v) => !xs.includes(Number(v)));
        case 'lt':
          return guard((v) => Number(v) < a);
        case 'le':
          return guard((v) => Number(v) <= a);
        case 'gt':
          return guard((v) => Number(v) > a);
        case 'ge':
          return guard((v) => Number(v) >= a);
        case 'between':
          return guard((v) => Number(v) >= a && Number(v) <= b);
        default:
          return unsupported();
      }
    }
    case 'boolean': {
      const xs: number[] = vals.map((x) => (x === true || x === 1 || String(x).toLowerCase() === 'true' ? 1 : 0));
      if (op === 'eq') return guard((v) => xs.includes(Number(v)));
      if (op === 'ne') return guard((v) => !xs.includes(Number(v)));
      return unsupported();
    }
    case 'lookup': {
      const rids = vals.map((x) => lookupRid(String(x).trim()));
      if (op === 'eq') return guard((v) => rids.includes(Number(v)));
      if (op === 'ne') return guard((v) => !rids.includes(Number(v)));
      return unsupported();
    }
    case 'date':
    case 'datetime': {
      if (op === 'anniversaryInTheNext' || op === 'anniversaryInMonth') {
        if (field.type !== 'date' || rule.amount === undefined) return unsupported();
        const today = localDay(ctx.now, ctx.timeZone);
        const n = rule.amount;
        const within =
          op === 'anniversaryInTheNext'
            ? (d: string) => daysToAnniversary(d, today) <= n
            : (d: string) => monthsToAnniversary(d, today) === n;
        // A stored value that is not a valid 'YYYY-MM-DD' day has no anniversary (FALSE, like a failed comparison).
        const valid = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
        return {
          ...guard((v) => valid.test(String(v)) && isRealDay(String(v)) && within(String(v))),
          expected: `${expected} from ${today}`,
        };
      }
      const ranges = dateRanges(rule, field.type, ctx);
      const coerce = (v: string | number): string | number => (field.type === 'date' ? String(v) : Number(v));
      // The explanation shows the concrete boundaries the rule compared with.
      const shown = `${expected} = ${ranges.map(describeRange).join(' or ')}`;
      if (op === 'ne') return { ...guard((v) => !ranges.some((r) => inDateRange(r, coerce(v)))), expected: shown };
      return { ...guard((v) => ranges.some((r) => inDateRange(r, coerce(v)))), expected: shown };
    }
    case 'multichoice': {
      const xs = vals.map((x) => normText(String(x)));
      const test =
        (pred: (set: Set<string>) => boolean) =>
        (v: StoredValue): Truth => {
          const set = multichoiceSet(v);
          return set === null ? 'unknown' : tv(pred(set));
        };
      switch (op) {
        case 'containsAllOf':
          return { expected, test: test((set) => xs.every((x) => set.has(x))) };
        case 'containsAnyOf':
          return { expected, test: test((set) => xs.some((x) => set.has(x))) };
        case 'containsNoneOf':
          return { expected, test: test((set) => !xs.some((x) => set.has(x))) };
        default:
          return unsupported();
      }
    }
  }
}
