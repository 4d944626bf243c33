import { describe, expect, it } from 'vitest';
import { dataset, DAY, interaction, records } from '../../test/integration/goldenHelpers.js';
import type { ConditionNode, DynamicDefinition, GroupNode, InteractionBlock, RuleOperator, RuleValue } from './ast.js';
import { evaluateDefinition, explainContact } from './evaluate.js';

const NOW = Date.parse('2026-03-15T12:00:00Z');
const ctx = { now: NOW, timeZone: 'UTC' };
let n = 0;
const rule = (field: string, operator: RuleOperator, values?: RuleValue[]): ConditionNode => ({
  kind: 'rule',
  id: `r${++n}`,
  field,
  operator,
  ...(values ? { values } : {}),
});
const group = (combinator: 'and' | 'or', children: ConditionNode[], not = false): GroupNode => ({
  kind: 'group',
  id: `g${++n}`,
  combinator,
  children,
  ...(not ? { not } : {}),
});
const profile = (root: GroupNode): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [{ kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root }],
});
const members = (def: DynamicDefinition, data: ReturnType<typeof dataset>): number[] =>
  [...evaluateDefinition(def, data, ctx).members].sort((a, b) => a - b);

const people = dataset({
  entities: {
    contact: records('contact', [
      { address1_city: 'Paris', jobtitle: 'Ärzte', favoritepets: '["Cats","Dogs"]', numberofchildren: 2 },
      { address1_city: 'PARIS', jobtitle: 'ärzte', favoritepets: '["Dogs"]', numberofchildren: 0 },
      { address1_city: null, jobtitle: null, favoritepets: null, numberofchildren: null },
      { address1_city: 'London', jobtitle: 'İstanbul office', favoritepets: '[]', numberofchildren: 5 },
    ]),
  },
});

describe('text rules', () => {
  it('compare case-insensitively after trimming the rule value', () => {
    expect(members(profile(group('and', [rule('address1_city', 'eq', [' paris '])])), people)).toEqual([1, 2]);
    expect(members(profile(group('and', [rule('jobtitle', 'eq', ['ÄRZTE'])])), people)).toEqual([1, 2]);
  });
  it('are false on an empty field, including "not equals"', () => {
    expect(members(profile(group('and', [rule('address1_city', 'ne', ['Paris'])])), people)).toEqual([4]);
    expect(members(profile(group('and', [rule('address1_city', 'notContains', ['x'])])), people)).toEqual([1, 2, 4]);
    expect(members(profile(group('and', [rule('address1_city', 'notContainsData')])), people)).toEqual([3]);
  });
  it('OR several values, and for negative operators require none of them', () => {
    expect(members(profile(group('and', [rule('address1_city', 'eq', ['Paris', 'London'])])), people)).toEqual([1, 2, 4]);
    expect(members(profile(group('and', [rule('address1_city', 'ne', ['Paris', 'London'])])), people)).toEqual([]);
  });
  it('match no wildcards inside values', () => {
    expect(members(profile(group('and', [rule('address1_city', 'contains', ['%'])])), people)).toEqual([]);
  });
});

describe('three-valued logic', () => {
  it('keeps NOT(group) on an empty field excluded', () => {
    expect(members(profile(group('and', [group('and', [rule('address1_city', 'eq', ['Paris'])], true)])), people)).toEqual([4]);
  });
  it('an OR with one true child is true even when another is unknown', () => {
    expect(members(profile(group('or', [rule('address1_city', 'eq', ['Paris']), rule('numberofchildren', 'ge', [5])])), people)).toEqual([
      1, 2, 4,
    ]);
  });
  it('an empty group matches everyone and NOT(empty) no one', () => {
    expect(members(profile(group('and', [])), people)).toEqual([1, 2, 3, 4]);
    expect(members(profile(group('or', [], true)), people)).toEqual([]);
  });
});

describe('numbers and multi-select', () => {
  it('between is inclusive', () => {
    expect(members(profile(group('and', [rule('numberofchildren', 'between', [0, 2])])), people)).toEqual([1, 2]);
  });
  it('contains all / any / none of; none of is false on an empty field and on []', () => {
    expect(members(profile(group('and', [rule('favoritepets', 'containsAllOf', ['dogs', 'CATS'])])), people)).toEqual([1]);
    expect(members(profile(group('and', [rule('favoritepets', 'containsAnyOf', ['Cats', 'Birds'])])), people)).toEqual([1]);
    expect(members(profile(group('and', [rule('favoritepets', 'containsNoneOf', ['Cats'])])), people)).toEqual([2]);
    expect(members(profile(group('and', [rule('favoritepets', 'containsData')])), people)).toEqual([1, 2]);
  });
});

