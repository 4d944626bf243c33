/**
 * shared/segments/dates.ts (used by every engine) held to an independent oracle: luxon, a maintained
 * date library used only in tests, across many zones (30- and 45-minute offsets, ±14 h, a DST gap at
 * midnight, southern-hemisphere DST) and instants around their DST transitions.
 */
import fc from 'fast-check';
import { DateTime, type DurationLikeObject } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DateUnit } from './ast.js';
import {
  absoluteDateBounds,
  addDays,
  addMonths,
  interactionWindowStart,
  localDay,
  relativeDateRange,
  shiftDay,
  zonedDayStart,
  type DateRange,
} from './dates.js';
import { transitions } from '../../test/fixtures/dstInstants.js';

const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Africa/Casablanca',
] as const;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2028, 0, 1);
const TRANSITIONS = new Map(ZONES.map((z) => [z, transitions(z, FROM, TO)]));
const RUNS = process.env.SS_DEEP ? 20_000 : 400;
/** A deep run takes minutes on a busy machine. */
const TIMEOUT = process.env.SS_DEEP ? 1_800_000 : 60_000;

/** A zone and an instant: uniformly in 2024–2027, or within an hour of one of the zone's DST changes. */
const arbZoned = fc.constantFrom(...ZONES).chain((zone) => {
  const near = TRANSITIONS.get(zone) ?? [];
  const uniform = fc.integer({ min: FROM, max: TO });
  const atChange =
    near.length === 0
      ? uniform
      : fc.tuple(fc.constantFrom(...near), fc.integer({ min: -3_600_000, max: 3_600_000 })).map(([t, o]) => t + o);
  return fc.record({
    zone: fc.constant(zone),
    now: fc.oneof(
      uniform,
      atChange,
      atChange.map((t) => t - (t % 60_000)),
    ),
  });
});
const arbDay = fc
  .integer({ min: Date.UTC(2024, 0, 1) / 86_400_000, max: Date.UTC(2027, 11, 31) / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const arbUnit = fc.constantFrom<DateUnit>('days', 'months', 'years');
const arbAmount = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(7, 29, 30, 31, 45, 365, 366));

const local = (ms: number, zone: string): DateTime => DateTime.fromMillis(ms, { zone });
/**
 * The first instant whose local date (per luxon) is `day`. Not luxon's `startOf('day')` alone: where
 * midnight happens twice (Havana falls back from 01:00 to 00:00) luxon picks the second, but the day
 * began at the first; so search back from it for the exact ms the local date turns.
 */
function dayStart(day: string, zone: string): number {
  let hi = DateTime.fromISO(day, { zone }).startOf('day').toMillis();
  let lo = hi - 3 * 3_600_000;
  if (iso(local(lo, zone)) === day || iso(local(hi, zone)) !== day)
    throw new Error(`oracle: cannot bracket the start of ${day} in ${zone}`);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (iso(local(mid, zone)) === day) hi = mid;
    else lo = mid;
  }
  return hi;
}
const luxonUnit = (unit: DateUnit, n: number): DurationLikeObject => ({ [unit]: n });
const iso = (d: DateTime): string => d.toISODate() ?? 'invalid';

