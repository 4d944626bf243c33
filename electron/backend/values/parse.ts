/**
 * Text → stored value: the parsers shared by CSV imports (io/) and contact edits (contacts/), plus the
 * import's type inference. Every parser takes the trimmed, non-empty cell text and returns the stored
 * encoding (docs/storage.md) or a reason why the cell does not fit the type.
 *
 * Inference (from a sample of rows, per column, ignoring empty cells; an all-empty column is text):
 * the first of integer, decimal, boolean (true/false/yes/no, mixed with 1/0 or not — a column of only 1/0
 * is integer), date, datetime
 * that accepts every sampled value, else text. Choice and multi-choice are never inferred: the user picks
 * them per column (values of a multi-choice cell are separated by `;`).
 */
import type { FieldType } from '../../../shared/models/catalog.js';
import { canonicalNumber, type NumberFormat } from './locale.js';

export type { NumberFormat };

export type Parsed = { ok: true; value: string | number } | { ok: false; reason: string };

const INT = /^[+-]?\d+$/;
const DEC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const okv = (value: string | number): Parsed => ({ ok: true, value });
const bad = (reason: string): Parsed => ({ ok: false, reason });

/** Whole number; with a number format, its thousands separators (`1.234` under `,` decimals) are read too. */
export function parseInteger(s: string, nf: NumberFormat | null = null): Parsed {
  if (nf !== null && !INT.test(s)) s = canonicalNumber(s, nf);
  if (!INT.test(s)) return bad('not a whole number');
  const n = Number(s);
  return Number.isSafeInteger(n) ? okv(n) : bad('whole number too large');
}

/** Decimal number; with a number format, as that locale writes it (`1.234,56`, `1 234,56`, `1,234.56`). */
export function parseDecimal(s: string, nf: NumberFormat | null = null): Parsed {
  if (nf !== null) {
    // Under `,` decimals a plain `1.5` would be read as 1.5 by DEC: the locale's reading comes first.
    if (nf.decimal === ',' || !DEC.test(s)) s = canonicalNumber(s, nf);
    if (!DEC.test(s)) return bad(`not a number (decimals written with '${nf.decimal}')`);
  }
  if (!DEC.test(s)) return bad("not a number (use '.' for decimals)");
  const n = Number(s);
  return Number.isFinite(n) ? okv(n) : bad('number out of range');
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

export function parseBoolean(s: string): Parsed {
  const l = s.toLowerCase();
  if (TRUE.has(l)) return okv(1);
  if (FALSE.has(l)) return okv(0);
  return bad('not a yes/no value (true/false, yes/no, 1/0)');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return new Date(Date.UTC(y, 2, 0)).getUTCDate() === 29;
  return d <= (MONTH_DAYS[m - 1] ?? 0);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Date/time parts read from a cell. `zoneMinutes` null = no zone given (read as UTC). */
interface Parts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
  ms: number;
  hasTime: boolean;
  zoneMinutes: number | null;
}

function partsToEpoch(p: Parts): number | null {
  if (!validDate(p.y, p.m, p.d) || p.hh > 23 || p.mi > 59 || p.ss > 59) return null;
  const t = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mi, p.ss, p.ms);
  return t - (p.zoneMinutes ?? 0) * 60_000;
}

