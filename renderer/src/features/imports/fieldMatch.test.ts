import { describe, expect, it } from 'vitest';
import type { CatalogField } from '../../../../shared/models/catalog';
import { bestMatch, similarity, typeFits } from './fieldMatch';

const fields: CatalogField[] = [
  { name: 'emailaddress1', label: 'Email', type: 'text' },
  { name: 'address1_city', label: 'City', type: 'text' },
  { name: 'lifetimevalue', label: 'Lifetime value', type: 'decimal' },
  { name: 'birthdate', label: 'Birth date', type: 'date' },
];

describe('best match of a column onto existing fields', () => {
  it('matches the name or the display label, ignoring case, spaces and separators', () => {
    expect(bestMatch('E-mail', fields)?.name).toBe('emailaddress1');
    expect(bestMatch('city', fields)?.name).toBe('address1_city');
    expect(bestMatch('Lifetime Value', fields)?.name).toBe('lifetimevalue');
    expect(bestMatch('birth_date', fields)?.name).toBe('birthdate');
    expect(bestMatch('ADDRESS1_CITY', fields)?.name).toBe('address1_city');
  });

  it('proposes nothing for an unrelated header, and skips fields already taken', () => {
    expect(bestMatch('Town', fields)).toBeUndefined();
    expect(bestMatch('score', fields)).toBeUndefined();
    expect(bestMatch('city', fields, new Set(['address1_city']))).toBeUndefined();
  });

  it('similarity is 1 for equal names and falls with edits', () => {
    expect(similarity('First Name', 'firstname')).toBe(1);
    expect(similarity('firstname', 'firstnam')).toBeGreaterThan(0.85);
    expect(similarity('abc', 'xyz')).toBe(0);
  });

  it('type fit: text takes anything, decimal takes integers, a date column does not fit a number', () => {
    expect(typeFits('integer', 'text')).toBe(true);
    expect(typeFits('integer', 'decimal')).toBe(true);
    expect(typeFits('date', 'datetime')).toBe(true);
    expect(typeFits('date', 'decimal')).toBe(false);
    expect(typeFits('text', 'integer')).toBe(false);
  });
});
