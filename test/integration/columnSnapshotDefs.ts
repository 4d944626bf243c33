/**
 * Definitions the columnar tests evaluate (evaluatorColumnar, the snapshot and kill tests): text and
 * number rules, a related (lookup) group, and interaction logs.
 */
import path from 'node:path';
import type { Backend } from '../../electron/backend/index.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
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

/** Imports the fixture CSVs these tests evaluate (accounts, contacts with a lookup, interactions) through the API. */
export async function loadSnapshotFixtures(backend: Backend): Promise<void> {
  const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
  const load = async (opts: ImportOptions): Promise<void> => {
    const r = await backend.dispatch('imports.start', opts);
    if (!r.ok) throw new Error(r.error.message);
    await backend.services.imports.wait((r.value as { id: string }).id);
  };
  await load({ kind: 'entity', entity: 'account', path: fx('accounts.csv'), key: 'accountid', columns: { industry: { type: 'choice' } } });
  await load({
    kind: 'entity',
    entity: 'contact',
    path: fx('contacts.csv'),
    key: 'contactid',
    lookups: { parentcustomerid: 'account' },
    columns: { numberofchildren: { type: 'integer' }, birthdate: { type: 'date' }, favoritepets: { type: 'multichoice' } },
  });
  await load({ kind: 'interactions', path: fx('interactions.csv') });
}
