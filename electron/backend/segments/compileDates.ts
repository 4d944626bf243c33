/**
 * Dates in compiled SQL: the evaluation clock, relative date ranges and interaction windows, with the
 * boundaries of shared/segments/dates.ts (docs/semantics.md "Dates and time zones"). Two ways, chosen
 * by the dialect:
 *  - an engine with a time-zone database (`SqlDialect.dates`) computes them in SQL from its own clock
 *    or a fixed "now", in the segment's zone, so printed SQL stays correct when it runs later;
 *  - an engine without one (SQLite) gets them computed here at compile time from a fixed "now".
 * Absolute dates (`between`, `eq` …) are constants either way: computed here, written as values.
 *
 * In SQL, the only zone operation used is instant → local wall clock, which is never ambiguous. The
 * first instant of a local day is found like `zonedDayStart` does: for three probes (the day's midnight
 * read as UTC, ±1 day) take the probe's UTC offset, subtract it from the midnight, keep candidates whose
 * local day is the wanted day, and take the earliest. So a midnight inside a DST gap starts the day at
 * the first instant that exists, and a midnight that occurs twice starts it at the first occurrence —
 * without relying on how an engine resolves ambiguous local times.
 */
import type { ClockUnit, DateUnit, InteractionWindow, RelativeUnit } from '../../../shared/segments/ast.js';
import {
  CLOCK_UNIT_MS,
  isClockUnit,
  interactionWindowStart,
  relativeDateRange,
  type DateFieldType,
  type DateRange,
  type RelativeDateOperator,
} from '../../../shared/segments/dates.js';
import { compileError, type SqlBuilder } from './compileSql.js';
import type { EngineDates, SqlDialect } from './sql/dialect.js';

/** When and in which zone a statement is evaluated. */
export interface Clock {
  /** A fixed "now" (epoch ms); undefined = the engine's clock (needs `SqlDialect.dates`). */
  now: number | undefined;
  /** The segment's IANA zone. */
  timeZone: string;
}

/** A bound as SQL: a date expression for date fields, an instant expression for datetime fields. */
export interface SqlBound {
  sql: string;
  inclusive: boolean;
}

export interface SqlRange {
  from?: SqlBound;
  to?: SqlBound;
}

/** Engine-side date SQL: the dialect's functions, "now" and the zone as SQL (both inlined: they recur). */
interface EngineClock {
  e: EngineDates;
  d: SqlDialect;
  now: string;
  zone: string;
}

function fixedNow(clock: Clock): number {
  if (clock.now === undefined) throw compileError('This SQL engine has no time-zone database: relative dates need a fixed "now"');
  return clock.now;
}

function engineClock(d: SqlDialect, clock: Clock): EngineClock | undefined {
  if (!d.dates) return undefined;
  return { e: d.dates, d, now: clock.now === undefined ? d.dates.currentInstant : d.instant(clock.now), zone: d.text(clock.timeZone) };
}

/** "now" as an instant expression. */
export function nowSql(b: SqlBuilder, clock: Clock): string {
  const ec = engineClock(b.d, clock);
  return ec ? ec.now : b.dateBound(fixedNow(clock));
}

