/**
 * Relative dates and interaction windows as SQL over the warehouse's clock, in the segment's time zone
 * — the same boundaries as shared/segments/dates.ts computes in JS (docs/semantics.md "Dates and time
 * zones"), but evaluated by the engine so the printed SQL stays correct when run later.
 *
 * The only zone operation used is instant → local wall clock, which is never ambiguous. The first
 * instant of a local day is found like `zonedDayStart` does: for three probes (the day's midnight read
 * as UTC, ±1 day) take the probe's UTC offset, subtract it from the midnight, keep candidates whose local
 * day is the wanted day, and take the earliest. So a midnight inside a DST gap starts the day at the
 * first instant that exists, and a midnight that occurs twice (a fall-back at 01:00 → 00:00) starts it
 * at the first occurrence — without relying on how an engine resolves ambiguous local times.
 */
import type { DateUnit, InteractionWindow } from '../../../../shared/segments/ast.js';
import type { DateFieldType, RelativeDateOperator } from '../../../../shared/segments/dates.js';
import type { SqlDialect } from './dialect.js';

/** A bound as SQL: a DATE expression for date fields, an instant expression for datetime fields. */
export interface SqlBound {
  sql: string;
  inclusive: boolean;
}

export interface SqlRange {
  from?: SqlBound;
  to?: SqlBound;
}

/** The clock and zone a statement is evaluated in, as SQL. */
export interface SqlClock {
  d: SqlDialect;
  /** Instant expression for "now" (a literal when fixed, else the warehouse's clock). */
  now: string;
  /** The zone as a text literal. */
  zone: string;
  /** The zone's IANA name (for bounds computed at compile time). */
  timeZone: string;
}

/** Today in the segment's zone (a DATE). */
function today(c: SqlClock): string {
  return c.d.wallToDay(c.d.wallClock(c.now, c.zone));
}

/** `day` shifted by `n` units (days, or calendar months/years with the day clamped), a DATE. */
function shiftDay(c: SqlClock, day: string, n: number, unit: DateUnit): string {
  if (n === 0) return day;
  const wall = c.d.dayToWall(day);
  return c.d.wallToDay(unit === 'days' ? c.d.addDays(wall, n) : c.d.addMonths(wall, unit === 'months' ? n : n * 12));
}

/** The first instant of local day `day` (a DATE expression) in the clock's zone. */
export function zonedDayStartSql(c: SqlClock, day: string): string {
  const { d } = c;
  const midnight = d.dayToWall(day);
  const candidates = [-1, 0, 1].map((k) => {
    const probeWall = k === 0 ? midnight : d.addDays(midnight, k);
    const offset = d.wallDifference(d.wallClock(d.fromUtcWall(probeWall), c.zone), probeWall);
    const t = d.fromUtcWall(d.minusInterval(midnight, offset));
    return `CASE WHEN ${d.wallToDay(d.wallClock(t, c.zone))} = ${day} THEN ${t} END`;
  });
  return `COALESCE(LEAST(${candidates.join(', ')}), ${d.fromUtcWall(midnight)})`;
}

function dayRange(c: SqlClock, first: string, last: string, type: DateFieldType): SqlRange {
  if (type === 'date') return { from: { sql: first, inclusive: true }, to: { sql: last, inclusive: true } };
  return {
    from: { sql: zonedDayStartSql(c, first), inclusive: true },
    to: { sql: zonedDayStartSql(c, shiftDay(c, last, 1, 'days')), inclusive: false },
  };
}

/** SQL twin of `relativeDateRange` (shared/segments/dates.ts). */
export function relativeRangeSql(c: SqlClock, op: RelativeDateOperator, amount: number, unit: DateUnit, type: DateFieldType): SqlRange {
  const t = today(c);
  switch (op) {
    case 'inTheLast': {
      const first = shiftDay(c, t, -amount, unit);
      if (type === 'date') return { from: { sql: first, inclusive: true }, to: { sql: t, inclusive: true } };
      return { from: { sql: zonedDayStartSql(c, first), inclusive: true }, to: { sql: c.now, inclusive: true } };
    }
    case 'inTheNext': {
      const last = shiftDay(c, t, amount, unit);
      if (type === 'date') return { from: { sql: t, inclusive: true }, to: { sql: last, inclusive: true } };
      return { from: { sql: c.now, inclusive: true }, to: { sql: zonedDayStartSql(c, shiftDay(c, last, 1, 'days')), inclusive: false } };
    }
    case 'ago': {
      if (unit === 'days') {
        const day = shiftDay(c, t, -amount, 'days');
        return dayRange(c, day, day, type);
      }
      const unitStart = unit === 'months' ? c.d.monthStart(t) : c.d.yearStart(t);
      const first = shiftDay(c, unitStart, -amount, unit);
      const last = shiftDay(c, shiftDay(c, first, 1, unit), -1, 'days');
      return dayRange(c, first, last, type);
    }
  }
}

/**
 * SQL twin of `interactionWindowStart`: days are exactly N×24 h; months and years are calendar
 * units back on the UTC wall clock (day clamped). Undefined for lifetime.
 */
export function windowStartSql(c: SqlClock, window: InteractionWindow): string | undefined {
  if (window.kind === 'lifetime') return undefined;
  if (window.unit === 'days') return c.d.addHours(c.now, -24 * window.amount);
  const months = window.unit === 'months' ? window.amount : window.amount * 12;
  return c.d.fromUtcWall(c.d.addMonths(c.d.wallClock(c.now, "'UTC'"), -months));
}
