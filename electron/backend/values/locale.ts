/**
 * Locale-written values: numbers with a decimal comma and thousands separators (`1.234,56`, `1 234,56`
 * with ordinary, non-breaking or narrow no-break spaces, `1,234.56`) and day/month dates (`18/04/1985`,
 * `04/18/1985`, `18.04.1985`). parse.ts reads them through {@link canonicalNumber} and declared date
 * formats; this module also proposes a file's locale from its sample, and says when the sample cannot
 * decide (`03/04/2025` with no day above 12; `1,234` with no other number) instead of guessing.
 */
import type { DecimalSeparator } from '../../../shared/models/import.js';

/** How a file writes numbers. Absent (null) = plain `1234.56`, as before locales existed. */
export interface NumberFormat {
  decimal: DecimalSeparator;
}

const SPACES = /[\u0020\u00a0\u202f\u2009]/g;
const HAS_SPACE = /[\u0020\u00a0\u202f\u2009]/;
const GROUPED_DOT = /^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * The number in `s` written the plain way (`1234.56`), or `s` unchanged when it has no locale marks.
 * Thousands separators must group by three (`1.234,5` yes, `12.34,5` no): a text that only looks like
 * a number stays as it is and fails the number parser with its usual reason.
 */
export function canonicalNumber(s: string, nf: NumberFormat): string {
  let t = HAS_SPACE.test(s) ? s.replace(SPACES, nf.decimal === ',' ? '.' : ',') : s;
  if (nf.decimal === ',') {
    if (t.includes('.')) {
      if (!GROUPED_DOT.test(t)) return s;
      t = t.replace(/\./g, '');
    }
    return t.replace(',', '.');
  }
  if (t.includes(',')) {
    if (!GROUPED_COMMA.test(t)) return s;
    t = t.replace(/,/g, '');
  }
  return t;
}

const NUMERIC = /^[+-]?[\d.,\u0020\u00a0\u202f\u2009]*\d[\d.,\u0020\u00a0\u202f\u2009]*$/;

/** What a sample's numbers say about the decimal mark. */
export interface DecimalEvidence {
  /** The mark the numbers show, or null when they do not say (or say both). */
  decimal: DecimalSeparator | null;
  /** Values readable either way (`1,234`, `1.234`): shown when the marketer must decide. */
  ambiguous: string[];
}

/** Reads the decimal mark off columns whose cells are all number-like (dates excluded). */
export function inferDecimal(columns: readonly (readonly string[])[]): DecimalEvidence {
  let comma = false;
  let dot = false;
  const ambiguous: string[] = [];
  for (const cells of columns) {
    const values = cells.map((c) => c.trim()).filter((c) => c !== '');
    if (values.length === 0 || !values.every((v) => NUMERIC.test(v) && !DMY.test(v))) continue;
    for (const raw of values) {
      const v = raw.replace(SPACES, '');
      if (/^[+-]?\d+,\d{1,2}$|^[+-]?\d+,\d{4,}$|^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d{1,3}(\.\d{3}){2,}$|^[+-]?0,\d+$/.test(v))
        comma = true;
      else if (/^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$|^[+-]?\d{1,3}(,\d{3})+\.\d+$|^[+-]?\d{1,3}(,\d{3}){2,}$|^[+-]?0\.\d+$/.test(v))
        dot = true;
      else if (/^[+-]?\d{1,3}[.,]\d{3}$/.test(v) && ambiguous.length < 3) ambiguous.push(raw);
    }
  }
  if (comma !== dot) return { decimal: comma ? ',' : '.', ambiguous: [] };
  return { decimal: null, ambiguous: comma ? [] : ambiguous };
}

/** Day and month first, or year first with `/` or `.` (ISO `YYYY-MM-DD` needs no format). */
const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YMD = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** What a sample's dates say about their format. */
export interface DateEvidence {
  /** The format that reads every date-like value, or null when none does (or there are none). */
  format: string | null;
  /** Every format that reads them all; more than one = ambiguous: the marketer decides. */
  candidates: string[];
  /** Up to 3 values that read differently under the candidates (e.g. `03/04/2025`). */
  ambiguous: string[];
}

const dayOk = (d: number): boolean => d >= 1 && d <= 31;
const monthOk = (m: number): boolean => m >= 1 && m <= 12;

/** Proposes the date format of a sample (`preferDayFirst`: the computer's order, used to rank an ambiguous pair). */
export function inferDateFormat(cells: readonly string[], preferDayFirst: boolean): DateEvidence {
  const seps = new Map<string, number>();
  let dayFirst = true;
  let monthFirst = true;
  let ymd = 0;
  let ymdSep = '/';
  let dmy = 0;
  const ambiguous: string[] = [];
  for (const raw of cells) {
    const v = raw.trim();
    const m = DMY.exec(v);
    if (m) {
      dmy++;
      const a = Number(m[1]);
      const b = Number(m[3]);
      seps.set(m[2] as string, (seps.get(m[2] as string) ?? 0) + 1);
      if (!(dayOk(a) && monthOk(b))) dayFirst = false;
      if (!(monthOk(a) && dayOk(b))) monthFirst = false;
      if (a <= 12 && b <= 12 && a !== b && ambiguous.length < 3 && !ambiguous.includes(v)) ambiguous.push(v);
      continue;
    }
    const y = YMD.exec(v);
    if (y) {
      ymd++;
      ymdSep = y[2] as string;
    }
  }
  if (dmy === 0) {
    const f = ymd > 0 ? `YYYY${ymdSep}MM${ymdSep}DD` : null;
    return { format: f, candidates: f ? [f] : [], ambiguous: [] };
  }
  if (seps.size > 1) return { format: null, candidates: [], ambiguous: [] };
  const sep = [...seps.keys()][0] as string;
  const dayFmt = `DD${sep}MM${sep}YYYY`;
  const monthFmt = `MM${sep}DD${sep}YYYY`;
  const candidates =
    dayFirst && monthFirst
      ? preferDayFirst
        ? [dayFmt, monthFmt]
        : [monthFmt, dayFmt]
      : dayFirst
        ? [dayFmt]
        : monthFirst
          ? [monthFmt]
          : [];
  return { format: candidates[0] ?? null, candidates, ambiguous: candidates.length > 1 ? ambiguous : [] };
}

/** The computer's number and date conventions for a BCP 47 locale (default: this process's locale). */
export function localeDefaults(locale?: string): { decimal: DecimalSeparator; dayFirst: boolean } {
  let loc: string;
  try {
    loc = new Intl.NumberFormat(locale).resolvedOptions().locale;
  } catch {
    loc = 'en-US';
  }
  const decimal = new Intl.NumberFormat(loc).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
  const parts = new Intl.DateTimeFormat(loc, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(
    new Date(Date.UTC(2025, 10, 22)),
  );
  const day = parts.findIndex((p) => p.type === 'day');
  const month = parts.findIndex((p) => p.type === 'month');
  return { decimal, dayFirst: day < month };
}
