import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalogIndex';
import { testCatalog } from './testCatalog';

describe('catalog index for the builders', () => {
  const index = new CatalogIndex(testCatalog);

  it('labels relationships by their label and where they lead, in both directions, never by logical names', () => {
    expect(index.relationshipsFrom('contact').map((r) => r.label)).toEqual(['Company Name (Account)', 'Opportunity (via Contact)']);
    expect(index.relationshipsFrom('Contact')[1]).toMatchObject({ direction: 'toReferencing', entity: 'opportunity' });
    expect(index.relationshipsFrom('account')).toEqual([
      {
        relationship: 'contact_account_parentcustomerid',
        direction: 'toReferencing',
        entity: 'contact',
        label: 'Contact (via Company Name)',
      },
    ]);
  });

  it('offers an N:N link through an intersect entity (exactly two lookups) as "Contact <-> Event (via Registration)"', () => {
    const ent = (name: string, label: string) => ({ name, label, keyField: 'id', displayField: 'id', recordCount: 0, fields: [] });
    const rel = (referencingEntity: string, referencedEntity: string, lookupField: string) => ({
      name: `${referencingEntity}_${referencedEntity}_${lookupField}`,
      referencingEntity,
      referencedEntity,
      lookupField,
    });
    const withEvents = new CatalogIndex({
      ...testCatalog,
      entities: [...testCatalog.entities, ent('event', 'Event'), ent('registration', 'Registration')],
      relationships: [...testCatalog.relationships, rel('registration', 'contact', 'contactid'), rel('registration', 'event', 'eventid')],
    });
    const nn = { relationship: 'contact_event_via_registration', direction: 'manyToMany' };
    expect(withEvents.relationshipsFrom('contact')).toContainEqual({
      ...nn,
      entity: 'event',
      label: 'Contact <-> Event (via Registration)',
    });
    expect(withEvents.relationshipsFrom('event')).toContainEqual({
      ...nn,
      entity: 'contact',
      label: 'Event <-> Contact (via Registration)',
    });
    expect(withEvents.relationshipLabel('contact_event_via_registration', 'manyToMany')).toBe('Contact <-> Event (via Registration)');
    expect(index.relationshipsFrom('contact').some((r) => r.direction === 'manyToMany')).toBe(false);
  });

  it('finds fields by qualified name ignoring case, for entities and interaction types', () => {
    expect(index.field('contact.Address1_City')?.label).toBe('Address 1: City');
    expect(index.field('EmailClicked.messageid')?.type).toBe('text');
    expect(index.field('contact.nope')).toBeUndefined();
    // A label set in the catalog view names the relationship instead of its lookup field's label.
    const renamed = new CatalogIndex({
      ...testCatalog,
      relationships: testCatalog.relationships.map((r) => (r.lookupField === 'parentcustomerid' ? { ...r, label: 'Employer' } : r)),
    });
    expect(renamed.relationshipLabel('contact_account_parentcustomerid', 'toReferenced')).toBe('Employer (Account)');
    expect(index.builderFields('ACCOUNT').map((f) => f.name)).toEqual(['account.name', 'account.industrycode', 'account.revenue']);
  });

  it('starts a new rule on the primary name field, never on the record key', () => {
    expect(index.defaultField('contact')?.name).toBe('contact.fullname');
    const keyNamed = new CatalogIndex({
      ...testCatalog,
      entities: testCatalog.entities.map((e) =>
        e.name === 'contact'
          ? { ...e, displayField: 'contactid', fields: [{ name: 'contactid', label: 'Contact ID', type: 'text' as const }, ...e.fields] }
          : e,
      ),
    });
    expect(keyNamed.builderFields('contact')[0]?.field.name).toBe('contactid');
    expect(keyNamed.defaultField('contact')?.name).toBe('contact.fullname');
    expect(index.defaultField('EmailClicked')?.name).toBe('EmailClicked.messageId');
  });
});
