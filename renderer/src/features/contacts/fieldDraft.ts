/** Editing a record's fields as text inputs, and turning the edits back into typed API values. */
import type { FieldValue, RecordField } from '../../../../shared/models/contact';

/** The text an input shows for a value (multi-choice as "a, b"). */
export function toInputText(value: FieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Parses an input's text for a field type; returns an error sentence when it does not fit. */
export function parseInput(field: RecordField, text: string): { value: FieldValue } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  switch (field.type) {
    case 'integer':
      return /^-?\d+$/.test(t) ? { value: Number(t) } : { error: `${field.label} takes a whole number.` };
    case 'decimal':
      return Number.isFinite(Number(t)) ? { value: Number(t) } : { error: `${field.label} takes a number.` };
    case 'boolean':
      return t === 'true' || t === 'false' ? { value: t === 'true' } : { error: `${field.label} is Yes or No.` };
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(t) ? { value: t } : { error: `${field.label} takes a date as YYYY-MM-DD.` };
    case 'datetime':
      return Number.isFinite(Date.parse(t))
        ? { value: t }
        : { error: `${field.label} takes a date and time such as 2026-01-31T09:00:00Z.` };
    case 'multichoice':
      return {
        value: t
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    default:
      return { value: t };
  }
}

/** The changed fields of a draft (by name), or the errors (by name) when some input does not parse. */
export function changedValues(
  fields: RecordField[],
  draft: Record<string, string>,
): { values: Record<string, FieldValue>; errors: Record<string, string> } {
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = draft[f.name];
    if (text === undefined || text === toInputText(f.value)) continue;
    const parsed = parseInput(f, text);
    if ('error' in parsed) errors[f.name] = parsed.error;
    else values[f.name] = parsed.value;
  }
  return { values, errors };
}