describe('related groups', () => {
  const data = dataset({
    entities: {
      account: records('account', [
        { name: 'Contoso', primarycontactid: 2 },
        { name: 'Fabrikam', primarycontactid: null },
      ]),
      contact: records('contact', [{ parentcustomerid: 1 }, { parentcustomerid: 2 }, { parentcustomerid: null }]),
    },
  });
  const toAccount = (children: ConditionNode[], not = false): ConditionNode => ({
    kind: 'related',
    id: `x${++n}`,
    relationship: 'contact_account_parentcustomerid',
    direction: 'toReferenced',
    entity: 'account',
    combinator: 'and',
    children,
    ...(not ? { not } : {}),
  });
  it('follow the lookup (N:1) and the reverse direction (1:N)', () => {
    expect(members(profile(group('and', [toAccount([rule('name', 'eq', ['contoso'])])])), data)).toEqual([1]);
    const primaryOf: ConditionNode = {
      kind: 'related',
      id: 'p',
      relationship: 'account_contact_primarycontactid',
      direction: 'toReferencing',
      entity: 'account',
      combinator: 'and',
      children: [],
    };
    expect(members(profile(group('and', [primaryOf])), data)).toEqual([2]);
  });
  it('an empty related group means "has at least one related record"; NOT includes contacts without one', () => {
    expect(members(profile(group('and', [toAccount([])])), data)).toEqual([1, 2]);
    expect(members(profile(group('and', [toAccount([rule('name', 'eq', ['Contoso'])], true)])), data)).toEqual([2, 3]);
  });
});

describe('interaction blocks', () => {
  const data = dataset({
    entities: { contact: records('contact', [{}, {}, {}]) },
    interactions: [
      interaction('EmailClicked', 1, NOW - DAY, { linkId: 5 }),
      interaction('emailclicked', 1, NOW - 2 * DAY, { linkId: null }),
      interaction('EmailClicked', 2, NOW - 3 * DAY, { linkId: 1 }),
      interaction('EmailClicked', 2, NOW + DAY, { linkId: 100 }), // after `now`: does not exist yet
      interaction('EmailOpened', 3, NOW - DAY),
    ],
  });
  const block = (extra: Partial<InteractionBlock>): DynamicDefinition => ({
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'i',
        combine: 'union',
        interactionType: 'EMAILCLICKED',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'lifetime' },
        ...extra,
      },
    ],
  });
  it('count interactions of the type (any case) up to now, lifetime included', () => {
    expect(members(block({ count: { op: 'exactly', value: 1 } }), data)).toEqual([2]);
    expect(members(block({ count: { op: 'atLeast', value: 2 } }), data)).toEqual([1]);
  });
  it('"fewer than" never matches contacts with zero interactions', () => {
    expect(members(block({ count: { op: 'fewerThan', value: 2 } }), data)).toEqual([2]);
  });
  it('aggregate over non-null values; no values means no match', () => {
    expect(members(block({ aggregate: { fn: 'sum', field: 'linkId', op: 'ge', value: 5 } }), data)).toEqual([1]);
    expect(members(block({ aggregate: { fn: 'max', field: 'linkId', op: 'lt', value: 50 } }), data)).toEqual([1, 2]);
    expect(
      members(
        block({ filter: group('and', [rule('linkId', 'containsData')]), aggregate: { fn: 'avg', field: 'linkId', op: 'eq', value: 5 } }),
        data,
      ),
    ).toEqual([1]);
  });
  it('windows count back from now', () => {
    expect(members(block({ window: { kind: 'last', amount: 2, unit: 'days' } }), data)).toEqual([1]);
  });
});

describe('blocks and explanations', () => {
  const data = dataset({
    entities: { contact: records('contact', [{ address1_city: 'Paris' }, {}, {}]) },
    segmentMembers: { s: [2, 3, 99] },
  });
  const def: DynamicDefinition = {
    kind: 'dynamic',
    version: 1,
    blocks: [
      { kind: 'segment', id: 'a', combine: 'union', segmentId: 's' },
      { kind: 'profile', id: 'b', combine: 'union', entity: 'contact', root: group('and', [rule('address1_city', 'eq', ['paris'])]) },
      { kind: 'segment', id: 'c', combine: 'except', segmentId: 'missing' },
    ],
  };
  it('combine strictly left to right and report the size after each block; unknown member ids are ignored', () => {
    const r = evaluateDefinition(def, data, ctx);
    expect([...r.members].sort()).toEqual([1, 2, 3]);
    expect(r.blockCounts).toEqual([2, 3, 3]);
  });
  it('explain each block, group and rule for a contact', () => {
    const e = explainContact(def, data, ctx, 1);
    expect(e.member).toBe(true);
    expect(e.blocks.map((b) => [b.id, b.included, b.memberAfter])).toEqual([
      ['a', false, false],
      ['b', true, true],
      ['c', false, true],
    ]);
    const b = e.blocks[1];
    expect(b?.kind === 'profile' && b.root).toMatchObject({
      kind: 'group',
      result: 'true',
      children: [{ kind: 'rule', field: 'address1_city', actual: 'Paris', result: 'true' }],
    });
  });
  it('explains a non-existent contact as not a member', () => {
    expect(explainContact(def, data, ctx, 42).member).toBe(false);
  });
});

describe('explanations of date rules', () => {
  it('show the concrete boundaries the rule compared with', () => {
    const data = dataset({ entities: { contact: records('contact', [{ createdon: NOW - DAY }]) } });
    const def = profile(group('and', [{ kind: 'rule', id: 'd', field: 'createdon', operator: 'inTheLast', amount: 2, unit: 'days' }]));
    const b = explainContact(def, data, ctx, 1).blocks[0];
    const rule = b?.kind === 'profile' && b.root.kind === 'group' ? b.root.children[0] : undefined;
    expect(rule).toMatchObject({
      kind: 'rule',
      result: 'true',
      expected: 'inTheLast 2 days = [2026-03-13T00:00:00.000Z, 2026-03-15T12:00:00.000Z]',
    });
  });
});
