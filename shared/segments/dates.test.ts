import { describe, expect, it } from 'vitest';
import {
  absoluteDateBounds,
  addMonths,
  betweenDateBounds,
  inDateRange,
  interactionWindowStart,
  localDay,
  parseDateValue,
  relativeDateRange,
  zonedDayStart,
} from './dates.js';

const at = (iso: string): number => Date.parse(iso);

describe('calendar helpers', () => {
  it('clamps the day when moving by months', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });
  it('finds the local day of an instant in a zone', () => {
    expect(localDay(at('2026-03-01T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-02-28');
    expect(localDay(at('2026-03-01T05:00:00Z'), 'Europe/Berlin')).toBe('2026-03-01');
  });
  it('finds the first instant of a local day, DST days included', () => {
    expect(zonedDayStart('2026-07-01', 'Europe/Berlin')).toBe(at('2026-06-30T22:00:00Z'));
    expect(zonedDayStart('2026-01-01', 'America/Los_Angeles')).toBe(at('2026-01-01T08:00:00Z'));
    expect(zonedDayStart('2026-03-08', 'America/Los_Angeles')).toBe(at('2026-03-08T08:00:00Z'));
    // Santiago skips midnight at the DST start (2024-09-08 00:00 → 01:00): the day starts at 04:00Z.
    expect(zonedDayStart('2024-09-08', 'America/Santiago')).toBe(at('2024-09-08T04:00:00Z'));
  });
  it('parses days and ISO instants and rejects nonsense', () => {
    expect(parseDateValue('2026-02-28')).toEqual({ kind: 'day', day: '2026-02-28' });
    expect(parseDateValue('2026-02-28T10:00')).toEqual({ kind: 'instant', ms: at('2026-02-28T10:00:00Z') });
    expect(parseDateValue('2026-02-28T10:00:00+02:00')).toEqual({ kind: 'instant', ms: at('2026-02-28T08:00:00Z') });
    expect(parseDateValue('2026-02-30')).toBeUndefined();
    expect(parseDateValue('yesterday')).toBeUndefined();
  });
});

describe('relative date ranges', () => {
  const ctx = { now: at('2026-03-15T12:00:00Z'), timeZone: 'America/Los_Angeles' }; // local 05:00 on 03-15
  it('in the last N days runs from the start of local day today−N up to now', () => {
    const r = relativeDateRange('inTheLast', 30, 'days', 'datetime', ctx);
    expect(r.from).toEqual({ value: zonedDayStart('2026-02-13', ctx.timeZone), inclusive: true });
    expect(r.to).toEqual({ value: ctx.now, inclusive: true });
    expect(relativeDateRange('inTheLast', 30, 'days', 'date', ctx)).toEqual({
      from: { value: '2026-02-13', inclusive: true },
      to: { value: '2026-03-15', inclusive: true },
    });
  });
  it('in the last 30 days counts local days: 00:30 on day −30 in Berlin is in, the same instant under UTC is not', () => {
    const berlin = { now: at('2026-03-15T12:00:00Z'), timeZone: 'Europe/Berlin' };
    const created = at('2026-02-12T23:30:00Z'); // 2026-02-13 00:30 in Berlin
    expect(inDateRange(relativeDateRange('inTheLast', 30, 'days', 'datetime', berlin), created)).toBe(true);
    const utc = { now: berlin.now, timeZone: 'UTC' };
    expect(inDateRange(relativeDateRange('inTheLast', 30, 'days', 'datetime', utc), created)).toBe(false);
  });
  it('in the next N days runs from now to the end of local day today+N', () => {
    const r = relativeDateRange('inTheNext', 2, 'days', 'datetime', ctx);
    expect(r).toEqual({
      from: { value: ctx.now, inclusive: true },
      to: { value: zonedDayStart('2026-03-18', ctx.timeZone), inclusive: false },
    });
    expect(relativeDateRange('inTheNext', 1, 'months', 'date', ctx)).toEqual({
      from: { value: '2026-03-15', inclusive: true },
      to: { value: '2026-04-15', inclusive: true },
    });
  });
  it('N ago is the whole calendar day, month or year N units back', () => {
    expect(relativeDateRange('ago', 3, 'days', 'date', ctx)).toEqual({
      from: { value: '2026-03-12', inclusive: true },
      to: { value: '2026-03-12', inclusive: true },
    });
    expect(relativeDateRange('ago', 1, 'months', 'date', ctx)).toEqual({
      from: { value: '2026-02-01', inclusive: true },
      to: { value: '2026-02-28', inclusive: true },
    });
    expect(relativeDateRange('ago', 2, 'years', 'date', ctx)).toEqual({
      from: { value: '2024-01-01', inclusive: true },
      to: { value: '2024-12-31', inclusive: true },
    });
  });
});

describe('absolute date bounds', () => {
  const tz = 'Europe/Berlin';
  it('a day compared with a datetime field means the whole local day', () => {
    const on = absoluteDateBounds('eq', '2026-07-01', 'datetime', tz);
    expect(on).toEqual({
      from: { value: at('2026-06-30T22:00:00Z'), inclusive: true },
      to: { value: at('2026-07-01T22:00:00Z'), inclusive: false },
    });
    const after = absoluteDateBounds('gt', '2026-07-01', 'datetime', tz);
    expect(after).toEqual({ from: { value: at('2026-07-01T22:00:00Z'), inclusive: true } });
    expect(absoluteDateBounds('le', '2026-07-01', 'datetime', tz)).toEqual({ to: { value: at('2026-07-01T22:00:00Z'), inclusive: false } });
  });
  it('an instant compared with a date field uses its local day', () => {
    expect(absoluteDateBounds('lt', '2026-06-30T23:30:00Z', 'date', tz)).toEqual({ to: { value: '2026-07-01', inclusive: false } });
  });
  it('an instant compared with a datetime field is exact', () => {
    expect(absoluteDateBounds('ge', '2026-06-30T23:30:00Z', 'datetime', tz)).toEqual({
      from: { value: at('2026-06-30T23:30:00Z'), inclusive: true },
    });
  });
  it('between includes both days', () => {
    const r = betweenDateBounds('2026-01-01', '2026-01-31', 'date', tz);
    expect(r && inDateRange(r, '2026-01-31')).toBe(true);
    expect(r && inDateRange(r, '2026-02-01')).toBe(false);
  });
  it('refuses unparseable values', () => {
    expect(absoluteDateBounds('eq', 'soon', 'date', tz)).toBeUndefined();
  });
});

describe('interaction windows', () => {
  const now = at('2026-03-31T10:00:00Z');
  it('days are exact multiples of 24 hours', () => {
    expect(interactionWindowStart({ kind: 'last', amount: 45, unit: 'days' }, now)).toBe(now - 45 * 86_400_000);
  });
  it('months and years are calendar units back in UTC, day clamped', () => {
    expect(interactionWindowStart({ kind: 'last', amount: 1, unit: 'months' }, now)).toBe(at('2026-02-28T10:00:00Z'));
    expect(interactionWindowStart({ kind: 'last', amount: 1, unit: 'years' }, at('2024-02-29T00:00:00Z'))).toBe(at('2023-02-28T00:00:00Z'));
  });
  it('lifetime has no start', () => {
    expect(interactionWindowStart({ kind: 'lifetime' }, now)).toBeUndefined();
  });
});
