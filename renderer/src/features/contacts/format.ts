/** Display text of field values as the contacts and members APIs return them. */
import type { FieldType } from '../../../../shared/models/catalog';
import type { FieldValue } from '../../../../shared/models/contact';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** One value as a short text; `type` refines dates and stored forms (epoch ms, 0/1, JSON arrays). */
export function formatValue(value: FieldValue | undefined, type?: FieldType): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (type === 'boolean' && typeof value === 'number') return value ? 'Yes' : 'No';
  if (type === 'datetime') {
    const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
    return Number.isNaN(d.getTime()) ? String(value) : `${dateTime.format(d)} UTC`;
  }
  if (type === 'multichoice' && typeof value === 'string' && value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String).join(', ');
    } catch {
      return value;
    }
  }
  if (typeof value === 'number' && (type === 'decimal' || type === 'integer')) return number.format(value);
  return String(value);
}