describe('dates.ts against luxon', () => {
  it(
    'the local day of an instant',
    () => {
      fc.assert(
        fc.property(arbZoned, ({ zone, now }) => {
          expect(localDay(now, zone)).toBe(iso(local(now, zone)));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'the first instant of a local day (the first that exists where midnight is skipped)',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...ZONES), arbDay, (zone, day) => {
          const start = zonedDayStart(day, zone);
          expect(iso(local(start, zone))).toBe(day);
          expect(iso(local(start - 1, zone))).not.toBe(day);
          expect(start).toBe(dayStart(day, zone));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('every day around each DST change starts at its first instant', () => {
    for (const [zone, ts] of TRANSITIONS) {
      for (const t of ts) {
        for (const d of [-1, 0, 1]) {
          const day = iso(local(t, zone).plus({ days: d }));
          expect(zonedDayStart(day, zone), `${zone} ${day}`).toBe(dayStart(day, zone));
        }
      }
    }
    expect([...TRANSITIONS.values()].flat().length).toBeGreaterThan(60);
  });

  it(
    'calendar arithmetic: days, and months / years with the day clamped to the month',
    () => {
      fc.assert(
        fc.property(arbDay, fc.integer({ min: -800, max: 800 }), arbUnit, (day, n, unit) => {
          const base = DateTime.fromISO(day, { zone: 'utc' });
          expect(addDays(day, n)).toBe(iso(base.plus({ days: n })));
          expect(addMonths(day, n % 40)).toBe(iso(base.plus({ months: n % 40 })));
          expect(shiftDay(day, n % 40, unit)).toBe(iso(base.plus(luxonUnit(unit, n % 40))));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'relative windows (DATEADD / DATEDIFF forms) in the segment zone',
    () => {
      fc.assert(
        fc.property(arbZoned, arbAmount, arbUnit, ({ zone, now }, n, unit) => {
          const ctx = { now, timeZone: zone };
          const today = local(now, zone).startOf('day');
          const back = iso(today.minus(luxonUnit(unit, n)));
          const ahead = iso(today.plus(luxonUnit(unit, n)));
          // inTheLast N = DATEADD(unit, -N, now) ≤ f: from the start of local day today − N up to now.
          expect(relativeDateRange('inTheLast', n, unit, 'datetime', ctx)).toEqual<DateRange>({
            from: { value: dayStart(back, zone), inclusive: true },
            to: { value: now, inclusive: true },
          });
          expect(relativeDateRange('inTheLast', n, unit, 'date', ctx)).toEqual<DateRange>({
            from: { value: back, inclusive: true },
            to: { value: iso(today), inclusive: true },
          });
          // inTheNext N: from now to the end of local day today + N.
          expect(relativeDateRange('inTheNext', n, unit, 'datetime', ctx)).toEqual<DateRange>({
            from: { value: now, inclusive: true },
            to: { value: dayStart(iso(DateTime.fromISO(ahead, { zone: 'utc' }).plus({ days: 1 })), zone), inclusive: false },
          });
          // ago N (DATEDIFF(unit, f, now) == N): the whole calendar unit N units back.
          const unitStart = unit === 'days' ? today : today.startOf(unit === 'months' ? 'month' : 'year');
          const first = iso(unitStart.minus(luxonUnit(unit, n)));
          const next = iso(DateTime.fromISO(first, { zone: 'utc' }).plus(luxonUnit(unit, 1)));
          expect(relativeDateRange('ago', n, unit, 'datetime', ctx)).toEqual<DateRange>({
            from: { value: dayStart(first, zone), inclusive: true },
            to: { value: dayStart(next, zone), inclusive: false },
          });
          expect(relativeDateRange('ago', n, unit, 'date', ctx)).toEqual<DateRange>({
            from: { value: first, inclusive: true },
            to: { value: iso(DateTime.fromISO(next, { zone: 'utc' }).minus({ days: 1 })), inclusive: true },
          });
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a day on a datetime field is that whole local day; an instant on a date field is its local day',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...ZONES), arbDay, arbZoned, (zone, day, { now }) => {
          const next = iso(DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 }));
          expect(absoluteDateBounds('eq', day, 'datetime', zone)).toEqual<DateRange>({
            from: { value: dayStart(day, zone), inclusive: true },
            to: { value: dayStart(next, zone), inclusive: false },
          });
          expect(absoluteDateBounds('lt', day, 'datetime', zone)).toEqual<DateRange>({
            to: { value: dayStart(day, zone), inclusive: false },
          });
          expect(absoluteDateBounds('gt', day, 'datetime', zone)).toEqual<DateRange>({
            from: { value: dayStart(next, zone), inclusive: true },
          });
          const instant = new Date(now).toISOString();
          const d = iso(local(now, zone));
          expect(absoluteDateBounds('eq', instant, 'date', zone)).toEqual<DateRange>({
            from: { value: d, inclusive: true },
            to: { value: d, inclusive: true },
          });
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'interaction windows: N × 24 h, or calendar months / years back in UTC with the day clamped',
    () => {
      fc.assert(
        fc.property(arbZoned, arbAmount, arbUnit, ({ now }, n, unit) => {
          const want =
            unit === 'days' ? now - n * 86_400_000 : DateTime.fromMillis(now, { zone: 'utc' }).minus(luxonUnit(unit, n)).toMillis();
          expect(interactionWindowStart({ kind: 'last', amount: n, unit }, now)).toBe(want);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
