/**
 * Numbers typed the way the user's locale writes them: `1,000.5` in en-US, `1.000,5` in de-DE,
 * `1 000,5` in fr-FR. What does not read as a number in that locale is refused with a sentence that
 * shows the expected form — never cut short ("1,000" read as 1 was issue 21's first finding).
 */

/** The locale numbers are typed in: the browser's language (the OS language in Electron). */
export function userLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US';
}

/** The locale's group and decimal separators, from Intl itself. */
export function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/** The outcome of reading typed text as a number. */
export type NumberReading = { ok: true; value: number } | { ok: false; message: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SPACES = ' \u00a0\u202f';

/** How the locale writes 1234.5, shown in refusals ("1,234.5", "1.234,5"). */
export function exampleNumber(locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(1234.5);
}

/**
 * Reads `text` as a number written in `locale`. Group separators are optional but, when used, must
 * sit between digit groups (`1,000` yes, `1,00` no — in en-IN `1,00,000` too); a minus may lead.
 */
export function readNumber(text: string, locale: string, integer: boolean): NumberReading {
  const s = text.trim().replace(/\u2212/g, '-');
  const { group, decimal } = separators(locale);
  // Locales that group with a (narrow) no-break space accept a plain space too: that is what people type.
  const g = SPACES.includes(group) ? `[${SPACES}]` : escape(group);
  const d = escape(decimal);
  const pattern = new RegExp(`^([-+]?)(\\d{1,3}(?:${g}\\d{2,3})*${g}\\d{3}|\\d+|)(?:${d}(\\d+))?$`);
  const m = pattern.exec(s);
  const refuse = `“${s}” is not a number. Write it like ${exampleNumber(locale)}.`;
  if (!m || (m[2] === '' && m[3] === undefined)) return { ok: false, message: refuse };
  const digits = `${m[1] === '-' ? '-' : ''}${(m[2] ?? '').replace(new RegExp(g, 'g'), '') || '0'}${m[3] ? `.${m[3]}` : ''}`;
  const value = Number(digits);
  if (!Number.isFinite(value)) return { ok: false, message: `“${s}” is too large a number.` };
  if (integer && !Number.isInteger(value)) return { ok: false, message: `“${s}” is not a whole number. Enter a whole number.` };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/** A stored number as the user types it back in their locale (no grouping, so it reads back unchanged). */
export function writeNumber(value: number, locale: string): string {
  const plain = String(value);
  if (/e/i.test(plain)) return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }).format(value);
  return plain.replace('.', separators(locale).decimal);
}
