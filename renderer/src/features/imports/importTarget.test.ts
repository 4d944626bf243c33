import { describe, expect, it } from 'vitest';
import { catalogLabels } from '../catalog/catalogLabels';
import { importTarget } from './importTarget';

const labels = catalogLabels({
  entities: [{ name: 'contact', label: 'Contact', keyField: 'contactid', displayField: 'fullname', fields: [], recordCount: 0 }],
  relationships: [],
  interactionTypes: [{ name: 'EmailSent', label: 'Email Sent', fields: [], count: 0 }],
});

describe('where an import went', () => {
  it('names entities and interaction types by display name', () => {
    expect(importTarget({ kind: 'entity', target: 'contact' }, labels)).toBe('Contact');
    expect(importTarget({ kind: 'interactions', target: 'EmailSent' }, labels)).toBe('Interactions: Email Sent');
    expect(importTarget({ kind: 'interactions', target: '(type column)' }, labels)).toBe('Interactions');
  });

  it('shows a name the catalog does not know (any more) as it is', () => {
    expect(importTarget({ kind: 'entity', target: 'loyaltycard' }, labels)).toBe('loyaltycard');
  });
});
