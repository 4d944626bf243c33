import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Catalog } from '../models/catalog.js';
import { arbDefinition, fixtureCatalog } from '../../test/fixtures/segmentArbitraries.js';
import type { Block, ConditionNode, DynamicDefinition, RuleNode, RuleOperator } from './ast.js';
import { RULE_OPERATORS } from './ast.js';
import { lookupKeys, naturalText, naturalView, type NaturalViewOptions } from './naturalView.js';

const catalog: Catalog = {
  entities: [
    {
      name: 'contact',
      label: 'Contact',
      keyField: 'contactid',
      displayField: 'fullname',
      recordCount: 0,
      fields: [
        { name: 'address1_city', label: 'City', type: 'text' },
        { name: 'ltv', label: 'Lifetime value', type: 'decimal' },
        { name: 'children', label: 'Children', type: 'integer' },
        { name: 'birthdate', label: 'Birthday', type: 'date' },
        { name: 'createdon', label: 'Created on', type: 'datetime' },
        { name: 'donotemail', label: 'Do not e-mail', type: 'boolean' },
        {
          name: 'gender',
          label: 'Gender',
          type: 'choice',
          options: [
            { value: 'F', label: 'Female' },
            { value: 'M', label: 'Male' },
          ],
        },
        {
          name: 'pets',
          label: 'Pets',
          type: 'multichoice',
          options: [
            { value: 'dog', label: 'Dogs' },
            { value: 'cat', label: 'Cats' },
          ],
        },
        { name: 'parentcustomerid', label: 'Company', type: 'lookup', lookupEntity: 'account' },
      ],
    },
    {
      name: 'account',
      label: 'Account',
      keyField: 'accountid',
      displayField: 'name',
      recordCount: 0,
      fields: [{ name: 'industry', label: 'Industry', type: 'choice', options: [{ value: 'retail', label: 'Retail' }] }],
    },
    {
      name: 'opportunity',
      label: 'Opportunity',
      keyField: 'opportunityid',
      displayField: 'name',
      recordCount: 0,
      fields: [{ name: 'amount', label: 'Amount', type: 'decimal' }],
    },
  ],
  relationships: [
    {
      name: 'contact_account',
      referencingEntity: 'contact',
      referencedEntity: 'account',
      lookupField: 'parentcustomerid',
      label: 'Company',
    },
    { name: 'opp_contact', referencingEntity: 'opportunity', referencedEntity: 'contact', lookupField: 'contactid', label: 'Contact' },
  ],
  interactionTypes: [
    {
      name: 'EmailOpened',
      label: 'Email opened',
      count: 0,
      fields: [
        { name: 'device', label: 'Device', type: 'choice', options: [{ value: 'm', label: 'Mobile' }] },
        { name: 'seconds', label: 'Seconds read', type: 'integer' },
      ],
    },
  ],
};

const opts: NaturalViewOptions = { catalog, locale: 'en-US', timeZone: 'UTC', segmentName: (id) => (id === 's1' ? 'VIP' : id) };

let ids = 0;
const rule = (field: string, operator: RuleOperator, extra: Partial<RuleNode> = {}): RuleNode => ({
  kind: 'rule',
  id: `r${++ids}`,
  field,
  operator,
  ...extra,
});
const profile = (children: ConditionNode[], combinator: 'and' | 'or' = 'and', combine: Block['combine'] = 'union'): Block => ({
  kind: 'profile',
  id: `b${++ids}`,
  combine,
  entity: 'contact',
  root: { kind: 'group', id: `g${++ids}`, combinator, children },
});
const dyn = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
/** The words of one rule on its own in a one-block definition. */
const said = (r: RuleNode): string => naturalText(dyn(profile([r])), opts);

