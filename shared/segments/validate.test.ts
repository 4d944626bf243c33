import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../test/fixtures/segmentCatalog.js';
import type { Catalog } from '../models/catalog.js';
import type { Block, ConditionNode, DynamicDefinition, InteractionBlock } from './ast.js';
import { validateDefinition, type ReferencedSegment } from './validate.js';

const catalog = fixtureCatalog();
const profile = (...children: ConditionNode[]): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    { kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root: { kind: 'group', id: 'g1', combinator: 'and', children } },
  ],
});
const messages = (def: DynamicDefinition, opts = {}): [string, string][] =>
  validateDefinition(def, catalog, opts).map((i) => [i.nodeId, i.message]);

describe('rules', () => {
  it('accepts field names in any case', () => {
    expect(messages(profile({ kind: 'rule', id: 'r', field: 'ADDRESS1_City', operator: 'eq', values: ['x'] }))).toEqual([]);
  });
  it('reports unknown fields, operators that do not fit the type and wrong value types by node id', () => {
    expect(
      messages(
        profile(
          { kind: 'rule', id: 'a', field: 'nope', operator: 'eq', values: ['x'] },
          { kind: 'rule', id: 'b', field: 'numberofchildren', operator: 'contains', values: ['1'] },
          { kind: 'rule', id: 'c', field: 'numberofchildren', operator: 'eq', values: ['1'] },
          { kind: 'rule', id: 'd', field: 'birthdate', operator: 'eq', values: ['yesterday'] },
          { kind: 'rule', id: 'e', field: 'donotbulkemail', operator: 'eq', values: ['yes'] },
        ),
      ),
    ).toEqual([
      ['a', "Unknown field 'nope' on Contact"],
      ['b', "Operator 'contains' is not valid for integer field 'numberofchildren'"],
      ['c', `'numberofchildren' expects a number, got "1"`],
      ['d', `'birthdate' expects a date 'YYYY-MM-DD' or an ISO date-time, got "yesterday"`],
      ['e', `'donotbulkemail' expects True or False, got "yes"`],
    ]);
  });
  it('names fields, entities and relationships by their labels, as every screen does', () => {
    const labelled: Catalog = {
      ...catalog,
      entities: catalog.entities.map((e) => ({
        ...e,
        fields: e.fields.map((f) => (f.name === 'numberofchildren' ? { ...f, label: 'Number of Children' } : f)),
      })),
    };
    const issues = validateDefinition(
      profile(
        { kind: 'rule', id: 'b', field: 'numberofchildren', operator: 'gt', values: [] },
        { kind: 'rule', id: 'c', field: 'NUMBEROFCHILDREN', operator: 'eq', values: ['1'] },
      ),
      labelled,
    ).map((i) => i.message);
    expect(issues).toEqual(["'Number of Children': enter exactly one value", `'Number of Children' expects a number, got "1"`]);
  });
  it('reports empty values, missing values, choice values outside the options and bad arity', () => {
    expect(
      messages(
        profile(
          { kind: 'rule', id: 'a', field: 'fullname', operator: 'eq', values: ['  '] },
          { kind: 'rule', id: 'b', field: 'fullname', operator: 'eq', values: [] },
          { kind: 'rule', id: 'c', field: 'preferredcontactmethodcode', operator: 'eq', values: ['Fax'] },
          { kind: 'rule', id: 'd', field: 'creditlimit', operator: 'between', values: [5] },
          { kind: 'rule', id: 'e', field: 'createdon', operator: 'inTheLast', values: ['x'] },
        ),
      ),
    ).toEqual([
      ['a', "'fullname' has an empty value"],
      ['b', "'fullname': enter at least one value"],
      ['c', "'preferredcontactmethodcode' value 'Fax' is not one of 'Any', 'Email', 'Phone'"],
      ['d', "'creditlimit': 'between' needs two values (low and high), got 1"],
      ['e', "'createdon': 'inTheLast' needs a whole number amount of 0 or more"],
      ['e', "'createdon': 'inTheLast' needs a unit (days, months or years)"],
      ['e', "'createdon': 'inTheLast' takes an amount and a unit, not values"],
    ]);
  });
  it('accepts choice values in any case', () => {
    expect(messages(profile({ kind: 'rule', id: 'a', field: 'favoritepets', operator: 'containsAnyOf', values: ['DOGS'] }))).toEqual([]);
  });
});

