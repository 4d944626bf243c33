import { describe, expect, it } from 'vitest';
import { tickFormat } from './InsightsTab';

const at = (iso: string) => ({ at: iso });
const parts = (f: Intl.DateTimeFormat) => f.formatToParts(new Date('2026-11-29T12:18:05Z')).map((p) => p.type);

describe('insights time-axis ticks', () => {
  it('tells ticks within one minute apart (regression: every tick read "12:18 PM")', () => {
    const f = tickFormat([at('2026-11-29T12:18:01Z'), at('2026-11-29T12:18:40Z')]);
    expect(parts(f)).toContain('second');
    expect(f.format(new Date('2026-11-29T12:18:10Z'))).not.toBe(f.format(new Date('2026-11-29T12:18:20Z')));
  });

  it('uses hours and minutes within two days, dates beyond', () => {
    const hours = tickFormat([at('2026-11-29T08:00:00Z'), at('2026-11-29T20:00:00Z')]);
    expect(parts(hours)).toEqual(expect.arrayContaining(['hour', 'minute']));
    expect(parts(hours)).not.toContain('second');
    const days = tickFormat([at('2026-11-01T00:00:00Z'), at('2026-11-29T00:00:00Z')]);
    expect(parts(days)).toEqual(expect.arrayContaining(['month', 'day']));
    expect(parts(days)).not.toContain('hour');
  });
});
