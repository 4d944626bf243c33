import { describe, expect, it } from 'vitest';
import { nextEvaluationAt, nextLocalMidnight, SCHEDULE_INTERVAL_MS } from './schedule.js';

describe('schedule', () => {
  it('finds the next local midnight in the segment time zone', () => {
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-15T12:00:00Z'), 'UTC')).toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-15T12:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-15T23:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-15T12:00:00Z'), 'America/Los_Angeles')).toISOString()).toBe(
      '2026-03-16T07:00:00.000Z',
    );
    // The night the clocks go forward in Berlin (29 March 2026): midnight is still 23:00 UTC the day before.
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-28T12:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('is due at least hourly, earlier when local midnight comes first', () => {
    const noon = Date.parse('2026-03-15T12:00:00Z');
    expect(nextEvaluationAt(noon, 'UTC')).toBe(noon + SCHEDULE_INTERVAL_MS);
    const late = Date.parse('2026-03-15T23:30:00Z');
    expect(new Date(nextEvaluationAt(late, 'UTC')).toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it('keeps results identical across repeated calls and across the autumn clock change', () => {
    const at = Date.parse('2026-10-24T12:00:00Z');
    const first = nextLocalMidnight(at, 'Europe/Berlin');
    for (let i = 0; i < 3; i++) expect(nextLocalMidnight(at, 'Europe/Berlin')).toBe(first);
    // The night the clocks go back in Berlin (25 October 2026): local midnight of the 26th is 23:00 UTC.
    expect(new Date(nextLocalMidnight(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Berlin')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('answers every instant of a local day alike, and moves on once midnight has passed (remembered per zone)', () => {
    const zone = 'America/Los_Angeles';
    const morning = Date.parse('2026-03-15T15:00:00Z'); // 08:00 local
    const midnight = Date.parse('2026-03-16T07:00:00Z');
    expect(nextLocalMidnight(morning, zone)).toBe(midnight);
    expect(nextLocalMidnight(midnight - 1, zone)).toBe(midnight);
    expect(nextLocalMidnight(midnight, zone)).toBe(Date.parse('2026-03-17T07:00:00Z'));
    // An earlier instant than the remembered one is computed afresh, not answered from the memory.
    expect(nextLocalMidnight(Date.parse('2026-03-14T15:00:00Z'), zone)).toBe(Date.parse('2026-03-15T07:00:00Z'));
    expect(nextLocalMidnight(Date.parse('2026-03-15T15:00:00Z'), 'UTC')).toBe(Date.parse('2026-03-16T00:00:00Z'));
  });

  it('still refuses an unknown time zone on every call', () => {
    expect(() => nextLocalMidnight(0, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => nextLocalMidnight(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
