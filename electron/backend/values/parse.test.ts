import { describe, expect, it } from 'vitest';
import {
  compileDateFormat,
  fastIsoUtc,
  inferType,
  parseBoolean,
  parseDate,
  parseDatetime,
  parseDecimal,
  parseInteger,
  splitMulti,
} from './parse.js';

describe('cell parsing', () => {
  it('reads booleans as true/false, yes/no, 1/0 in any case', () => {
    expect(['true', 'YES', '1', 'False', 'no', '0'].map((s) => parseBoolean(s))).toEqual(
      [1, 1, 1, 0, 0, 0].map((value) => ({ ok: true, value })),
    );
    expect(parseBoolean('maybe').ok).toBe(false);
  });

  it('reads numbers with a dot for decimals only', () => {
    expect(parseInteger('-42')).toEqual({ ok: true, value: -42 });
    expect(parseInteger('4.2').ok).toBe(false);
    expect(parseInteger('99999999999999999999').ok).toBe(false);
    expect(parseDecimal('3.25')).toEqual({ ok: true, value: 3.25 });
    expect(parseDecimal('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseDecimal('3,25').ok).toBe(false);
  });

  it('reads ISO dates and refuses impossible ones', () => {
    expect(parseDate('2024-02-29', null)).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDate('2023-02-29', null).ok).toBe(false);
    expect(parseDate('2024-02-01T10:00:00Z', null).ok).toBe(false);
  });

  it('reads ISO date-times with or without zone (no zone = UTC)', () => {
    expect(parseDatetime('2025-03-01T14:30:00Z', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 14, 30) });
    expect(parseDatetime('2025-03-01T14:30:00', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 14, 30) });
    expect(parseDatetime('2025-03-01 14:30', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 14, 30) });
    expect(parseDatetime('2025-03-01T14:30:00.250+02:00', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 12, 30, 0, 250) });
    expect(parseDatetime('2025-03-01T14:30:00-0530', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 20, 0) });
    expect(parseDatetime('2025-03-01', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1) });
    expect(parseDatetime('2025-03-01T25:00:00Z', null).ok).toBe(false);
    expect(parseDatetime('yesterday', null).ok).toBe(false);
  });

  it('reads a declared date format, with an optional time after a date-only format', () => {
    const f = compileDateFormat('DD/MM/YYYY');
    expect(parseDate('31/12/1970', f)).toEqual({ ok: true, value: '1970-12-31' });
    expect(parseDate('1970-12-31', f)).toEqual({ ok: true, value: '1970-12-31' });
    expect(parseDate('31/02/1970', f).ok).toBe(false);
    expect(parseDatetime('01/02/2025 14:30', f)).toEqual({ ok: true, value: Date.UTC(2025, 1, 1, 14, 30) });
    const us = compileDateFormat('MM.DD.YYYY HH:mm:ss');
    expect(parseDatetime('12.31.2025 23:59:58', us)).toEqual({ ok: true, value: Date.UTC(2025, 11, 31, 23, 59, 58) });
  });

  it('splits multi-choice cells on ";" or reads a JSON array', () => {
    expect(splitMulti('Cats; Dogs;;')).toEqual(['Cats', 'Dogs']);
    expect(splitMulti('["Fish","Birds"]')).toEqual(['Fish', 'Birds']);
  });
});

describe('type inference from a sample', () => {
  it.each([
    [['1', '2', '', '-3'], 'integer'],
    [['1', '0', '1'], 'integer'],
    [['1.5', '2'], 'decimal'],
    [['yes', 'No', '1', '0'], 'boolean'],
    [['2024-01-01', '2024-12-31'], 'date'],
    [['2024-01-01T10:00:00Z', '2024-01-02'], 'datetime'],
    [['Seattle', '42'], 'text'],
    [['', ' '], 'text'],
  ])('infers %j as %s', (cells, type) => {
    expect(inferType(cells, null)).toBe(type);
  });

  it('reads the toISOString form on a fast path that agrees with the general parser', () => {
    const rng = (n: number): number => Math.floor(Math.random() * n);
    for (let i = 0; i < 2000; i++) {
      const t = Date.UTC(1990 + rng(60), rng(12), 1 + rng(31), rng(24), rng(60), rng(60), rng(1000));
      const iso = new Date(t).toISOString();
      expect(fastIsoUtc(iso)).toBe(t);
      expect(fastIsoUtc(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(t - (t % 1000));
      expect(parseDatetime(iso, null)).toEqual({ ok: true, value: t });
    }
    // Not exactly the fast form: NaN, and the general parser decides (same answers as before).
    for (const s of [
      '2025-02-30T10:00:00Z',
      '2025-03-01T24:00:00Z',
      '2025-03-01T10:60:00Z',
      '2025-03-01T10:00:00z',
      '2025-03-01 10:00:00Z',
      '2025-03-01T10:00:00.5Z',
      '2025-3-01T10:00:00.000Z',
      '2025-03-01T10:00:00.00aZ',
    ]) {
      expect(Number.isNaN(fastIsoUtc(s))).toBe(true);
    }
    expect(parseDatetime('2025-02-30T10:00:00Z', null).ok).toBe(false);
    expect(parseDatetime('2025-03-01T10:00:00z', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 10) });
    expect(parseDatetime('2025-03-01T10:00:00.5Z', null)).toEqual({ ok: true, value: Date.UTC(2025, 2, 1, 10, 0, 0, 500) });
  });
});
