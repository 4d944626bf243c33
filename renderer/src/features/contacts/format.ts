/**
 * Display text of field values on screen, through the one formatter (shared/values/format.ts):
 * numbers in the user's locale, date-times in a time zone (the user's unless a segment's is given),
 * dates as dates, Yes/No, lists, lookups by the related record's name.
 */
import type { FieldType } from '../../../../shared/models/catalog';
import type { FieldValue } from '../../../../shared/models/contact';
import { displayText, typedValue, type LookupRef, type RawValue, type TypedValue } from '../../../../shared/values/format';
import { userLocale } from '../builder/localeNumber';

/** The zone of this computer (contact screens show date-times in it). */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** How a value is shown: the zone for date-times (default: the user's) and a lookup's related record. */
export interface FormatOptions {
  timeZone?: string | undefined;
  lookup?: LookupRef | null | undefined;
}

/** The typed value of an API or stored value (see shared/values/format.ts). */
export function typedOf(value: FieldValue | RawValue, type: FieldType | undefined, lookup?: LookupRef | null): TypedValue {
  if (type) return typedValue(type, value, lookup);
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return { kind: 'list', items: value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return { kind: 'number', value };
  return { kind: 'text', text: value };
}

/** One value as a short text; `type` decides how stored forms (epoch ms, 0/1, JSON lists) read. */
export function formatValue(value: FieldValue | RawValue, type?: FieldType, options: FormatOptions = {}): string {
  // A lookup known only by its row id (a caller without the resolved name) never shows the id.
  if (type === 'lookup' && typeof value === 'number' && !options.lookup) return 'a linked record';
  const typed = typedOf(value, type, options.lookup);
  return displayText(typed, { locale: userLocale(), timeZone: options.timeZone ?? userTimeZone() });
}
