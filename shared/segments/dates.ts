/**
 * Date arithmetic shared by the reference evaluator and the SQL compiler, so both compute exactly the
 * same boundaries. Pure functions: time zones go through `Intl`, `now` is always a parameter.
 *
 * Encodings (docs/storage.md): date fields hold 'YYYY-MM-DD' text, datetime fields epoch ms (UTC).
 * A bound is therefore a 'YYYY-MM-DD' string for date fields and epoch ms for datetime fields.
 * Semantics are written down in docs/semantics.md ("Dates and time zones").
 */
import type { ClockUnit, DateUnit, InteractionWindow, RelativeUnit } from './ast.js';

/** One end of a range. */
export interface DateBound {
  /** 'YYYY-MM-DD' for date fields, epoch ms for datetime fields. */
  value: string | number;
  inclusive: boolean;
}

/** A range of dates or instants; a missing end is unbounded. */
export interface DateRange {
  from?: DateBound;
  to?: DateBound;
}

export type DateFieldType = 'date' | 'datetime';

/** When and where relative dates are evaluated. */
export interface DateContext {
  now: number;
  timeZone: string;
}

export type RelativeDateOperator = 'inTheLast' | 'inTheNext' | 'ago';
export type AbsoluteDateOperator = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const DAY_MS = 86_400_000;
const YMD_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function parseYmd(s: string): Ymd | undefined {
  const m = YMD_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { y, m: mo, d };
}

function formatYmd(v: Ymd): string {
  return `${pad(v.y, 4)}-${pad(v.m)}-${pad(v.d)}`;
}

function ymdOf(s: string): Ymd {
  const v = parseYmd(s);
  if (!v) throw new RangeError(`Not a date (YYYY-MM-DD): ${s}`);
  return v;
}