/** A range computed at compile time, its bounds as values. */
export function valueRange(b: SqlBuilder, r: DateRange): SqlRange {
  const from = r.from ? { sql: b.dateBound(r.from.value), inclusive: r.from.inclusive } : undefined;
  const to = r.to ? { sql: b.dateBound(r.to.value), inclusive: r.to.inclusive } : undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Today in the segment's zone (a DATE). */
function today(c: EngineClock): string {
  return c.e.wallToDay(c.e.wallClock(c.now, c.zone));
}

/** `day` shifted by `n` units (days, or calendar months/years with the day clamped), a DATE. */
function shiftDay(c: EngineClock, day: string, n: number, unit: DateUnit): string {
  if (n === 0) return day;
  const wall = c.e.dayToWall(day);
  return c.e.wallToDay(unit === 'days' ? c.e.addDays(wall, n) : c.e.addMonths(wall, unit === 'months' ? n : n * 12));
}

/** The first instant of local day `day` (a DATE expression) in the clock's zone. */
function zonedDayStartSql(c: EngineClock, day: string): string {
  const { e } = c;
  const midnight = e.dayToWall(day);
  const candidates = [-1, 0, 1].map((k) => {
    const probeWall = k === 0 ? midnight : e.addDays(midnight, k);
    const offset = e.wallDifference(e.wallClock(e.fromUtcWall(probeWall), c.zone), probeWall);
    const t = e.fromUtcWall(e.minusInterval(midnight, offset));
    return `CASE WHEN ${e.wallToDay(e.wallClock(t, c.zone))} = ${day} THEN ${t} END`;
  });
  return `COALESCE(${e.least(candidates)}, ${e.fromUtcWall(midnight)})`;
}

function dayRange(c: EngineClock, first: string, last: string, type: DateFieldType): SqlRange {
  if (type === 'date') return { from: { sql: first, inclusive: true }, to: { sql: last, inclusive: true } };
  return {
    from: { sql: zonedDayStartSql(c, first), inclusive: true },
    to: { sql: zonedDayStartSql(c, shiftDay(c, last, 1, 'days')), inclusive: false },
  };
}

/** SQL twin of `relativeDateRange` (shared/segments/dates.ts). */
function engineRelativeRange(c: EngineClock, op: RelativeDateOperator, amount: number, unit: DateUnit, type: DateFieldType): SqlRange {
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
      const unitStart = unit === 'months' ? c.e.monthStart(t) : c.e.yearStart(t);
      const first = shiftDay(c, unitStart, -amount, unit);
      const last = shiftDay(c, shiftDay(c, first, 1, unit), -1, 'days');
      return dayRange(c, first, last, type);
    }
  }
}

const TRUNC: Record<ClockUnit, 'hour' | 'minute' | 'second' | 'milliseconds'> = {
  hours: 'hour',
  minutes: 'minute',
  seconds: 'second',
  milliseconds: 'milliseconds',
};

/**
 * SQL twin of the clock-unit ranges of `relativeDateRange`: elapsed time from now; "N ago" is the
 * whole unit N before the current one, cut on the zone's wall clock (now minus the wall clock's part
 * past the unit's start).
 */
function engineClockRange(c: EngineClock, op: RelativeDateOperator, amount: number, unit: ClockUnit): SqlRange {
  const u = CLOCK_UNIT_MS[unit];
  if (op === 'inTheLast')
    return { from: { sql: c.e.addMilliseconds(c.now, -amount * u), inclusive: true }, to: { sql: c.now, inclusive: true } };
  if (op === 'inTheNext')
    return { from: { sql: c.now, inclusive: true }, to: { sql: c.e.addMilliseconds(c.now, amount * u), inclusive: true } };
  const wall = c.e.wallClock(c.now, c.zone);
  const unitStart = c.e.minusInterval(c.now, c.e.wallDifference(wall, c.e.truncWall(wall, TRUNC[unit])));
  return {
    from: { sql: c.e.addMilliseconds(unitStart, -amount * u), inclusive: true },
    to: { sql: c.e.addMilliseconds(unitStart, (1 - amount) * u), inclusive: false },
  };
}

/** A relative date range ("in the last 7 days", "in the last 3 hours" …) in the segment's zone. */
export function relativeRange(
  b: SqlBuilder,
  clock: Clock,
  op: RelativeDateOperator,
  amount: number,
  unit: RelativeUnit,
  type: DateFieldType,
): SqlRange {
  const ec = engineClock(b.d, clock);
  if (ec && isClockUnit(unit)) {
    if (type === 'date') throw compileError(`${unit} apply to date-and-time fields only`);
    return engineClockRange(ec, op, amount, unit);
  }
  if (ec && !isClockUnit(unit)) return engineRelativeRange(ec, op, amount, unit, type);
  return valueRange(b, relativeDateRange(op, amount, unit, type, { now: fixedNow(clock), timeZone: clock.timeZone }));
}

/**
 * Twin of `interactionWindowStart`: days are exactly N×24 h; months and years are calendar units back
 * on the UTC wall clock (day clamped). Undefined for lifetime.
 */
export function windowStart(b: SqlBuilder, clock: Clock, window: InteractionWindow): string | undefined {
  if (window.kind === 'lifetime') return undefined;
  const ec = engineClock(b.d, clock);
  if (!ec) {
    const start = interactionWindowStart(window, fixedNow(clock));
    return start === undefined ? undefined : b.dateBound(start);
  }
  if (window.unit === 'days') return ec.e.addHours(ec.now, -24 * window.amount);
  const months = window.unit === 'months' ? window.amount : window.amount * 12;
  return ec.e.fromUtcWall(ec.e.addMonths(ec.e.wallClock(ec.now, "'UTC'"), -months));
}
