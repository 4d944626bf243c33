import { describe, expect, it } from 'vitest';
import { displayText, excelCell, exportText, isoInZone, plainNumber, typedValue, type TypedValue } from './format';

const berlin = { locale: 'de-DE', timeZone: 'Europe/Berlin' };
const us = { locale: 'en-US', timeZone: 'America/New_York' };

describe('typedValue', () => {
  it('reads stored forms: epoch ms, 0/1, JSON lists, text days', () => {
    expect(typedValue('datetime', 1787410000444)).toEqual({ kind: 'datetime', ms: 1787410000444 });
    expect(typedValue('boolean', 1)).toEqual({ kind: 'boolean', value: true });
    expect(typedValue('boolean', 0)).toEqual({ kind: 'boolean', value: false });
    expect(typedValue('multichoice', '["Birds","Cats"]')).toEqual({ kind: 'list', items: ['Birds', 'Cats'] });
    expect(typedValue('date', '2026-03-29')).toEqual({ kind: 'date', day: '2026-03-29' });
    expect(typedValue('decimal', '12.5')).toEqual({ kind: 'number', value: 12.5 });
  });

  it('reads API forms: ISO strings, booleans, arrays, lookup keys', () => {
    expect(typedValue('datetime', '2026-07-15T12:30:00.000Z')).toEqual({ kind: 'datetime', ms: Date.UTC(2026, 6, 15, 12, 30) });
    expect(typedValue('boolean', false)).toEqual({ kind: 'boolean', value: false });
    expect(typedValue('multichoice', ['Dogs'])).toEqual({ kind: 'list', items: ['Dogs'] });
    expect(typedValue('lookup', 'A0001', { key: 'A0001', name: 'Contoso' })).toEqual({ kind: 'lookup', key: 'A0001', name: 'Contoso' });
  });

  it('never lets a lookup row id through as a value', () => {
    expect(typedValue('lookup', 1471)).toBeNull();
    expect(typedValue('lookup', 'A0001')).toEqual({ kind: 'lookup', key: 'A0001', name: null });
  });

  it('treats empty as no data', () => {
    expect(typedValue('text', '')).toBeNull();
    expect(typedValue('multichoice', '[]')).toBeNull();
    expect(typedValue('integer', null)).toBeNull();
  });
});

describe('isoInZone across daylight saving time', () => {
  it('uses the offset of the instant, before and after the spring change in Berlin', () => {
    expect(isoInZone(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Berlin')).toBe('2026-03-29T01:30:00+01:00');
    expect(isoInZone(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
  });

  it('tells the two 01:30 of the autumn change in New York apart', () => {
    const first = isoInZone(Date.UTC(2026, 10, 1, 5, 30), 'America/New_York');
    const second = isoInZone(Date.UTC(2026, 10, 1, 6, 30), 'America/New_York');
    expect(first).toBe('2026-11-01T01:30:00-04:00');
    expect(second).toBe('2026-11-01T01:30:00-05:00');
    expect(Date.parse(first)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(Date.parse(second)).toBe(Date.UTC(2026, 10, 1, 6, 30));
  });

  it('keeps milliseconds when there are some, and half-hour offsets', () => {
    expect(isoInZone(1787410000444, 'UTC')).toBe('2026-08-22T14:46:40.444+00:00');
    expect(isoInZone(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
  });
});

describe('displayText', () => {
  const when: TypedValue = { kind: 'datetime', ms: Date.UTC(2026, 6, 15, 12, 30) };
  it('shows date-times in the given zone and locale, with the zone named', () => {
    expect(displayText(when, berlin)).toMatch(/^15\. Juli 2026, 14:30 (MESZ|GMT\+2)$/);
    expect(displayText(when, us)).toMatch(/^Jul 15, 2026, 8:30\sAM EDT$/);
  });

  it('shows a date as the same day in every zone', () => {
    const day: TypedValue = { kind: 'date', day: '2026-01-01' };
    expect(displayText(day, { locale: 'en-US', timeZone: 'Pacific/Kiritimati' })).toBe('Jan 1, 2026');
    expect(displayText(day, { locale: 'en-US', timeZone: 'Pacific/Pago_Pago' })).toBe('Jan 1, 2026');
  });

  it('shows numbers in the locale, booleans as Yes/No, lookups by name', () => {
    expect(displayText({ kind: 'number', value: 1234.5 }, berlin)).toBe('1.234,5');
    expect(displayText({ kind: 'number', value: 1234.5 }, us)).toBe('1,234.5');
    expect(displayText({ kind: 'boolean', value: true }, us)).toBe('Yes');
    expect(displayText({ kind: 'lookup', key: 'A0001', name: 'Contoso' }, us)).toBe('Contoso');
    expect(displayText({ kind: 'lookup', key: 'A0001', name: null }, us)).toBe('A0001');
  });
});

describe('exportText and excelCell', () => {
  it('writes plain numbers, ISO with offset, joined lists and Yes/No', () => {
    expect(exportText({ kind: 'number', value: 1234567.25 }, 'UTC')).toBe('1234567.25');
    expect(exportText({ kind: 'datetime', ms: Date.UTC(2026, 6, 15, 12, 30) }, 'Europe/Berlin')).toBe('2026-07-15T14:30:00+02:00');
    expect(exportText({ kind: 'list', items: ['Birds', 'Cats'] }, 'UTC')).toBe('Birds; Cats');
    expect(exportText({ kind: 'boolean', value: false }, 'UTC')).toBe('No');
    expect(exportText({ kind: 'lookup', key: 'A1', name: 'Fabrikam' }, 'UTC')).toBe('Fabrikam');
    expect(exportText(null, 'UTC')).toBe('');
  });

  it('never writes exponent notation', () => {
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
  });

  it('types Excel cells and puts a date-time on the wall clock of the zone', () => {
    expect(excelCell({ kind: 'number', value: 3.5 }, 'UTC')).toEqual({ value: 3.5 });
    expect(excelCell({ kind: 'boolean', value: true }, 'UTC')).toEqual({ value: true });
    const dt = excelCell({ kind: 'datetime', ms: Date.UTC(2026, 6, 15, 12, 30) }, 'Europe/Berlin');
    expect(dt).toEqual({ value: new Date(Date.UTC(2026, 6, 15, 14, 30)), numFmt: 'yyyy-mm-dd hh:mm:ss' });
    expect(excelCell({ kind: 'date', day: '2026-02-03' }, 'UTC')).toEqual({ value: new Date(Date.UTC(2026, 1, 3)), numFmt: 'yyyy-mm-dd' });
    expect(excelCell({ kind: 'list', items: ['a', 'b'] }, 'UTC')).toEqual({ value: 'a; b' });
  });
});
