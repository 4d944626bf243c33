/** Locale numbers, and the proposals (with their ambiguity) read off a sample. */
import { describe, expect, it } from 'vitest';
import { inferDateFormat, inferDecimal, localeDefaults } from './locale.js';
import { compileDateFormat, inferType, parseDate, parseDecimal, parseInteger } from './parse.js';

describe('numbers as locales write them', () => {
  it.each([
    ['1.234,56', ',', 1234.56],
    ['1234,56', ',', 1234.56],
    ['-0,5', ',', -0.5],
    ['1\u00a0234,56', ',', 1234.56],
    ['1\u202f234\u202f567,8', ',', 1234567.8],
    ['1 234,5', ',', 1234.5],
    ['1,234.56', '.', 1234.56],
    ['1 234.56', '.', 1234.56],
    ['12.5', '.', 12.5],
  ] as const)('%j with decimal %j is %d', (s, decimal, n) => {
    expect(parseDecimal(s, { decimal })).toEqual({ ok: true, value: n });
  });

  it.each([
    ['12.34,5', ','],
    ['1,2,3', ','],
    ['12,34.5', '.'],
    ['1.2.3', '.'],
  ] as const)('%j is not a number under decimal %j (thousands group by three)', (s, decimal) => {
    expect(parseDecimal(s, { decimal }).ok).toBe(false);
  });

  it('thousands separators make whole numbers under a locale; without one the old rules hold', () => {
    expect(parseInteger('1.234', { decimal: ',' })).toEqual({ ok: true, value: 1234 });
    expect(parseInteger('1.234').ok).toBe(false);
    expect(parseDecimal('1,5').ok).toBe(false);
    expect(inferType(['12,5', '1.234,56', ''], null, { decimal: ',' })).toBe('decimal');
    expect(inferType(['12,5', '1.234,56'], null)).toBe('text');
  });
});

describe('inferDecimal', () => {
  it('reads a decimal comma off number-like columns, ignoring dates', () => {
    expect(inferDecimal([['12,5', '7'], ['18.04.1985']])).toEqual({ decimal: ',', ambiguous: [] });
    expect(inferDecimal([['1,234.5', '3']])).toEqual({ decimal: '.', ambiguous: [] });
  });

  it('flags 1,234 when nothing else decides', () => {
    expect(inferDecimal([['1,234', '5,678', '12']])).toEqual({ decimal: null, ambiguous: ['1,234', '5,678'] });
  });

  it('a text column says nothing', () => {
    expect(inferDecimal([['Oslo', '12,5 kg']])).toEqual({ decimal: null, ambiguous: [] });
  });
});

describe('inferDateFormat', () => {
  it('a day above 12 decides', () => {
    expect(inferDateFormat(['18/04/1985', '03/04/2025'], false)).toEqual({
      format: 'DD/MM/YYYY',
      candidates: ['DD/MM/YYYY'],
      ambiguous: [],
    });
    expect(inferDateFormat(['04/18/1985 14:30', '03/04/2025'], true)).toMatchObject({ format: 'MM/DD/YYYY', ambiguous: [] });
    expect(inferDateFormat(['18.04.1985', 'x'], false).format).toBe('DD.MM.YYYY');
  });

  it('no day above 12: both formats, ranked by the computer, with the values that read differently', () => {
    const sample = ['03/04/2025', '05/05/2025', '11/02/2024'];
    expect(inferDateFormat(sample, true)).toEqual({
      format: 'DD/MM/YYYY',
      candidates: ['DD/MM/YYYY', 'MM/DD/YYYY'],
      ambiguous: ['03/04/2025', '11/02/2024'],
    });
    expect(inferDateFormat(sample, false).format).toBe('MM/DD/YYYY');
  });

  it('year first with slashes; ISO needs no format; mixed separators propose nothing', () => {
    expect(inferDateFormat(['2025/04/18'], true).format).toBe('YYYY/MM/DD');
    expect(inferDateFormat(['2025-04-18'], true)).toEqual({ format: null, candidates: [], ambiguous: [] });
    expect(inferDateFormat(['18/04/1985', '18.04.1985'], true).format).toBeNull();
  });

  it('the proposed format parses the sample, with or without time', () => {
    const f = compileDateFormat('DD.MM.YYYY');
    expect(parseDate('18.04.1985', f)).toEqual({ ok: true, value: '1985-04-18' });
    expect(inferType(['18.04.1985 09:30', '01.02.2000 23:59:59'], f)).toBe('datetime');
  });
});

it('localeDefaults reads the decimal mark and date order of a locale', () => {
  expect(localeDefaults('de-DE')).toEqual({ decimal: ',', dayFirst: true });
  expect(localeDefaults('en-US')).toEqual({ decimal: '.', dayFirst: false });
  expect(localeDefaults('en-GB')).toEqual({ decimal: '.', dayFirst: true });
});
