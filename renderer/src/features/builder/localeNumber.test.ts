import { describe, expect, it } from 'vitest';
import { readNumber, writeNumber } from './localeNumber';

const value = (text: string, locale: string, integer = false) => {
  const r = readNumber(text, locale, integer);
  return r.ok ? r.value : r.message;
};

describe('numbers in the user locale', () => {
  it('reads en-US: comma groups, dot decimals', () => {
    expect(value('1,000', 'en-US')).toBe(1000);
    expect(value('1,000.5', 'en-US')).toBe(1000.5);
    expect(value('1000.5', 'en-US')).toBe(1000.5);
    expect(value(' -1,234,567 ', 'en-US')).toBe(-1234567);
    expect(value('.5', 'en-US')).toBe(0.5);
  });

  it('reads de-DE: dot groups, comma decimals', () => {
    expect(value('1.000,5', 'de-DE')).toBe(1000.5);
    expect(value('1000,5', 'de-DE')).toBe(1000.5);
    expect(value('1.000', 'de-DE')).toBe(1000);
  });

  it('accepts a typed space where the locale groups with a no-break space (fr-FR)', () => {
    expect(value('1 000,5', 'fr-FR')).toBe(1000.5);
  });

  it('refuses what it cannot read, saying how to write it, instead of cutting it short', () => {
    expect(value('1,00', 'en-US')).toBe('“1,00” is not a number. Write it like 1,234.5.');
    expect(value('1,000.5', 'de-DE')).toBe('“1,000.5” is not a number. Write it like 1.234,5.');
    expect(value('1.5', 'de-DE')).toBe('“1.5” is not a number. Write it like 1.234,5.');
    expect(value('12abc', 'en-US')).toBe('“12abc” is not a number. Write it like 1,234.5.');
    expect(value('-', 'en-US')).toBe('“-” is not a number. Write it like 1,234.5.');
    expect(value('1,000.5', 'en-US', true)).toBe('“1,000.5” is not a whole number. Enter a whole number.');
    expect(value('9'.repeat(400), 'en-US')).toMatch(/too large/);
  });

  it('writes stored numbers back so they read unchanged', () => {
    for (const [n, locale, text] of [
      [1000.5, 'de-DE', '1000,5'],
      [1000.5, 'en-US', '1000.5'],
      [-3, 'de-DE', '-3'],
      [1e21, 'en-US', '1000000000000000000000'],
    ] as const) {
      expect(writeNumber(n, locale)).toBe(text);
      expect(value(text, locale)).toBe(n);
    }
  });
});
