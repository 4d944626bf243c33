/**
 * Definitions the columnar tests evaluate (evaluatorColumnar, the snapshot and kill tests): text and
 * number rules, a related (lookup) group, and interaction logs.
 */
import type { DynamicDefinition, SegmentDefinition } from '../../shared/segments/ast.js';

const profile = (root: DynamicDefinition['blocks'][number] & { kind: 'profile' }): DynamicDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [root],
});

export const SNAPSHOT_DEFS: Record<string, SegmentDefinition> = {
  city: profile({
    kind: 'profile',
    id: 'b1',
    combine: 'union',
    entity: 'contact',
    root: {
      kind: 'group',
      id: 'g',
      combinator: 'or',
      children: [
        { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['seattle', 'Dublin'] },
        { kind: 'rule', id: 'r2', field: 'lifetimevalue', operator: 'gt', values: [100] },
      ],
    },
  }),
  notLondon: profile({
    kind: 'profile',
    id: 'b1',
    combine: 'union',
    entity: 'contact',
    root: {
      kind: 'group',
      id: 'g',
      combinator: 'and',
      not: true,
      children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['London'] }],
    },
  }),
  retailAccount: profile({
    kind: 'profile',
    id: 'b1',
    combine: 'union',
    entity: 'contact',
    root: {
      kind: 'group',
      id: 'g',
      combinator: 'and',
      children: [
        {
          kind: 'related',
          id: 'rel',
          relationship: 'contact_account_parentcustomerid',
          direction: 'toReferenced',
          entity: 'account',
          combinator: 'and',
          children: [{ kind: 'rule', id: 'r1', field: 'industry', operator: 'eq', values: ['retail'] }],
        },
      ],
    },
  }),
  sentNotClicked: {
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'b1',
        combine: 'union',
        interactionType: 'EmailSent',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'lifetime' },
      },
      {
        kind: 'interaction',
        id: 'b2',
        combine: 'except',
        interactionType: 'EmailClicked',
        count: { op: 'atLeast', value: 1 },
        window: { kind: 'last', amount: 365, unit: 'days' },
      },
    ],
  },
  openedTwice: {
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'interaction',
        id: 'b1',
        combine: 'union',
        interactionType: 'EmailOpened',
        count: { op: 'atLeast', value: 2 },
        window: { kind: 'lifetime' },
      },
    ],
  },
};
