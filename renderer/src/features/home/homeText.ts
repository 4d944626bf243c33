/** Words and numbers for the home view, in the user's locale. */

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "1,234" (or "1.234", …) in the user's locale. */
export { formatCount } from '../segments/segmentLabels';

/** A local date for an ISO timestamp. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : date.format(d);
}

/** English plural of a display label for a count: "1 Contact", "2 Contacts", "3 Opportunities". */
export function plural(label: string, n: number): string {
  if (n === 1) return label;
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(label)) return `${label}es`;
  return `${label}s`;
}

/** The last path part of a file name as imports store it ("C:\\data\\contacts.csv" → "contacts.csv"). */
export const fileName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