function isoParts(s: string): Parts | null {
  const d = ISO_DATE.exec(s);
  if (d) return { y: Number(d[1]), m: Number(d[2]), d: Number(d[3]), hh: 0, mi: 0, ss: 0, ms: 0, hasTime: false, zoneMinutes: null };
  const t = ISO_DATETIME.exec(s);
  if (!t) return null;
  let zoneMinutes: number | null = null;
  const z = t[8];
  if (z) {
    if (z.toUpperCase() === 'Z') zoneMinutes = 0;
    else {
      const digits = z.slice(1).replace(':', '');
      const zh = Number(digits.slice(0, 2));
      const zm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (zh > 14 || zm > 59) return null;
      zoneMinutes = (z.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
    }
  }
  const frac = t[7] ?? '';
  return {
    y: Number(t[1]),
    m: Number(t[2]),
    d: Number(t[3]),
    hh: Number(t[4]),
    mi: Number(t[5]),
    ss: Number(t[6] ?? 0),
    ms: frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
    hasTime: true,
    zoneMinutes,
  };
}

/** A compiled declared date format (tokens YYYY MM DD HH mm ss; other characters are literal). */
export interface DateFormat {
  text: string;
  regex: RegExp;
  order: ('YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss')[];
}

export function compileDateFormat(text: string): DateFormat {
  const order: DateFormat['order'] = [];
  let src = '';
  for (let i = 0; i < text.length;) {
    const tok = (['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const).find((t) => text.startsWith(t, i));
    if (tok) {
      order.push(tok);
      src += tok === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
      i += tok.length;
    } else {
      src += text[i]?.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') ?? '';
      i++;
    }
  }
  // A date-only format also reads date-times written as that date plus ` HH:mm[:ss]` (CRM exports do this).
  if (!order.includes('HH')) {
    src += '(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';
    order.push('HH', 'mm', 'ss');
  }
  return { text, regex: new RegExp(`^${src}$`), order };
}

function formatParts(s: string, f: DateFormat): Parts | null {
  const m = f.regex.exec(s);
  if (!m) return null;
  const p: Parts = { y: 0, m: 0, d: 0, hh: 0, mi: 0, ss: 0, ms: 0, hasTime: false, zoneMinutes: null };
  f.order.forEach((tok, i) => {
    const g = m[i + 1];
    if (g === undefined) return;
    const n = Number(g);
    if (tok === 'YYYY') p.y = n;
    else if (tok === 'MM') p.m = n;
    else if (tok === 'DD') p.d = n;
    else if (tok === 'HH') {
      p.hh = n;
      p.hasTime = true;
    } else if (tok === 'mm') p.mi = n;
    else p.ss = n;
  });
  return p;
}

function readParts(s: string, f: DateFormat | null): Parts | null {
  return (f ? formatParts(s, f) : null) ?? isoParts(s);
}

/** Date field: `YYYY-MM-DD` (or the declared format) → 'YYYY-MM-DD'. A time part is refused. */
export function parseDate(s: string, f: DateFormat | null): Parsed {
  // Already `YYYY-MM-DD` (the stored form): check the calendar only.
  if (f === null && s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y1 = digits2(s, 0);
    const y2 = digits2(s, 2);
    const m = digits2(s, 5);
    const d = digits2(s, 8);
    if (y1 >= 0 && y2 >= 0 && m >= 0 && d >= 0)
      return validDate(y1 * 100 + y2, m, d) ? { ok: true, value: s } : bad('no such calendar date');
  }
  const p = readParts(s, f);
  if (!p || p.hasTime) return bad(f ? `not a date (expected ${f.text} or YYYY-MM-DD)` : 'not a date (expected YYYY-MM-DD)');
  if (!validDate(p.y, p.m, p.d)) return bad('no such calendar date');
  return okv(`${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`);
}

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common exported form `YYYY-MM-DDTHH:MM:SS[.sss]Z` (what `toISOString` writes), read without a regex
 * or objects: the import's hot path (tens of millions of timestamps). Returns epoch ms, or NaN when the
 * text is not exactly that form (the caller then uses the general parser, which gives the same value for
 * every text this accepts).
 */
export function fastIsoUtc(s: string): number {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return NaN;
  const y1 = digits2(s, 0);
  const y2 = digits2(s, 2);
  const mo = digits2(s, 5);
  const d = digits2(s, 8);
  const hh = digits2(s, 11);
  const mi = digits2(s, 14);
  const ss = digits2(s, 17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || hh < 0 || mi < 0 || ss < 0) return NaN;
  let ms = 0;
  if (n === 24) {
    const m1 = digits2(s, 20);
    const m2 = s.charCodeAt(22) - 48;
    if (s.charCodeAt(19) !== 46 || m1 < 0 || m2 < 0 || m2 > 9) return NaN;
    ms = m1 * 10 + m2;
  }
  const y = y1 * 100 + y2;
  if (!validDate(y, mo, d) || hh > 23 || mi > 59 || ss > 59) return NaN;
  return Date.UTC(y, mo - 1, d, hh, mi, ss, ms);
}

/** Datetime field: ISO 8601 with or without zone (no zone = UTC), a date alone = midnight UTC → epoch ms. */
export function parseDatetime(s: string, f: DateFormat | null): Parsed {
  if (f === null) {
    const t = fastIsoUtc(s);
    if (!Number.isNaN(t)) return { ok: true, value: t };
  }
  const p = readParts(s, f);
  if (!p)
    return bad(f ? `not a date/time (expected ${f.text} or ISO 8601)` : 'not a date/time (expected ISO 8601, e.g. 2025-03-01T14:30:00Z)');
  const t = partsToEpoch(p);
  return t === null ? bad('no such date/time') : okv(t);
}

/** Parses a non-empty trimmed cell for a scalar type (choice, multichoice and lookup are handled by the importer). */
export function parseScalar(type: FieldType, s: string, f: DateFormat | null, nf: NumberFormat | null = null): Parsed {
  switch (type) {
    case 'integer':
      return parseInteger(s, nf);
    case 'decimal':
      return parseDecimal(s, nf);
    case 'boolean':
      return parseBoolean(s);
    case 'date':
      return parseDate(s, f);
    case 'datetime':
      return parseDatetime(s, f);
    default:
      return okv(s);
  }
}

const WORD_BOOL = new Set(['true', 'false', 'yes', 'no']);

/** Infers a column's type from sampled cells (see the module comment for the order). */
export function inferType(cells: readonly string[], f: DateFormat | null, nf: NumberFormat | null = null): FieldType {
  const values = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (values.length === 0) return 'text';
  if (nf !== null) {
    if (values.every((v) => parseInteger(v, nf).ok)) return 'integer';
    if (values.every((v) => parseDecimal(v, nf).ok)) return 'decimal';
  }
  if (values.every((v) => INT.test(v) && Number.isSafeInteger(Number(v)))) return 'integer';
  if (values.every((v) => DEC.test(v))) return 'decimal';
  // Words decide: true/false/yes/no, possibly mixed with 1/0 (a column of only 1/0 stays integer above).
  if (values.every((v) => WORD_BOOL.has(v.toLowerCase()) || v === '0' || v === '1') && values.some((v) => WORD_BOOL.has(v.toLowerCase())))
    return 'boolean';
  if (values.every((v) => parseDate(v, f).ok)) return 'date';
  if (values.every((v) => parseDatetime(v, f).ok)) return 'datetime';
  return 'text';
}

/** Splits a multi-choice cell: `;`-separated values, or a JSON array of strings. */
export function splitMulti(s: string): string[] {
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map((x) => String(x).trim()).filter((x) => x !== '');
    } catch {
      // Not JSON: fall through to the `;` form.
    }
  }
  return s
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}
