/**
 * One clause row in plain words, for the natural view (naturalView.ts): "City is Seattle or Redmond",
 * "Lifetime value is over 1,000", "Created on is in the last 30 days". Labels come from the catalog,
 * values are formatted by the field's type and the reader's locale (shared/values/format.ts).
 *
 * Rule shapes this module does not know (operators or properties added later) still read as words:
 * the operator's name split into words and whatever values the row carries. Nothing here throws.
 */
import type { CatalogField } from '../models/catalog.js';
import { displayDateTime, displayDay, displayNumber, yesNo, type DisplayOptions } from '../values/format.js';
import type { RuleNode } from './ast.js';

/** How a reader sees values: locale, time zone, and optionally the names of lookup records. */
export interface NaturalValueOptions extends DisplayOptions {
  /** The display name of a related record by its entity and key, when the caller knows it. */
  lookupName?: (entity: string, key: string) => string | undefined;
}

/** "A", "A or B", "A, B or C" (the word between the last two is `last`). */
export function joinWords(items: readonly string[], last: 'and' | 'or' | 'nor'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] ?? ''}`;
}

/** camelCase operator names of forms this module does not know, as words: 'anniversaryWithin' → 'anniversary within'. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** One rule value as the reader sees it, by the field's type (a field the catalog lacks shows the raw value). */
export function valueWords(field: CatalogField | undefined, value: unknown, opts: NaturalValueOptions): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return JSON.stringify(value) ?? '';
  switch (field?.type) {
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) && String(value).trim() !== '' ? displayNumber(n, opts.locale) : String(value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? yesNo(value) : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? displayDay(value, opts.locale) : String(value);
    case 'datetime': {
      if (typeof value !== 'string') return String(value);
      // Rule date-times without a zone are UTC (ast.ts); Date.parse would read them as local time.
      const ms = Date.parse(HAS_ZONE.test(value) || !value.includes('T') ? value : `${value}Z`);
      return Number.isFinite(ms) ? displayDateTime(ms, opts) : value;
    }
    case 'choice':
    case 'multichoice':
      return field.options?.find((o) => o.value.toLowerCase() === String(value).toLowerCase())?.label ?? String(value);
    case 'lookup': {
      const name = field.lookupEntity ? opts.lookupName?.(field.lookupEntity, String(value)) : undefined;
      return name ?? String(value);
    }
    case 'text':
      return `“${String(value)}”`;
    default:
      return String(value);
  }
}

/** "3 days", "1 month"; units this module does not know keep their name. */
export function amountWords(amount: unknown, unit: unknown, locale: string): string {
  const n = typeof amount === 'number' && Number.isFinite(amount) ? amount : undefined;
  const u = typeof unit === 'string' ? unit : '';
  const unitText = n === 1 && u.endsWith('s') ? u.slice(0, -1) : u;
  return [n === undefined ? String(amount ?? '') : displayNumber(n, locale), humanize(unitText)].filter((s) => s !== '').join(' ');
}

const isDateType = (f: CatalogField | undefined): boolean => f?.type === 'date' || f?.type === 'datetime';

/** What a comparison reads as: dates are before/after, numbers under/over. */
function comparisonWords(op: string, dates: boolean): string | undefined {
  const words: Record<string, [string, string]> = {
    lt: ['is under', 'is before'],
    le: ['is at most', 'is on or before'],
    gt: ['is over', 'is after'],
    ge: ['is at least', 'is on or after'],
  };
  const w = words[op];
  return w ? w[dates ? 1 : 0] : undefined;
}

/** The predicate part of a rule, after its field label: "is Seattle or Redmond", "is empty". */
export function rulePredicate(rule: RuleNode, field: CatalogField | undefined, opts: NaturalValueOptions): string {
  const raw: unknown = (rule as { values?: unknown }).values;
  const values = Array.isArray(raw) ? raw.map((v) => valueWords(field, v, opts)) : [];
  const any = joinWords(values, 'or');
  const op: string = rule.operator;
  const dates = isDateType(field);
  switch (op) {
    case 'eq':
      return `is ${dates && values.length === 1 ? 'on ' : ''}${any}`;
    case 'ne':
      return values.length > 1 ? `is none of ${joinWords(values, 'or')}` : `is not ${dates ? 'on ' : ''}${any}`;
    case 'contains':
      return `contains ${any}`;
    case 'notContains':
      return values.length > 1 ? `contains none of ${any}` : `does not contain ${any}`;
    case 'beginsWith':
      return `begins with ${any}`;
    case 'notBeginsWith':
      return values.length > 1 ? `begins with none of ${any}` : `does not begin with ${any}`;
    case 'endsWith':
      return `ends with ${any}`;
    case 'notEndsWith':
      return values.length > 1 ? `ends with none of ${any}` : `does not end with ${any}`;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return `${comparisonWords(op, dates) ?? humanize(op)} ${any}`;
    case 'between':
      return `is between ${values[0] ?? '…'} and ${values[1] ?? '…'}`;
    case 'inTheLast':
      return `is in the last ${amountWords(rule.amount, rule.unit, opts.locale)}`;
    case 'inTheNext':
      return `is in the next ${amountWords(rule.amount, rule.unit, opts.locale)}`;
    case 'ago':
      return `is ${amountWords(rule.amount, rule.unit, opts.locale)} ago`;
    case 'containsAllOf':
      return `includes all of ${joinWords(values, 'and')}`;
    case 'containsAnyOf':
      return `includes ${values.length > 1 ? 'any of ' : ''}${any}`;
    case 'containsNoneOf':
      return values.length > 1 ? `includes none of ${any}` : `does not include ${any}`;
    case 'anniversaryInTheNext':
      return `has its anniversary in the next ${amountWords(rule.amount, 'days', opts.locale)}`;
    case 'anniversaryInMonth':
      return rule.amount === 0
        ? 'has its anniversary this month'
        : rule.amount === 1
          ? 'has its anniversary next month'
          : `has its anniversary in ${amountWords(rule.amount, 'months', opts.locale)}`;
    case 'containsData':
      return 'has a value';
    case 'notContainsData':
      return 'is empty';
    default:
      return unknownPredicate(rule, values, opts);
  }
}

/** A form added after this module: its operator in words and every value-like property it carries. */
function unknownPredicate(rule: RuleNode, values: string[], opts: NaturalValueOptions): string {
  const parts = [humanize(String(rule.operator))];
  if (values.length > 0) parts.push(joinWords(values, 'or'));
  if (rule.amount !== undefined || rule.unit !== undefined) parts.push(amountWords(rule.amount, rule.unit, opts.locale));
  const known = new Set(['kind', 'id', 'field', 'operator', 'values', 'amount', 'unit']);
  for (const [key, v] of Object.entries(rule)) {
    if (known.has(key) || v === undefined) continue;
    const shown = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    parts.push(`${humanize(key)} ${shown}`);
  }
  return parts.join(' ');
}