/** Adds `n` days to a 'YYYY-MM-DD' day. */
export function addDays(day: string, n: number): string {
  const v = ymdOf(day);
  const t = new Date(Date.UTC(v.y, v.m - 1, v.d + n));
  return formatYmd({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** Adds `n` calendar months; the day is clamped to the target month's length (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(day: string, n: number): string {
  const v = ymdOf(day);
  const idx = v.y * 12 + (v.m - 1) + n;
  const y = Math.floor(idx / 12);
  const m = idx - y * 12 + 1;
  return formatYmd({ y, m, d: Math.min(v.d, daysInMonth(y, m)) });
}

/** Shifts a day by `n` units (days, calendar months or calendar years, clamped like addMonths). */
export function shiftDay(day: string, n: number, unit: DateUnit): string {
  if (unit === 'days') return addDays(day, n);
  return addMonths(day, unit === 'months' ? n : n * 12);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local wall clock of an instant in a zone, as if it were UTC (epoch ms, seconds precision). */
export function wallClockMs(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const ms = ((t % 1000) + 1000) % 1000;
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, ms);
}

/** The local calendar day ('YYYY-MM-DD') of an instant in `timeZone`. */
export function localDay(t: number, timeZone: string): string {
  const w = new Date(wallClockMs(t, timeZone));
  return formatYmd({ y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate() });
}

/**
 * The first instant (epoch ms) of a local day in `timeZone`. Where midnight does not exist (a DST
 * gap at 00:00) this is the first instant that belongs to the day.
 */
export function zonedDayStart(day: string, timeZone: string): number {
  const v = ymdOf(day);
  const guess = Date.UTC(v.y, v.m - 1, v.d);
  let best: number | undefined;
  for (const probe of [guess - DAY_MS, guess, guess + DAY_MS]) {
    const offset = wallClockMs(probe, timeZone) - probe;
    const t = guess - offset;
    if (localDay(t, timeZone) !== day) continue;
    if (best === undefined || t < best) best = t;
  }
  // Every real zone yields a candidate; the fallback keeps the function total for odd inputs.
  return best ?? guess;
}

/** A date condition's value parsed: a whole day, or an exact instant. */
export type ParsedDateValue = { kind: 'day'; day: string } | { kind: 'instant'; ms: number };

/**
 * Parses a rule value for a date/datetime field: 'YYYY-MM-DD' (a day) or an ISO 8601 date-time
 * ('YYYY-MM-DDTHH:MM[:SS[.mmm]][Z|±HH:MM]', no zone = UTC). Returns undefined when invalid.
 */
export function parseDateValue(value: string): ParsedDateValue | undefined {
  const s = value.trim();
  const day = parseYmd(s);
  if (day) return { kind: 'day', day: formatYmd(day) };
  const m = ISO_RE.exec(s);
  if (!m || !parseYmd(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined;
  const ms = Date.parse(m[8] ? s : `${s}Z`);
  return Number.isFinite(ms) ? { kind: 'instant', ms } : undefined;
}

function dayRange(first: string, last: string, fieldType: DateFieldType, timeZone: string): DateRange {
  if (fieldType === 'date') return { from: { value: first, inclusive: true }, to: { value: last, inclusive: true } };
  return {
    from: { value: zonedDayStart(first, timeZone), inclusive: true },
    to: { value: zonedDayStart(addDays(last, 1), timeZone), inclusive: false },
  };
}

/**
 * Concrete bounds of a relative date rule, counted in the segment's time zone (today = the local day
 * of `ctx.now`):
 *  - inTheLast N: from the start of local day (today − N units) up to now, both included
 *    (date fields: day today − N … today);
 *  - inTheNext N: from now up to the end of local day (today + N units), both included
 *    (date fields: today … today + N);
 *  - ago N: the whole calendar unit N units before the current one (days: the day today − N;
 *    months: that calendar month; years: that calendar year).
 * Months and years are calendar units; day-of-month is clamped (Mar 31 − 1 month = Feb 28/29).
 */
export function relativeDateRange(
  operator: RelativeDateOperator,
  amount: number,
  unit: RelativeUnit,
  fieldType: DateFieldType,
  ctx: DateContext,
): DateRange {
  if (isClockUnit(unit)) {
    if (fieldType === 'date') throw new RangeError(`${unit} apply to date-and-time fields only`);
    return clockRange(operator, amount, unit, ctx);
  }
  const today = localDay(ctx.now, ctx.timeZone);
  switch (operator) {
    case 'inTheLast': {
      const first = shiftDay(today, -amount, unit);
      if (fieldType === 'date') return { from: { value: first, inclusive: true }, to: { value: today, inclusive: true } };
      return { from: { value: zonedDayStart(first, ctx.timeZone), inclusive: true }, to: { value: ctx.now, inclusive: true } };
    }
    case 'inTheNext': {
      const last = shiftDay(today, amount, unit);
      if (fieldType === 'date') return { from: { value: today, inclusive: true }, to: { value: last, inclusive: true } };
      return {
        from: { value: ctx.now, inclusive: true },
        to: { value: zonedDayStart(addDays(last, 1), ctx.timeZone), inclusive: false },
      };
    }
    case 'ago': {
      if (unit === 'days') {
        const day = addDays(today, -amount);
        return dayRange(day, day, fieldType, ctx.timeZone);
      }
      const t = ymdOf(today);
      const unitStart = unit === 'months' ? formatYmd({ y: t.y, m: t.m, d: 1 }) : formatYmd({ y: t.y, m: 1, d: 1 });
      const first = shiftDay(unitStart, -amount, unit);
      const last = addDays(shiftDay(first, 1, unit), -1);
      return dayRange(first, last, fieldType, ctx.timeZone);
    }
  }
}

/**
 * Bounds of an absolute date comparison. A day value on a datetime field means that whole local day
 * in the segment's zone; an instant value on a date field means the instant's local day (spec F27.5).
 * 'ne' returns the same range as 'eq': the caller negates it (and keeps NULL false).
 * Returns undefined for an unparseable value (the validator reports those).
 */
export function absoluteDateBounds(
  op: AbsoluteDateOperator,
  value: string,
  fieldType: DateFieldType,
  timeZone: string,
): DateRange | undefined {
  const parsed = parseDateValue(value);
  if (!parsed) return undefined;
  if (parsed.kind === 'instant' && fieldType === 'datetime') {
    const t = parsed.ms;
    switch (op) {
      case 'eq':
      case 'ne':
        return { from: { value: t, inclusive: true }, to: { value: t, inclusive: true } };
      case 'lt':
        return { to: { value: t, inclusive: false } };
      case 'le':
        return { to: { value: t, inclusive: true } };
      case 'gt':
        return { from: { value: t, inclusive: false } };
      case 'ge':
        return { from: { value: t, inclusive: true } };
    }
  }
  const day = parsed.kind === 'day' ? parsed.day : localDay(parsed.ms, timeZone);
  const whole = dayRange(day, day, fieldType, timeZone);
  switch (op) {
    case 'eq':
    case 'ne':
      return whole;
    case 'lt':
      return whole.from ? { to: { value: whole.from.value, inclusive: false } } : {};
    case 'le':
      return whole.to ? { to: whole.to } : {};
    case 'gt':
      return whole.to ? { from: { value: whole.to.value, inclusive: !whole.to.inclusive } } : {};
    case 'ge':
      return whole.from ? { from: whole.from } : {};
  }
}

/** Bounds of `between low and high` (both ends included, each as a whole day when given as a day). */
export function betweenDateBounds(low: string, high: string, fieldType: DateFieldType, timeZone: string): DateRange | undefined {
  const a = absoluteDateBounds('ge', low, fieldType, timeZone);
  const b = absoluteDateBounds('le', high, fieldType, timeZone);
  if (!a || !b) return undefined;
  return { ...(a.from ? { from: a.from } : {}), ...(b.to ? { to: b.to } : {}) };
}

/** True when a stored (non-NULL) value lies inside `range`. */
export function inDateRange(range: DateRange, value: string | number): boolean {
  if (range.from) {
    const f = range.from.value;
    if (value < f || (!range.from.inclusive && value === f)) return false;
  }
  if (range.to) {
    const t = range.to.value;
    if (value > t || (!range.to.inclusive && value === t)) return false;
  }
  return true;
}

/**
 * Start (epoch ms, inclusive) of an interaction window evaluated as of `now`; undefined for lifetime.
 * Days are exactly N×24 h; months and years are calendar months/years back in UTC (day clamped).
 * Whatever the window, only interactions with `start <= ts <= now` count: evaluated as of `now`,
 * later interactions do not exist yet (lifetime too).
 */
export function interactionWindowStart(window: InteractionWindow, now: number): number | undefined {
  if (window.kind === 'lifetime') return undefined;
  if (window.unit === 'days') return now - window.amount * DAY_MS;
  const d = new Date(now);
  const months = window.unit === 'months' ? window.amount : window.amount * 12;
  const idx = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
  const y = Math.floor(idx / 12);
  const m = idx - y * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(y, m + 1));
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** Length of one clock unit in milliseconds. */
export const CLOCK_UNIT_MS: Readonly<Record<ClockUnit, number>> = {
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/** True for HOUR / MINUTE / SECOND / MILLISECOND (elapsed-time units, date-and-time fields only). */
export function isClockUnit(unit: RelativeUnit): unit is ClockUnit {
  return unit in CLOCK_UNIT_MS;
}

/**
 * Relative rules in clock units count elapsed time from `now` (an hour is 3,600,000 ms, whatever the
 * clocks do at a DST change):
 *  - inTheLast N: now − N units … now, both included;
 *  - inTheNext N: now … now + N units, both included;
 *  - ago N: the whole clock unit N units before the current one, where units are cut on the segment
 *    time zone's wall clock (so "1 hour ago" in Asia/Kolkata is a local :00–:59 hour, not a UTC one).
 *    The current unit starts at now minus the wall clock's remainder; a repeated hour at a fall-back
 *    change is two separate hours, a skipped one does not exist.
 */
function clockRange(operator: RelativeDateOperator, amount: number, unit: ClockUnit, ctx: DateContext): DateRange {
  const u = CLOCK_UNIT_MS[unit];
  switch (operator) {
    case 'inTheLast':
      return { from: { value: ctx.now - amount * u, inclusive: true }, to: { value: ctx.now, inclusive: true } };
    case 'inTheNext':
      return { from: { value: ctx.now, inclusive: true }, to: { value: ctx.now + amount * u, inclusive: true } };
    case 'ago': {
      const wall = wallClockMs(ctx.now, ctx.timeZone);
      const start = ctx.now - (((wall % u) + u) % u) - amount * u;
      return { from: { value: start, inclusive: true }, to: { value: start + u, inclusive: false } };
    }
  }
}

/** Days from `from` to `to` ('YYYY-MM-DD' both). */
export function daysBetween(from: string, to: string): number {
  const a = ymdOf(from);
  const b = ymdOf(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY_MS);
}

/**
 * The anniversary of `day` in `year`, ignoring the original year. A 29 February falls on 28 February
 * in years without one (the same clamping as adding years: 2024-02-29 + 1 year = 2025-02-28).
 */
export function anniversaryIn(day: string, year: number): string {
  const v = ymdOf(day);
  return formatYmd({ y: year, m: v.m, d: Math.min(v.d, daysInMonth(year, v.m)) });
}

/** Days from `today` to the next anniversary of `day` (0 when it is today), both 'YYYY-MM-DD'. */
export function daysToAnniversary(day: string, today: string): number {
  const t = ymdOf(today);
  let next = anniversaryIn(day, t.y);
  if (next < today) next = anniversaryIn(day, t.y + 1);
  return daysBetween(today, next);
}

/** How many months after today's month the anniversary month of `day` comes (0 = this month … 11). */
export function monthsToAnniversary(day: string, today: string): number {
  return (ymdOf(day).m - ymdOf(today).m + 12) % 12;
}

/**
 * Every month-day ('MM-DD') whose anniversary falls within today … today + `days` (for SQL: the stored
 * 'YYYY-MM-DD' text's characters 6–10 must be one of them). '02-29' is included when the window holds
 * a 28 February of a year without a 29th. Undefined when every day of the year qualifies (365 or more).
 */
export function anniversaryMonthDays(days: number, today: string): string[] | undefined {
  if (days >= 365) return undefined;
  const out = new Set<string>();
  for (let k = 0; k <= days; k++) {
    const d = addDays(today, k);
    out.add(d.slice(5));
    const v = ymdOf(d);
    if (v.m === 2 && v.d === 28 && daysInMonth(v.y, 2) === 28) out.add('02-29');
  }
  return [...out].sort();
}
