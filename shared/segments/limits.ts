/**
 * The documented limits of a segment definition and of query text (docs/limits.md). They sit far
 * above anything a marketer needs and far below where the JavaScript stack, the SQL compiler or
 * SQLite would break, so that everything under them works in every engine (reference evaluator, SQL,
 * columnar) and everything over them is refused with a located message instead of an internal error.
 * The parser (queryParse.ts) enforces the text limits with line:column, the validator (validate.ts)
 * the definition limits with the node id and path.
 */
import type { RelativeUnit } from './ast.js';

/** Characters (code points) in one query text. */
export const MAX_QUERY_TEXT_LENGTH = 500_000;
/** Nested parentheses / function calls in query text (`(`, `NOT(`, `TRAVERSE(`, `FILTER(`, `DATEDIFF(` …). */
export const MAX_QUERY_NESTING = 60;
/** Groups nested in one another in a definition (the root group of a block is level 1). */
export const MAX_CONDITION_DEPTH = 20;
/** Blocks of one definition (SQLite combines at most 500 SELECTs in one compound statement). */
export const MAX_BLOCKS = 200;
/** Condition rows (rules) in one definition, all blocks together. */
export const MAX_CONDITIONS = 2_000;
/** Values of one condition row (e.g. `city == 'a' || city == 'b' …` merged into one row). */
export const MAX_VALUES_PER_CONDITION = 1_000;
/** Values of all condition rows of one definition together. */
export const MAX_VALUES_PER_DEFINITION = 10_000;
/** Characters (code points) in one text value. */
export const MAX_VALUE_LENGTH = 4_000;
/** Largest magnitude of a number: below 2^53, so every engine compares it exactly. */
export const MAX_NUMBER = 1e15;
/** Largest relative-date amount (DATEADD, DATEDIFF, in the last / next / ago, interaction windows) per unit. */
export const MAX_DATE_AMOUNT: Readonly<Record<RelativeUnit, number>> = {
  days: 100_000,
  months: 3_000,
  years: 250,
  // Clock units (date-and-time fields): the schema's amount limit; 100,000 hours are about 11 years.
  hours: 100_000,
  minutes: 100_000,
  seconds: 100_000,
  milliseconds: 100_000,
};
/** Years DATE(y, m, d) accepts. */
export const MIN_DATE_YEAR = 1;
export const MAX_DATE_YEAR = 9999;

/** Number of code points (a surrogate pair is one character). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Offset (UTF-16 units) of the first unpaired surrogate, or -1. */
export function loneSurrogateIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** `U+D800` for a UTF-16 unit. */
export function unitName(s: string, index: number): string {
  return `U+${s.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * At most `max` code points of `s` for a message, with '…' when cut; never cuts a surrogate pair and
 * shows unpaired surrogates as U+XXXX so that messages are always valid Unicode.
 */
export function excerpt(s: string, max = 40): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (n === max) return `${out}…`;
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      out += s.slice(i, i + 2);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += `<${unitName(s, i)}>`;
    else out += s[i] ?? '';
    n++;
  }
  return out;
}

/** Whether `n` is a finite number within ±MAX_NUMBER. */
export function numberInRange(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) <= MAX_NUMBER;
}

/** The refusal of a relative-date amount, or undefined when it is within the limit. */
export function dateAmountProblem(amount: number, unit: RelativeUnit): string | undefined {
  const max = MAX_DATE_AMOUNT[unit];
  if (Number.isFinite(amount) && Math.abs(amount) <= max) return undefined;
  // 100,000 days are about 274 years, 3,000 months exactly 250.
  const about = unit === 'days' ? ' (about 270 years)' : unit === 'months' ? ' (250 years)' : '';
  return `A relative date can reach at most ${max.toLocaleString('en-US')} ${unit} back or ahead${about}; got ${numberText(amount)}`;
}

/** A number for a message: never 'Infinity' or 300 digits. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return 'a number too large to use';
  const s = String(n);
  return s.length > 24 ? n.toExponential(3) : s;
}

/** The refusal of a number outside ±MAX_NUMBER. */
export function numberProblem(n: number): string | undefined {
  return numberInRange(n) ? undefined : `Number out of range: ${numberText(n)} (numbers are limited to ±1,000,000,000,000,000)`;
}

/**
 * The part of a line to show under an error, at most `width` code points around `column` (1-based, in
 * code points), and the 0-based code-point position of the caret inside it. Cuts only between code
 * points, so a surrogate pair is never split; '…' marks what was left out.
 */
export function caretExcerpt(line: string, column: number, width = 80): { text: string; caret: number } {
  const chars = [...line];
  const at = Math.max(0, Math.min(chars.length, column - 1));
  const start = Math.max(0, Math.min(at - Math.floor(width / 2), chars.length - width));
  const end = Math.min(chars.length, start + width);
  const head = start > 0 ? '…' : '';
  const text = head + chars.slice(start, end).join('') + (end < chars.length ? '…' : '');
  return { text, caret: at - start + head.length };
}

/** UTF-16 offset in `text` of a 1-based line and a 1-based column counted in code points. */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  for (let c = 1; c < column && offset < text.length && text[offset] !== '\n'; c++) {
    const u = text.charCodeAt(offset);
    offset += u >= 0xd800 && u <= 0xdbff && (text.charCodeAt(offset + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return offset;
}
