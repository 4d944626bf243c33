import { describe, expect, it } from 'vitest';
import type { RecordField } from '../../../../shared/models/contact';
import { changedValues, parseInput, toInputText } from './fieldDraft';

const f = (name: string, type: RecordField['type'], value: RecordField['value']): RecordField => ({ name, label: name, type, value });

describe('contact field edits', () => {
  it('sends only the fields whose text changed, typed for the API', () => {
    const fields = [f('city', 'text', 'Oslo'), f('kids', 'integer', 2), f('pets', 'multichoice', ['Cats']), f('vip', 'boolean', false)];
    const draft = { city: 'Oslo', kids: '3', pets: 'Cats, Dogs', vip: 'true' };
    expect(changedValues(fields, draft)).toEqual({ values: { kids: 3, pets: ['Cats', 'Dogs'], vip: true }, errors: {} });
  });

  it('clears a field whose text is emptied and reports inputs that do not fit their type', () => {
    const fields = [f('city', 'text', 'Oslo'), f('kids', 'integer', 2), f('born', 'date', '1990-01-02')];
    const r = changedValues(fields, { city: ' ', kids: '2.5', born: '02/01/1990' });
    expect(r.values).toEqual({ city: null });
    expect(Object.keys(r.errors).sort()).toEqual(['born', 'kids']);
    expect(r.errors.kids).toMatch(/whole number/);
  });

  it('shows multi-choice values as a comma list and parses decimals', () => {
    expect(toInputText(['A', 'B'])).toBe('A, B');
    expect(parseInput(f('v', 'decimal', null), '12.5')).toEqual({ value: 12.5 });
  });
});
