import { describe, expect, it } from 'vitest';
import type { GroupNode } from '../../../../shared/segments/ast';
import { astGroupToRqb, normalizePayload, readPayload, relatedInfoOf, rqbToAstGroup, unqualifyField, type RqbGroup } from './astRqb';

const t4: GroupNode = {
  kind: 'group',
  id: 'g1',
  combinator: 'and',
  children: [
    { kind: 'rule', id: 'r1', field: 'jobtitle', operator: 'eq', values: ['Purchaser'] },
    {
      kind: 'related',
      id: 'rel1',
      relationship: 'contact_account_parentcustomerid',
      direction: 'toReferenced',
      entity: 'account',
      combinator: 'and',
      children: [
        {
          kind: 'group',
          id: 'g2',
          combinator: 'or',
          children: [{ kind: 'rule', id: 'r2', field: 'industrycode', operator: 'eq', values: ['Financial', 'Accounting'] }],
        },
        { kind: 'rule', id: 'r3', field: 'accountcategorycode', operator: 'eq', values: ['Preferred Customer'] },
        {
          kind: 'related',
          id: 'rel2',
          relationship: 'opportunity_account_parentaccountid',
          direction: 'toReferencing',
          entity: 'opportunity',
          combinator: 'or',
          not: true,
          children: [],
        },
      ],
    },
    {
      kind: 'group',
      id: 'g3',
      combinator: 'or',
      not: false,
      children: [
        { kind: 'rule', id: 'r4', field: 'createdon', operator: 'inTheLast', amount: 30, unit: 'days' },
        { kind: 'rule', id: 'r5', field: 'emailaddress1', operator: 'containsData' },
        { kind: 'rule', id: 'r6', field: 'donotbulkemail', operator: 'eq', values: [false] },
        { kind: 'rule', id: 'r7', field: 'numberofemployees', operator: 'between', values: [10, 250.5] },
      ],
    },
  ],
};

describe('AST ⇄ react-querybuilder converters', () => {
  it('round-trips a tree with nested, negated and related groups exactly', () => {
    expect(rqbToAstGroup(astGroupToRqb(t4, 'contact'))).toEqual(t4);
  });

  it('keeps template parameter rows through the builder, unfilled until a value is entered', () => {
    const tree: GroupNode = {
      kind: 'group',
      id: 'g',
      combinator: 'and',
      children: [
        { kind: 'rule', id: 'p1', field: 'address1_city', operator: 'eq', parameter: { help: 'Which city?' } },
        { kind: 'rule', id: 'p2', field: 'birthdate', operator: 'inTheLast', unit: 'years', parameter: { help: 'How many years?' } },
      ],
    };
    expect(rqbToAstGroup(astGroupToRqb(tree, 'contact'))).toEqual(tree);
    // A builder edit normalises values but gives an unfilled relative-date parameter no default amount.
    expect(rqbToAstGroup(astGroupToRqb(tree, 'contact'), { normalize: true }).children).toEqual([
      { kind: 'rule', id: 'p1', field: 'address1_city', operator: 'eq', values: [], parameter: { help: 'Which city?' } },
      { kind: 'rule', id: 'p2', field: 'birthdate', operator: 'inTheLast', unit: 'years', parameter: { help: 'How many years?' } },
    ]);
  });

  it('round-trips an N:N group (<->) with rows scoped to the far entity', () => {
    const nn: GroupNode = {
      kind: 'group',
      id: 'g1',
      combinator: 'and',
      children: [
        {
          kind: 'related',
          id: 'n1',
          relationship: 'contact_event_via_registration',
          direction: 'manyToMany',
          entity: 'event',
          combinator: 'or',
          not: true,
          children: [{ kind: 'rule', id: 'r1', field: 'name', operator: 'contains', values: ['summit'] }],
        },
      ],
    };
    const rqb = astGroupToRqb(nn, 'contact');
    expect(JSON.stringify(rqb)).toContain('"field":"event.name"');
    expect(rqbToAstGroup(rqb)).toEqual(nn);
  });

  it('round-trips an empty root group', () => {
    const empty: GroupNode = { kind: 'group', id: 'g1', combinator: 'and', children: [] };
    expect(rqbToAstGroup(astGroupToRqb(empty, 'contact'))).toEqual(empty);
  });

  it('scopes rule fields to the entity they read, including inside related groups', () => {
    const rqb = astGroupToRqb(t4, 'contact');
    expect(rqb.rules[0]).toMatchObject({ field: 'contact.jobtitle' });
    const related = rqb.rules[1] as RqbGroup;
    expect(relatedInfoOf(related)).toEqual({
      relationship: 'contact_account_parentcustomerid',
      direction: 'toReferenced',
      entity: 'account',
    });
    expect(related.rules[1]).toMatchObject({ field: 'account.accountcategorycode' });
    expect((related.rules[0] as RqbGroup).rules[0]).toMatchObject({ field: 'account.industrycode' });
  });

  it('keeps field names that contain a dot after the scope', () => {
    expect(unqualifyField('EmailClicked.link.url')).toBe('link.url');
  });

  it('keeps the case of field names as written (names are matched case-insensitively elsewhere)', () => {
    const g: GroupNode = {
      kind: 'group',
      id: 'g',
      combinator: 'and',
      children: [{ kind: 'rule', id: 'r', field: 'Address1_City', operator: 'eq', values: ['X'] }],
    };
    expect(rqbToAstGroup(astGroupToRqb(g, 'contact'))).toEqual(g);
  });

  it('normalises a value to its operator when asked, keeping values that still fit', () => {
    const rqb = astGroupToRqb(t4, 'contact');
    rqb.rules[0] = { id: 'r1', field: 'contact.jobtitle', operator: 'ne', value: { values: ['Purchaser'] } };
    rqb.rules.push({ id: 'r8', field: 'contact.birthdate', operator: 'ago', value: '' });
    rqb.rules.push({ id: 'r9', field: 'contact.telephone1', operator: 'notContainsData', value: { values: ['stale'] } });
    const ast = rqbToAstGroup(rqb, { normalize: true });
    expect(ast.children[0]).toEqual({ kind: 'rule', id: 'r1', field: 'jobtitle', operator: 'ne', values: ['Purchaser'] });
    expect(ast.children[3]).toEqual({ kind: 'rule', id: 'r8', field: 'birthdate', operator: 'ago', amount: 30, unit: 'days' });
    expect(ast.children[4]).toEqual({ kind: 'rule', id: 'r9', field: 'telephone1', operator: 'notContainsData' });
  });

  it('reads only well-typed payload parts from whatever RQB holds as a value', () => {
    expect(readPayload('')).toEqual({});
    expect(readPayload({ values: ['a', 2, true, null, {}], amount: 'x', unit: 'weeks' })).toEqual({ values: ['a', 2, true] });
    expect(normalizePayload('eq', {})).toEqual({ values: [] });
  });

  it('gives ids to nodes RQB created without one', () => {
    let n = 0;
    const ast = rqbToAstGroup(
      { combinator: 'or', rules: [{ field: 'contact.x', operator: 'eq', value: { values: ['1'] } }] },
      { makeId: () => `new${n++}` },
    );
    expect(ast).toEqual({
      kind: 'group',
      id: 'new1',
      combinator: 'or',
      children: [{ kind: 'rule', id: 'new0', field: 'x', operator: 'eq', values: ['1'] }],
    });
  });
});
