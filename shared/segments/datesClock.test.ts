/**
 * Golden cases for the session-6 date forms at DST edges: HOUR … MILLISECOND relative rules (elapsed
 * time; "N ago" cut on the zone's wall clock) and anniversary rules ("today" in the segment's zone,
 * 29 February). Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogField } from '../models/catalog.js';
import type { RuleNode } from './ast.js';
import { anniversaryMonthDays, daysToAnniversary, inDateRange, monthsToAnniversary, relativeDateRange } from './dates.js';
import { prepareRule } from './ruleMatch.js';

const at = (iso: string): number => Date.parse(iso);
const createdon: CatalogField = { name: 'createdon', label: 'Created On', type: 'datetime' };
const birthdate: CatalogField = { name: 'birthdate', label: 'Birthday', type: 'date' };
const rule = (r: Omit<RuleNode, 'kind' | 'id' | 'field'>, field: CatalogField): RuleNode => ({
  kind: 'rule',
  id: 'r',
  field: field.name,
  ...r,
});
const test = (r: RuleNode, field: CatalogField, now: string, timeZone: string, value: string | number | null) =>
  prepareRule(r, field, { now: at(now), timeZone }, () => undefined).test(value);

describe('HOUR … MILLISECOND rules at DST changes', () => {
  it('"in the last 2 hours" is elapsed time across Amsterdam\'s spring-forward (03:30 CEST reaches back to 00:30 CET)', () => {
    // 2026-03-29 01:00Z: 02:00 CET → 03:00 CEST. now = 01:30Z = 03:30 CEST; two real hours back = 23:30Z = 00:30 CET.
    const r = rule({ operator: 'inTheLast', amount: 2, unit: 'hours' }, createdon);
    expect(test(r, createdon, '2026-03-29T01:30:00Z', 'Europe/Amsterdam', at('2026-03-28T23:45:00Z'))).toBe('true');
    expect(test(r, createdon, '2026-03-29T01:30:00Z', 'Europe/Amsterdam', at('2026-03-28T23:29:59.999Z'))).toBe('false');
    expect(test(r, createdon, '2026-03-29T01:30:00Z', 'Europe/Amsterdam', at('2026-03-29T01:30:00.001Z'))).toBe('false');
    expect(test(r, createdon, '2026-03-29T01:30:00Z', 'Europe/Amsterdam', null)).toBe('unknown');
  });
  it('"1 hour ago" right after the gap is the hour before it (01:00–01:59 CET)', () => {
    // The current local hour starts at 03:00 CEST = 01:00Z; the one before is [00:00Z, 01:00Z).
    const range = relativeDateRange('ago', 1, 'hours', 'datetime', { now: at('2026-03-29T01:30:00Z'), timeZone: 'Europe/Amsterdam' });
    expect(range).toEqual({
      from: { value: at('2026-03-29T00:00:00Z'), inclusive: true },
      to: { value: at('2026-03-29T01:00:00Z'), inclusive: false },
    });
  });
  it("New York's repeated 01:00 hour at fall-back counts as two hours", () => {
    // 2026-11-01 06:00Z: 02:00 EDT → 01:00 EST. now = 06:30Z = 01:30 EST (the second 01:30).
    const ctx = { now: at('2026-11-01T06:30:00Z'), timeZone: 'America/New_York' };
    // "0 hours ago" = the current local hour = the second 01:00–01:59 = [06:00Z, 07:00Z).
    expect(relativeDateRange('ago', 0, 'hours', 'datetime', ctx).from?.value).toBe(at('2026-11-01T06:00:00Z'));
    // "1 hour ago" = the first 01:00–01:59 (EDT) = [05:00Z, 06:00Z).
    const r = rule({ operator: 'ago', amount: 1, unit: 'hours' }, createdon);
    expect(test(r, createdon, '2026-11-01T06:30:00Z', 'America/New_York', at('2026-11-01T05:59:59.999Z'))).toBe('true');
    expect(test(r, createdon, '2026-11-01T06:30:00Z', 'America/New_York', at('2026-11-01T06:00:00Z'))).toBe('false');
    // "in the next 90 minutes" from 01:30 EST ends at 03:00 EST = 08:00Z.
    const next = relativeDateRange('inTheNext', 90, 'minutes', 'datetime', ctx);
    expect(next.to).toEqual({ value: at('2026-11-01T08:00:00Z'), inclusive: true });
  });
  it('hours are cut on the local wall clock in a half-hour zone (Asia/Kolkata)', () => {
    // 12:10Z = 17:40 IST: the current local hour is 17:00–17:59 IST = [11:30Z, 12:30Z).
    const range = relativeDateRange('ago', 0, 'hours', 'datetime', { now: at('2026-03-15T12:10:00Z'), timeZone: 'Asia/Kolkata' });
    expect(range.from?.value).toBe(at('2026-03-15T11:30:00Z'));
    expect(inDateRange(range, at('2026-03-15T12:29:59.999Z'))).toBe(true);
    expect(inDateRange(range, at('2026-03-15T12:30:00Z'))).toBe(false);
  });
  it('seconds and milliseconds', () => {
    const ctx = { now: at('2026-03-15T12:00:00.500Z'), timeZone: 'UTC' };
    expect(relativeDateRange('ago', 1, 'seconds', 'datetime', ctx)).toEqual({
      from: { value: at('2026-03-15T11:59:59Z'), inclusive: true },
      to: { value: at('2026-03-15T12:00:00Z'), inclusive: false },
    });
    expect(relativeDateRange('inTheLast', 250, 'milliseconds', 'datetime', ctx).from?.value).toBe(at('2026-03-15T12:00:00.250Z'));
  });
  it('refuses clock units on a date without a time', () => {
    expect(() => relativeDateRange('inTheLast', 1, 'hours', 'date', { now: 0, timeZone: 'UTC' })).toThrow(/date-and-time/);
  });
});

describe('anniversaries at DST changes and on 29 February', () => {
  const next = (n: number) => rule({ operator: 'anniversaryInTheNext', amount: n, unit: 'days' }, birthdate);
  it('"today" is the segment zone\'s day: 23:30Z on 28 March is already the 29th in Amsterdam', () => {
    expect(test(next(0), birthdate, '2026-03-28T23:30:00Z', 'Europe/Amsterdam', '1990-03-29')).toBe('true');
    expect(test(next(0), birthdate, '2026-03-28T23:30:00Z', 'UTC', '1990-03-29')).toBe('false');
    // The evening after the spring-forward: 22:30Z is 00:30 CEST on the 30th (UTC+2 now).
    expect(test(next(0), birthdate, '2026-03-29T22:30:00Z', 'Europe/Amsterdam', '1990-03-30')).toBe('true');
    expect(test(next(0), birthdate, '2026-03-29T22:30:00Z', 'Europe/Amsterdam', '1990-03-29')).toBe('false');
  });
  it('New York fall-back night: 04:30Z is 00:30 EDT on 1 November', () => {
    expect(test(next(0), birthdate, '2026-11-01T04:30:00Z', 'America/New_York', '1985-11-01')).toBe('true');
    expect(test(next(6), birthdate, '2026-11-01T04:30:00Z', 'America/New_York', '1985-11-07')).toBe('true');
    expect(test(next(6), birthdate, '2026-11-01T04:30:00Z', 'America/New_York', '1985-11-08')).toBe('false');
    expect(test(next(6), birthdate, '2026-11-01T04:30:00Z', 'America/New_York', '1985-10-31')).toBe('false');
  });
  it('29 February is celebrated on 28 February in years without one', () => {
    expect(daysToAnniversary('2000-02-29', '2026-02-28')).toBe(0);
    expect(daysToAnniversary('2000-02-29', '2026-03-01')).toBe(364); // next: 2027-02-28
    expect(daysToAnniversary('2000-02-29', '2028-02-28')).toBe(1); // 2028 is a leap year
    expect(daysToAnniversary('2001-02-28', '2028-02-29')).toBe(365); // passed yesterday: 2029-02-28
    expect(anniversaryMonthDays(0, '2026-02-28')).toEqual(['02-28', '02-29']);
    expect(anniversaryMonthDays(0, '2028-02-28')).toEqual(['02-28']);
    expect(anniversaryMonthDays(365, '2026-01-01')).toBeUndefined();
  });
  it('"anniversary this month" turns over at local midnight (Amsterdam, 1 April 00:30 CEST)', () => {
    const thisMonth = rule({ operator: 'anniversaryInMonth', amount: 0, unit: 'months' }, birthdate);
    expect(test(thisMonth, birthdate, '2026-03-31T22:30:00Z', 'Europe/Amsterdam', '1970-04-15')).toBe('true');
    expect(test(thisMonth, birthdate, '2026-03-31T22:30:00Z', 'UTC', '1970-04-15')).toBe('false');
    expect(monthsToAnniversary('1970-01-15', '2026-12-01')).toBe(1);
    expect(test(thisMonth, birthdate, '2026-03-31T22:30:00Z', 'Europe/Amsterdam', null)).toBe('unknown');
  });
});
