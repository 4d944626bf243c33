/**
 * Field values as people read them, one module for the screens and the exports alike (issue 21):
 * stored or API forms (docs/storage.md, shared/models/contact.ts) become a {@link TypedValue}, which
 * is then shown ({@link displayText}: the user's locale, a time zone), written to a CSV cell
 * ({@link exportText}: ISO 8601 with offset, plain numbers, `; `-joined lists, Yes/No) or to an Excel
 * cell ({@link excelCell}: numbers, real dates, booleans). Row ids, epoch milliseconds and JSON never
 * reach a person: a lookup is shown by the related record's name, its key kept beside it.
 */
import type { FieldType } from '../models/catalog.js';
import { wallClockMs } from '../segments/dates.js';

/** A related record as lookups show it: its display name (null when it has none) and its key. */
export interface LookupRef {
  key: string;
  name: string | null;
}

/** A value with its kind decided; null = no data. */
export type TypedValue =
  | null
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; day: string }
  | { kind: 'datetime'; ms: number }
  | { kind: 'list'; items: string[] }
  | { kind: 'lookup'; key: string; name: string | null };

/** How a value is shown on screen. */
export interface DisplayOptions {
  /** BCP 47 locale of the reader (numbers, dates). */
  locale: string;
  /** IANA zone date-times are shown in (the segment's; the user's on contact screens). */
  timeZone: string;
}

/** A raw value as the store (epoch ms, 0/1, JSON list, row id) or the API (ISO, boolean, string[], key) gives it. */
export type RawValue = string | number | boolean | string[] | null | undefined;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function listOf(raw: RawValue): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  const s = String(raw);
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON after all: a single item.
    }
  }
  return s === '' ? [] : [s];
}

/**
 * Decides the kind of a raw value by the field's type. `lookup` is the related record when the caller
 * resolved it; an unresolved lookup keeps the raw value only as its key text (never a row id: callers
 * that hold row ids resolve them first).
 */
export function typedValue(type: FieldType, raw: RawValue, lookup?: LookupRef | null): TypedValue {
  if (type === 'lookup') {
    if (lookup) return { kind: 'lookup', key: lookup.key, name: lookup.name };
    return raw === null || raw === undefined || typeof raw === 'number' ? null : { kind: 'lookup', key: String(raw), name: null };
  }
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'integer':
    case 'decimal': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'text', text: String(raw) };
    }
    case 'boolean':
      return { kind: 'boolean', value: typeof raw === 'boolean' ? raw : raw !== 0 && raw !== '0' && raw !== 'false' };
    case 'date': {
      const s = String(raw).slice(0, 10);
      return DAY.test(s) ? { kind: 'date', day: s } : { kind: 'text', text: String(raw) };
    }
    case 'datetime': {
      const ms = typeof raw === 'number' ? raw : Date.parse(String(raw));
      return Number.isFinite(ms) ? { kind: 'datetime', ms } : { kind: 'text', text: String(raw) };
    }
    case 'multichoice': {
      const items = listOf(raw);
      return items.length === 0 ? null : { kind: 'list', items };
    }
    default:
      return { kind: 'text', text: Array.isArray(raw) ? raw.join(', ') : String(raw) };
  }
}

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as T;
}

/** A number in the reader's locale (grouped, up to 6 decimals). */
export function displayNumber(n: number, locale: string): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })).format(n);
}

/** A calendar day in the reader's locale (e.g. "Jul 15, 2026", "15.07.2026"); no zone applies to a day. */
export function displayDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const f = cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  return f.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** An instant as the wall clock of `timeZone` reads it, with the zone's short name (e.g. "CEST", "GMT+2"). */
export function displayDateTime(ms: number, { locale, timeZone }: DisplayOptions): string {
  const f = cached(
    `t|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }),
  );
  return f.format(new Date(ms));
}

/** Yes/No, the words Dynamics 365 and HubSpot show for two-option fields. */
export const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** One value as screen text ('' for no data). Lists are `, `-joined here; screens may show them as chips. */
export function displayText(v: TypedValue, opts: DisplayOptions): string {
  if (v === null) return '';
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return displayNumber(v.value, opts.locale);
    case 'boolean':
      return yesNo(v.value);
    case 'date':
      return displayDay(v.day, opts.locale);
    case 'datetime':
      return displayDateTime(v.ms, opts);
    case 'list':
      return v.items.join(', ');
    case 'lookup':
      return v.name ?? v.key;
  }
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/**
 * ISO 8601 with the offset `timeZone` has at that instant: `2026-07-15T14:30:00+02:00` (milliseconds
 * only when there are some). Tools read it back to the same instant; people see their wall clock.
 */
export function isoInZone(ms: number, timeZone: string): string {
  const wall = wallClockMs(ms, timeZone);
  const offsetMin = Math.round((wall - ms) / 60_000);
  const w = new Date(wall);
  const y = w.getUTCFullYear();
  const date = `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  const frac = w.getUTCMilliseconds() === 0 ? '' : `.${pad(w.getUTCMilliseconds(), 3)}`;
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${frac}`;
  const sign = offsetMin < 0 ? '-' : '+';
  return `${date}T${time}${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}

/** A number as plain text for files: no grouping, `.` decimal, never exponent notation for safe magnitudes. */
export function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return Math.abs(n) >= 1 ? BigInt(Math.round(n)).toString() : n.toFixed(20).replace(/0+$/, '');
}

/** One value as CSV text: ISO 8601 with offset in `timeZone`, plain numbers, `; `-joined lists, Yes/No, lookup names. */
export function exportText(v: TypedValue, timeZone: string): string {
  if (v === null) return '';
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return plainNumber(v.value);
    case 'boolean':
      return yesNo(v.value);
    case 'date':
      return v.day;
    case 'datetime':
      return isoInZone(v.ms, timeZone);
    case 'list':
      return v.items.join('; ');
    case 'lookup':
      return v.name ?? v.key;
  }
}

/**
 * One value as an Excel cell: numbers and booleans as such; dates and date-times as real dates (Excel
 * has no time zones, so a date-time is the wall clock of `timeZone`, carried as a UTC Date the way
 * spreadsheet libraries write it) with the number format to show them; everything else as the CSV text.
 */
export type ExcelCell =
  | { value: null }
  | { value: string }
  | { value: number }
  | { value: boolean }
  | { value: Date; numFmt: typeof EXCEL_DATE_FORMAT | typeof EXCEL_DATETIME_FORMAT };

/** Number formats of date cells (ISO-like, read the same in every locale). */
export const EXCEL_DATE_FORMAT = 'yyyy-mm-dd';
export const EXCEL_DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export function excelCell(v: TypedValue, timeZone: string): ExcelCell {
  if (v === null) return { value: null };
  switch (v.kind) {
    case 'number':
      return { value: v.value };
    case 'boolean':
      return { value: v.value };
    case 'date': {
      const [y, m, d] = v.day.split('-').map(Number) as [number, number, number];
      return { value: new Date(Date.UTC(y, m - 1, d)), numFmt: EXCEL_DATE_FORMAT };
    }
    case 'datetime':
      return { value: new Date(wallClockMs(v.ms, timeZone)), numFmt: EXCEL_DATETIME_FORMAT };
    default:
      return { value: exportText(v, timeZone) };
  }
}