describe('naturalView', () => {
  it('reads the issue example as one sentence per block, with labels, locale numbers and the set operator', () => {
    const def = dyn(
      profile([
        rule('address1_city', 'eq', { values: ['Seattle'] }),
        rule('ltv', 'gt', { values: [1000] }),
        {
          kind: 'related',
          id: 'rel',
          relationship: 'contact_account',
          direction: 'toReferenced',
          entity: 'account',
          combinator: 'and',
          children: [rule('industry', 'eq', { values: ['retail'] })],
        },
      ]),
      {
        kind: 'interaction',
        id: 'bi',
        combine: 'except',
        interactionType: 'EmailOpened',
        count: { op: 'atLeast', value: 2 },
        window: { kind: 'last', amount: 30, unit: 'days' },
      },
    );
    expect(naturalView(def, opts).map((s) => s.text)).toEqual([
      'Contacts whose City is “Seattle”, whose Lifetime value is over 1,000 and whose Company is an Account whose Industry is Retail.',
      'Except contacts with at least 2 Email opened interactions in the last 30 days.',
    ]);
  });

  const phrased: [RuleNode, string][] = [
    [rule('address1_city', 'eq', { values: ['Seattle', 'Redmond'] }), 'whose City is “Seattle” or “Redmond”'],
    [rule('address1_city', 'ne', { values: ['Seattle'] }), 'whose City is not “Seattle”'],
    [rule('address1_city', 'ne', { values: ['A', 'B'] }), 'whose City is none of “A” or “B”'],
    [rule('address1_city', 'contains', { values: ['son'] }), 'whose City contains “son”'],
    [rule('address1_city', 'notContains', { values: ['x'] }), 'whose City does not contain “x”'],
    [rule('address1_city', 'beginsWith', { values: ['Se'] }), 'whose City begins with “Se”'],
    [rule('address1_city', 'notBeginsWith', { values: ['Se', 'Re'] }), 'whose City begins with none of “Se” or “Re”'],
    [rule('address1_city', 'endsWith', { values: ['le'] }), 'whose City ends with “le”'],
    [rule('address1_city', 'notEndsWith', { values: ['le'] }), 'whose City does not end with “le”'],
    [rule('ltv', 'lt', { values: [1234.5] }), 'whose Lifetime value is under 1,234.5'],
    [rule('ltv', 'le', { values: [10] }), 'whose Lifetime value is at most 10'],
    [rule('children', 'ge', { values: [2] }), 'whose Children is at least 2'],
    [rule('children', 'between', { values: [1, 3] }), 'whose Children is between 1 and 3'],
    [rule('birthdate', 'eq', { values: ['1990-07-15'] }), 'whose Birthday is on Jul 15, 1990'],
    [rule('birthdate', 'lt', { values: ['2000-01-01'] }), 'whose Birthday is before Jan 1, 2000'],
    [rule('birthdate', 'ge', { values: ['2000-01-01'] }), 'whose Birthday is on or after Jan 1, 2000'],
    [rule('createdon', 'gt', { values: ['2026-03-01T10:00:00'] }), 'whose Created on is after Mar 1, 2026, 10:00 AM UTC'],
    [rule('createdon', 'inTheLast', { amount: 30, unit: 'days' }), 'whose Created on is in the last 30 days'],
    [rule('createdon', 'inTheNext', { amount: 1, unit: 'months' }), 'whose Created on is in the next 1 month'],
    [rule('birthdate', 'ago', { amount: 2, unit: 'years' }), 'whose Birthday is 2 years ago'],
    [rule('donotemail', 'eq', { values: [true] }), 'whose Do not e-mail is Yes'],
    [rule('gender', 'eq', { values: ['F'] }), 'whose Gender is Female'],
    [rule('pets', 'containsAllOf', { values: ['dog', 'cat'] }), 'whose Pets includes all of Dogs and Cats'],
    [rule('pets', 'containsAnyOf', { values: ['dog', 'cat'] }), 'whose Pets includes any of Dogs or Cats'],
    [rule('pets', 'containsNoneOf', { values: ['dog'] }), 'whose Pets does not include Dogs'],
    [rule('parentcustomerid', 'eq', { values: ['A-1'] }), 'whose Company is A-1'],
    [rule('address1_city', 'containsData'), 'whose City has a value'],
    [rule('address1_city', 'notContainsData'), 'whose City is empty'],
    [rule('birthdate', 'anniversaryInTheNext', { amount: 7, unit: 'days' }), 'whose Birthday has its anniversary in the next 7 days'],
    [rule('birthdate', 'anniversaryInMonth', { amount: 1, unit: 'months' }), 'whose Birthday has its anniversary next month'],
  ];
  it.each(phrased)('phrases %j', (r, words) => {
    expect(said(r)).toBe(`Contacts ${words}.`);
  });

  it('has an expected phrase for every operator of ast.ts', () => {
    expect(new Set(phrased.map(([r]) => r.operator))).toEqual(new Set(RULE_OPERATORS));
  });

  it('reads formulas and field-to-field comparisons with labels', () => {
    const ratio = rule('children', 'gt', {
      left: { kind: 'arith', op: '/', left: { kind: 'field', field: 'children' }, right: { kind: 'number', value: 2 } },
      values: [1],
    });
    expect(said(ratio)).toBe('Contacts whose Children / 2 is over 1.');
    const fields = rule('createdon', 'gt', { right: { kind: 'field', field: 'birthdate' } });
    expect(said(fields)).toBe('Contacts whose Created on is after Birthday.');
  });

  it('names lookup records and formats numbers in the reader locale', () => {
    const lookupName = (entity: string, key: string) => (entity === 'account' && key === 'A-1' ? 'Contoso' : undefined);
    expect(naturalText(dyn(profile([rule('parentcustomerid', 'eq', { values: ['A-1'] })])), { ...opts, lookupName })).toBe(
      'Contacts whose Company is Contoso.',
    );
    expect(naturalText(dyn(profile([rule('ltv', 'gt', { values: [1234.5] })])), { ...opts, locale: 'de-DE' })).toBe(
      'Contacts whose Lifetime value is over 1.234,5.',
    );
  });

  it('lists the lookup keys a definition names, by the entity they point at', () => {
    const def = dyn(
      profile([
        rule('parentcustomerid', 'eq', { values: ['A-1', 'A-2'] }),
        { kind: 'group', id: 'gx', combinator: 'or', children: [rule('parentcustomerid', 'ne', { values: ['A-2', 'A-3'] })] },
        rule('address1_city', 'eq', { values: ['Seattle'] }),
      ]),
    );
    expect(lookupKeys(def, catalog)).toEqual(new Map([['account', ['A-1', 'A-2', 'A-3']]]));
    expect(lookupKeys({ kind: 'static', version: 1 }, catalog).size).toBe(0);
  });

  it('reads nested groups with either … or and parentheses, NOT groups with not / neither … nor', () => {
    const city = rule('address1_city', 'eq', { values: ['Seattle'] });
    const kids = rule('children', 'gt', { values: [2] });
    const either: ConditionNode = { kind: 'group', id: 'g-or', combinator: 'or', children: [city, kids] };
    expect(naturalText(dyn(profile([rule('ltv', 'gt', { values: [5] }), either])), opts)).toBe(
      'Contacts whose Lifetime value is over 5 and (either whose City is “Seattle” or whose Children is over 2).',
    );
    expect(naturalText(dyn(profile([city, kids], 'or')), opts)).toBe(
      'Contacts either whose City is “Seattle” or whose Children is over 2.',
    );
    const neither: ConditionNode = { ...either, id: 'g-not', not: true };
    expect(naturalText(dyn(profile([neither])), opts)).toBe('Contacts neither whose City is “Seattle” nor whose Children is over 2.');
    const notBoth: ConditionNode = { kind: 'group', id: 'g-nand', combinator: 'and', not: true, children: [city, kids] };
    expect(naturalText(dyn(profile([notBoth])), opts)).toBe('Contacts not all of (whose City is “Seattle” and whose Children is over 2).');
    expect(naturalText(dyn(profile([either])), opts)).toBe('Contacts either whose City is “Seattle” or whose Children is over 2.');
    const notOne: ConditionNode = { kind: 'group', id: 'g-n1', combinator: 'and', not: true, children: [city] };
    expect(naturalText(dyn(profile([notOne])), opts)).toBe('Contacts not whose City is “Seattle”.');
  });

  it('phrases related entities in both directions, negated and empty', () => {
    const opp = (children: ConditionNode[], not?: boolean): ConditionNode => ({
      kind: 'related',
      id: 'ro',
      relationship: 'opp_contact',
      direction: 'toReferencing',
      entity: 'opportunity',
      combinator: 'and',
      children,
      ...(not ? { not } : {}),
    });
    expect(naturalText(dyn(profile([opp([rule('amount', 'ge', { values: [500] })])])), opts)).toBe(
      'Contacts with at least one Opportunity (via Contact) whose Amount is at least 500.',
    );
    expect(naturalText(dyn(profile([opp([], true)])), opts)).toBe('Contacts with no Opportunity (via Contact).');
    const company = (not: boolean): ConditionNode => ({
      kind: 'related',
      id: 'rc',
      relationship: 'contact_account',
      direction: 'toReferenced',
      entity: 'account',
      combinator: 'and',
      not,
      children: [],
    });
    expect(naturalText(dyn(profile([company(false)])), opts)).toBe('Contacts whose Company is set.');
    expect(naturalText(dyn(profile([company(true)])), opts)).toBe('Contacts whose Company is empty.');
  });

  it('reads interaction blocks (filter, window, aggregate), segment blocks and every set operator', () => {
    const def = dyn(
      { kind: 'segment', id: 'bs', combine: 'union', segmentId: 's1' },
      {
        kind: 'interaction',
        id: 'bi',
        combine: 'intersect',
        interactionType: 'EmailOpened',
        filter: { kind: 'group', id: 'f', combinator: 'and', children: [rule('device', 'eq', { values: ['m'] })] },
        count: { op: 'exactly', value: 1 },
        aggregate: { fn: 'sum', field: 'seconds', op: 'gt', value: 90 },
        window: { kind: 'lifetime' },
      },
      profile([], 'and', 'union'),
      { kind: 'segment', id: 'bx', combine: 'except', segmentId: 'gone' },
    );
    expect(naturalView(def, opts).map((s) => s.text)).toEqual([
      'Members of the segment “VIP”.',
      'Of these, only contacts with exactly 1 Email opened interaction whose Device is Mobile ever with a total Seconds read over 90.',
      'Plus all contacts.',
      'Except members of the segment “gone”.',
    ]);
  });

  it('describes static, compound and empty definitions', () => {
    expect(naturalText({ kind: 'static', version: 1 }, opts)).toMatch(/static list/);
    expect(naturalText({ kind: 'dynamic', version: 1, blocks: [] }, opts)).toMatch(/no blocks/);
    expect(naturalText(dyn(profile([])), opts)).toBe('All contacts.');
    const compound = { kind: 'compound', version: 1, blocks: [{ kind: 'segment', id: 'a', combine: 'union', segmentId: 's1' }] } as const;
    expect(naturalText({ ...compound, blocks: [...compound.blocks] }, opts)).toBe('Members of the segment “VIP”.');
  });

  it('falls back to readable words for forms added later, names the catalog lacks and malformed nodes', () => {
    const future = { kind: 'rule', id: 'f1', field: 'birthdate', operator: 'anniversaryWithin', amount: 7, unit: 'days' };
    expect(said(future as unknown as RuleNode)).toBe('Contacts whose Birthday anniversary within 7 days.');
    const vsField = { kind: 'rule', id: 'f2', field: 'createdon', operator: 'gtField', otherField: 'birthdate' };
    expect(said(vsField as unknown as RuleNode)).toBe('Contacts whose Created on gt field other field birthdate.');
    expect(said(rule('nosuchfield', 'eq', { values: ['x'] }))).toBe('Contacts whose nosuchfield is x.');
    const hours = rule('createdon', 'inTheLast', { amount: 6, unit: 'hours' as 'days' });
    expect(said(hours)).toBe('Contacts whose Created on is in the last 6 hours.');
    const odd = { kind: 'arithmetic', id: 'x' } as unknown as ConditionNode;
    expect(said(odd as RuleNode)).toBe('Contacts (a “arithmetic” condition this view cannot describe).');
    const broken = { kind: 'group', id: 'g', combinator: 'and', children: null } as unknown as ConditionNode;
    expect(() => said(broken as RuleNode)).not.toThrow();
    const weirdBlock = { kind: 'split', id: 'b', combine: 'union' } as unknown as Block;
    expect(naturalText(dyn(weirdBlock), opts)).toMatch(/this view cannot describe/);
  });

  it('never throws and always gives one non-empty sentence per block on random definitions', () => {
    const fixture = fixtureCatalog();
    fc.assert(
      fc.property(arbDefinition(fixture), (def) => {
        const sentences = naturalView(def, { catalog: fixture, locale: 'en-US', timeZone: 'Europe/Berlin' });
        expect(sentences).toHaveLength(Math.max(1, def.blocks.length));
        for (const s of sentences) expect(s.text).toMatch(/^[A-Z].*\.$/);
      }),
      { numRuns: 200 },
    );
  });
});
