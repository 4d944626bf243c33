import { describe, expect, it } from 'vitest';
import { columnType, fieldOfColumn, filterOperators, gridQuery } from './contactsGrid';

const contact = { keyField: 'contactid', displayField: 'fullname' };

describe('contacts grid → contacts API query', () => {
  it('maps sort and filters to catalog fields, dates to the picked local day', () => {
    const q = gridQuery(
      [{ field: 'f:lifetimevalue', sort: 'desc' }],
      {
        items: [
          { id: 1, field: 'f:createdon', operator: 'onOrAfter', value: new Date(2026, 2, 29) },
          { id: 2, field: 'key', operator: 'startsWith', value: 'C00' },
          { id: 3, field: 'f:address1_city', operator: 'contains', value: '' },
          { id: 4, field: 'f:jobtitle', operator: 'isEmpty' },
          { id: 5, field: 'f:favoritepets', operator: 'isAnyOf', value: ['Cats'] },
        ],
      },
      contact,
    );
    expect(q).toEqual({
      sort: { field: 'lifetimevalue', direction: 'desc' },
      filters: [
        { field: 'createdon', operator: 'onOrAfter', value: '2026-03-29' },
        { field: 'contactid', operator: 'startsWith', value: 'C00' },
        { field: 'jobtitle', operator: 'isEmpty' },
      ],
    });
  });

  it('offers only the operators the server understands, by field type', () => {
    expect(columnType({ type: 'decimal' })).toBe('number');
    expect(columnType({ type: 'datetime' })).toBe('date');
    expect(columnType({ type: 'lookup' })).toBe('string');
    expect(filterOperators('singleSelect').map((o) => o.value)).toEqual(['is', 'not']);
    expect(filterOperators('string').map((o) => o.value)).not.toContain('isAnyOf');
    expect(fieldOfColumn('displayName', contact)).toBe('fullname');
  });
});