describe('related groups', () => {
  it('check the relationship, its direction and the target entity', () => {
    expect(
      messages(
        profile(
          { kind: 'related', id: 'a', relationship: 'nope', direction: 'toReferenced', entity: 'account', combinator: 'and', children: [] },
          {
            kind: 'related',
            id: 'b',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferencing',
            entity: 'account',
            combinator: 'and',
            children: [],
          },
          {
            kind: 'related',
            id: 'c',
            relationship: 'CONTACT_ACCOUNT_PARENTCUSTOMERID',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'c1', field: 'jobtitle', operator: 'containsData' }],
          },
        ),
      ),
    ).toEqual([
      ['a', "Unknown relationship 'nope'"],
      ['b', "Relationship 'parentcustomerid' links Contact and Account; it cannot be followed from Contact in direction toReferencing"],
      ['c1', "Unknown field 'jobtitle' on Account"],
    ]);
  });
});

describe('interaction blocks', () => {
  const block = (extra: Partial<InteractionBlock>): DynamicDefinition => ({
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'i',
        combine: 'union',
        interactionType: 'emailopened',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'lifetime' },
        ...extra,
      },
    ],
  });
  it('refuses unknown types, count 0 (pointing to EXCEPT) and non-numeric aggregates', () => {
    expect(messages(block({ interactionType: 'Teleported' }))).toEqual([['i', "Unknown interaction type 'Teleported'"]]);
    expect(messages(block({ count: { op: 'exactly', value: 0 } }))[0]?.[1]).toMatch(/count of 0 cannot be matched.*EXCEPT/);
    expect(messages(block({ count: { op: 'moreThan', value: 0 } }))).toEqual([]);
    expect(messages(block({ aggregate: { fn: 'sum', field: 'messageId', op: 'gt', value: 1 } }))).toEqual([
      ['i', "SUM needs a numeric field; 'messageId' is text"],
    ]);
  });
  it('refuses text matching, relative dates and related groups in the filter', () => {
    const filter = {
      kind: 'group' as const,
      id: 'f',
      combinator: 'and' as const,
      children: [
        { kind: 'rule' as const, id: 'x', field: 'messageId', operator: 'beginsWith' as const, values: ['a'] },
        {
          kind: 'related' as const,
          id: 'y',
          relationship: 'contact_account_parentcustomerid',
          direction: 'toReferenced' as const,
          entity: 'account',
          combinator: 'and' as const,
          children: [],
        },
        { kind: 'rule' as const, id: 'z', field: 'messageId', operator: 'eq' as const, values: ['m1'] },
      ],
    };
    expect(messages(block({ filter }))).toEqual([
      ['x', "'begins with' cannot be used in an interaction filter (text matching and relative dates are not allowed there)"],
      ['y', 'Related entities cannot be used in an interaction filter'],
    ]);
  });
});

describe('blocks and segment references', () => {
  const segs: Record<string, ReferencedSegment> = {
    live: { status: 'live', type: 'dynamic', references: [] },
    draft: { name: 'Seattle VIPs', status: 'draft', type: 'dynamic', references: [] },
    loop: { name: 'Loop', status: 'live', type: 'compound', references: ['middle'] },
    middle: { name: 'Middle', status: 'live', type: 'compound', references: ['self'] },
  };
  const ref = (id: string, segmentId: string, combine: Block['combine'] = 'union'): Block => ({ kind: 'segment', id, combine, segmentId });
  const def = (...blocks: Block[]): DynamicDefinition => ({ kind: 'dynamic', version: 1, blocks });
  const opts = { segmentLookup: (id: string) => segs[id], selfId: 'self' };
  it('refuses missing and non-live segments, self references and cycles', () => {
    expect(messages(def(ref('a', 'live'), ref('b', 'gone'), ref('c', 'draft'), ref('d', 'self'), ref('e', 'loop')), opts)).toEqual([
      ['b', "Segment 'gone' does not exist"],
      // Segments are named by name, not id, where the lookup knows it (the one being validated may be new).
      ['c', 'Segment "Seattle VIPs" is not live (it is draft); only live segments can be used'],
      ['d', 'A segment cannot reference itself'],
      ['e', 'Reference cycle: self → "Loop" → "Middle" → self'],
    ]);
  });
  it('requires union on the first block and unique node ids', () => {
    expect(messages(def(ref('a', 'live', 'except'), ref('a', 'live')), opts)).toEqual([
      ['a', "Duplicate node id 'a'"],
      ['a', 'The first block starts the result: its operator must be union, not except'],
    ]);
  });
  it('allows only segment blocks in a compound segment', () => {
    const compound = {
      kind: 'compound' as const,
      version: 1 as const,
      blocks: [{ kind: 'segment' as const, id: 'a', combine: 'union' as const, segmentId: 'live' }],
    };
    expect(validateDefinition(compound, catalog, opts)).toEqual([]);
  });
});
