import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalogIndex';
import { testCatalog } from './testCatalog';

describe('catalog index for the builders', () => {
  const index = new CatalogIndex(testCatalog);

  it('labels relationships the Dynamics way, in both directions', () => {
    expect(index.relationshipsFrom('contact').map((r) => r.label)).toEqual([
      'Account (Contact -> Account (parentcustomerid))',
      'Opportunity (Opportunity -> Contact (parentcontactid))',
    ]);
    expect(index.relationshipsFrom('Contact')[1]).toMatchObject({ direction: 'toReferencing', entity: 'opportunity' });
    expect(index.relationshipsFrom('account')).toEqual([
      {
        relationship: 'contact_account_parentcustomerid',
        direction: 'toReferencing',
        entity: 'contact',
        label: 'Contact (Contact -> Account (parentcustomerid))',
      },
    ]);
  });

  it('finds fields by qualified name ignoring case, for entities and interaction types', () => {
    expect(index.field('contact.Address1_City')?.label).toBe('Address 1: City');
    expect(index.field('EmailClicked.messageid')?.type).toBe('text');
    expect(index.field('contact.nope')).toBeUndefined();
    expect(index.builderFields('ACCOUNT').map((f) => f.name)).toEqual(['account.name', 'account.industrycode', 'account.revenue']);
  });
});
