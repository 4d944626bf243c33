import { describe, expect, it } from 'vitest';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { fixtureCatalog } from '../../../../test/fixtures/segmentCatalog';
import { applyChoices, defaultHelp, editorRows, initialChoices } from './templateDraft';

const catalog = fixtureCatalog();
const source: DynamicDefinition = {
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g',
        combinator: 'and',
        children: [
          { kind: 'rule', id: 'city', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
          {
            kind: 'related',
            id: 'acct',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'ind', field: 'industrycode', operator: 'eq', parameter: { help: 'Which industry?' } }],
          },
        ],
      },
    },
    {
      kind: 'interaction',
      id: 'b2',
      combine: 'except',
      interactionType: 'EmailOpened',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    },
  ],
};

describe('template editor model', () => {
  it('offers every rule and the time window as a row; existing parameters start ticked', () => {
    const rows = editorRows(source, catalog);
    expect(rows.filter((r) => r.nodeId).map((r) => r.nodeId)).toEqual(['city', 'ind', 'b2']);
    expect([...initialChoices(rows)]).toEqual([['ind', 'Which industry?']]);
    expect(defaultHelp(rows.find((r) => r.nodeId === 'city') ?? { depth: 0, text: '' })).toBe(
      "Enter the value for: address1_city equals 'Seattle'",
    );
  });

  it('ticking makes a parameter (value dropped), unticking makes a clause again', () => {
    const rows = editorRows(source, catalog);
    const out = applyChoices(
      source,
      rows,
      new Map([
        ['city', 'Which city?'],
        ['b2', 'Days?'],
      ]),
    );
    const profile = out.blocks[0];
    if (profile?.kind !== 'profile') throw new Error('profile expected');
    expect(profile.root.children[0]).toEqual({
      kind: 'rule',
      id: 'city',
      field: 'address1_city',
      operator: 'eq',
      parameter: { help: 'Which city?' },
    });
    const related = profile.root.children[1];
    expect(related?.kind === 'related' && related.children[0]).toEqual({ kind: 'rule', id: 'ind', field: 'industrycode', operator: 'eq' });
    expect(out.blocks[1]).toMatchObject({ id: 'b2', parameter: { help: 'Days?' } });
    expect(() => applyChoices(source, rows, new Map([['city', ' ']]))).toThrow('Enter the help text');
  });
});
