import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../shared/models/import';
import { applySaved, choiceProblems, initialChoices, toImportOptions } from './wizardModel';

const preview = (header: string[], types: ImportPreview['columns'][number]['inferredType'][]): ImportPreview => ({
  path: '/tmp/x.csv',
  totalBytes: 100,
  header,
  columns: header.map((name, i) => ({ name, inferredType: types[i] ?? 'text', nonEmpty: 3 })),
  sampleRows: [],
  sampledRows: 3,
});

describe('import wizard choices', () => {
  it('recognises a contacts file, its key and the account lookup', () => {
    const c = initialChoices(
      preview(['contactid', 'fullname', 'age', 'parentcustomerid'], ['text', 'text', 'integer', 'text']),
      'contacts.csv',
    );
    expect(c.kind).toBe('entity');
    expect(c.key).toBe('contactid');
    expect(choiceProblems(c)).toEqual([]);
    expect(toImportOptions('/up/c.csv', c)).toEqual({
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      lookups: { parentcustomerid: 'account' },
      path: '/up/c.csv',
    });
  });

  it('recognises an interactions file with a type column', () => {
    const c = initialChoices(
      preview(['interactionid', 'contactid', 'interactiontype', 'timestamp', 'url'], ['text', 'text', 'text', 'datetime', 'text']),
      'events.csv',
    );
    expect(c.kind).toBe('interactions');
    const o = toImportOptions('/up/i.csv', c);
    expect(o).toMatchObject({
      kind: 'interactions',
      typeColumn: 'interactiontype',
      contactColumn: 'contactid',
      timestampColumn: 'timestamp',
    });
    expect(o.columns).toBeUndefined();
  });

  it('takes the type of an existing field over the sample, so a bad cell is reported', () => {
    const catalog = {
      entities: [
        {
          name: 'contact',
          label: 'Contact',
          keyField: 'contactid',
          displayField: 'fullname',
          recordCount: 1,
          fields: [
            { name: 'numberofchildren', label: 'Children', type: 'integer' as const },
            { name: 'parentcustomerid', label: 'Company', type: 'lookup' as const, lookupEntity: 'account' },
          ],
        },
      ],
      relationships: [],
      interactionTypes: [],
    };
    const c = initialChoices(preview(['contactid', 'numberofchildren', 'parentcustomerid'], ['text', 'text', 'text']), 'c.csv', catalog);
    expect(c.columns.numberofchildren?.type).toBe('integer');
    expect(toImportOptions('/p', c)).toMatchObject({
      columns: { numberofchildren: { type: 'integer' } },
      lookups: { parentcustomerid: 'account' },
    });
  });

  it('skips, renames and retypes columns as chosen, and reports what is missing', () => {
    const c = initialChoices(preview(['contactid', 'City', 'score'], ['text', 'text', 'decimal']), 'c.csv');
    c.columns.City = { include: true, field: 'address1_city', type: 'choice', inferred: 'text', lookup: '', existing: false, label: '' };
    c.columns.score = { include: false, field: 'score', type: 'decimal', inferred: 'decimal', lookup: '', existing: false, label: '' };
    expect(toImportOptions('/p', c).columns).toEqual({ City: { field: 'address1_city', type: 'choice' }, score: { skip: true } });
    c.columns.contactid = { include: false, field: 'contactid', type: 'text', inferred: 'text', lookup: '', existing: false, label: '' };
    expect(choiceProblems(c)).toContain('The key column cannot be skipped.');
    c.columns.contactid = { include: true, field: 'contactid', type: 'text', inferred: 'text', lookup: '', existing: false, label: '' };
    c.columns.score = {
      include: true,
      field: 'ADDRESS1_CITY',
      type: 'decimal',
      inferred: 'decimal',
      lookup: '',
      existing: false,
      label: '',
    };
    expect(choiceProblems(c)[0]).toMatch(/Two columns import into the field/);
  });

  it('proposes existing fields by name or display label, the rest as new fields with a display name', () => {
    const contact = {
      name: 'contact',
      label: 'Contact',
      keyField: 'contactid',
      displayField: 'fullname',
      recordCount: 3,
      fields: [
        { name: 'contactid', label: 'Contact ID', type: 'text' as const },
        { name: 'address1_city', label: 'City', type: 'text' as const },
        { name: 'lifetimevalue', label: 'Lifetime value', type: 'decimal' as const },
      ],
    };
    const catalog = { entities: [contact], relationships: [], interactionTypes: [] };
    const c = initialChoices(
      preview(['contactid', 'City', 'Lifetime Value', 'tier'], ['text', 'text', 'decimal', 'text']),
      'c.csv',
      catalog,
    );
    expect(c.columns.City).toMatchObject({ existing: true, field: 'address1_city' });
    expect(c.columns['Lifetime Value']).toMatchObject({ existing: true, field: 'lifetimevalue', type: 'decimal' });
    expect(c.columns.tier).toMatchObject({ existing: false, field: 'tier' });
    c.columns.tier = { ...c.columns.tier!, label: 'Loyalty tier' };
    expect(toImportOptions('/p', c).columns).toEqual({
      City: { field: 'address1_city' },
      'Lifetime Value': { field: 'lifetimevalue' },
      tier: { label: 'Loyalty tier' },
    });
    const saved = applySaved(
      c,
      {
        kind: 'entity',
        savedAt: '2026-01-01T00:00:00.000Z',
        options: { kind: 'entity', entity: 'contact', key: 'contactid', columns: { City: { skip: true } } },
      },
      contact,
    );
    expect(saved.columns.City?.include).toBe(false);
    expect(saved.columns['Lifetime Value']).toMatchObject({ existing: false, field: 'Lifetime Value' });
  });
});
