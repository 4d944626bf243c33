import { describe, expect, it } from 'vitest';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import { referencedSegments } from '../segments/graph.js';
import { definitionReads, impactOf, type RelationshipInfo } from './definitionReads.js';

const rels: Record<string, RelationshipInfo> = {
  contact_account_parentcustomerid: { referencingEntity: 'contact', referencedEntity: 'account', lookupField: 'parentcustomerid' },
  account_contact_primarycontactid: { referencingEntity: 'account', referencedEntity: 'contact', lookupField: 'primarycontactid' },
};
const relationship = (name: string): RelationshipInfo | undefined => rels[name];

const def: SegmentDefinition = {
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
          { kind: 'rule', id: 'r1', field: 'Address1_City', operator: 'eq', values: ['x'] },
          {
            kind: 'related',
            id: 'rel',
            relationship: 'contact_account_parentcustomerid',
            direction: 'toReferenced',
            entity: 'account',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'r2', field: 'industry', operator: 'eq', values: ['Retail'] }],
          },
        ],
      },
    },
    {
      kind: 'interaction',
      id: 'b2',
      combine: 'except',
      interactionType: 'EmailClicked',
      count: { op: 'atLeast', value: 1 },
      window: { kind: 'last', amount: 30, unit: 'days' },
    },
    { kind: 'segment', id: 'b3', combine: 'union', segmentId: 'seg-1' },
  ],
};

describe('definitionReads', () => {
  it('lists the contact fields, related entities, interaction types and segments a definition reads', () => {
    const r = definitionReads(def, relationship);
    expect([...r.contactFields].sort()).toEqual(['address1_city', 'parentcustomerid']);
    expect([...r.relatedEntities]).toEqual(['account']);
    expect([...r.interactionTypes]).toEqual(['emailclicked']);
    expect([...r.segments]).toEqual(['seg-1']);
    expect(r.timeDependent).toBe(true);
    expect(referencedSegments(def)).toEqual(['seg-1']);
  });

  it('marks contact as reached through a relationship when a related group leads back to contacts', () => {
    const back: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g',
            combinator: 'and',
            children: [
              {
                kind: 'related',
                id: 'x',
                relationship: 'contact_account_parentcustomerid',
                direction: 'toReferenced',
                entity: 'account',
                combinator: 'and',
                children: [
                  {
                    kind: 'related',
                    id: 'y',
                    relationship: 'contact_account_parentcustomerid',
                    direction: 'toReferencing',
                    entity: 'contact',
                    combinator: 'and',
                    children: [],
                  },
                ],
              },
            ],
          },
        },
      ],
    };
    const r = definitionReads(back, relationship);
    expect(impactOf(r, { kind: 'profile', entity: 'contact', fields: ['jobtitle'], rids: [1] }, 'contactid')).toEqual({ kind: 'full' });
  });

  it('turns a change into no work, a per-contact re-check or a full re-evaluation', () => {
    const r = definitionReads(def, relationship);
    expect(impactOf(r, { kind: 'profile', entity: 'contact', fields: ['jobtitle'], rids: [1] }, 'contactid')).toEqual({ kind: 'none' });
    expect(impactOf(r, { kind: 'profile', entity: 'Contact', fields: ['ADDRESS1_CITY'], rids: [1, 2] }, 'contactid')).toEqual({
      kind: 'contacts',
      rids: [1, 2],
    });
    expect(impactOf(r, { kind: 'profile', entity: 'contact', fields: ['contactid'], rids: [9] }, 'contactid')).toEqual({
      kind: 'contacts',
      rids: [9],
    });
    expect(impactOf(r, { kind: 'profile', entity: 'contact', fields: ['address1_city'], rids: 'many' }, 'contactid')).toEqual({
      kind: 'full',
    });
    expect(impactOf(r, { kind: 'profile', entity: 'account', fields: ['industry'], rids: [3] }, 'contactid')).toEqual({ kind: 'full' });
    expect(impactOf(r, { kind: 'profile', entity: 'opportunity', fields: ['x'], rids: [3] }, 'contactid')).toEqual({ kind: 'none' });
    expect(impactOf(r, { kind: 'interactions', types: ['emailclicked'], contactRids: [4] }, 'contactid')).toEqual({
      kind: 'contacts',
      rids: [4],
    });
    expect(impactOf(r, { kind: 'interactions', types: ['EmailOpened'], contactRids: [4] }, 'contactid')).toEqual({ kind: 'none' });
  });
});
