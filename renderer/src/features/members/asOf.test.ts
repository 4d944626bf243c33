import { describe, expect, it } from 'vitest';
import { asOfInstant, localToday } from './asOf';

describe('asOfInstant', () => {
  it('is the end of the local day without a time', () => {
    expect(asOfInstant('2026-03-03', '')).toBe(new Date(2026, 2, 3, 23, 59, 59, 999).toISOString());
  });

  it('is the end of the minute, or of the second, with a time', () => {
    expect(asOfInstant('2026-03-03', '09:15')).toBe(new Date(2026, 2, 3, 9, 15, 59, 999).toISOString());
    expect(asOfInstant('2026-03-03', '09:15:07')).toBe(new Date(2026, 2, 3, 9, 15, 7, 999).toISOString());
  });

  it('is null for no or a malformed date, and ignores a malformed time', () => {
    expect(asOfInstant('', '09:15')).toBeNull();
    expect(asOfInstant('3/3/2026', '')).toBeNull();
    expect(asOfInstant('2026-03-03', '9am')).toBe(asOfInstant('2026-03-03', ''));
  });

  it('gives today as a local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
