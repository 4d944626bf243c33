/**
 * What a segment definition reads: the referenced segments, the contact fields it tests directly,
 * the entities it reaches through relationships, the interaction types it counts, and whether time
 * passing alone can change its members. Live refresh uses this to re-evaluate only the segments a
 * data change can affect, and only for the changed contacts when that is provably enough.
 */
import type { Block, ConditionNode, SegmentDefinition } from '../../../shared/segments/ast.js';
import { referencedSegments } from '../segments/graph.js';

/** Relationship facts needed to know which lookup field a related group reads. */
export interface RelationshipInfo {
  referencingEntity: string;
  referencedEntity: string;
  lookupField: string;
}

export interface DefinitionReads {
  /** Segment ids referenced by segment blocks. */
  segments: Set<string>;
  /** Lower-cased contact fields tested on the contact itself (top level of profile blocks). */
  contactFields: Set<string>;
  /** True when a profile block exists: a new contact may match it even without any field change. */
  hasProfileBlock: boolean;
  /**
   * Lower-cased entities reached through related groups. A change there can change the membership
   * of contacts other than the changed record, so it needs a full re-evaluation. When `contact`
   * itself is reached through a relationship, a contact edit needs a full re-evaluation too.
   */
  relatedEntities: Set<string>;
  /** Lower-cased interaction types counted by interaction blocks. */
  interactionTypes: Set<string>;
  /** True when relative dates or interaction windows make membership change as time passes. */
  timeDependent: boolean;
}

const RELATIVE_OPERATORS: ReadonlySet<string> = new Set(['inTheLast', 'inTheNext', 'ago']);

export function definitionReads(def: SegmentDefinition, relationships: (name: string) => RelationshipInfo | undefined): DefinitionReads {
  const reads: DefinitionReads = {
    segments: new Set(referencedSegments(def)),
    contactFields: new Set(),
    hasProfileBlock: false,
    relatedEntities: new Set(),
    interactionTypes: new Set(),
    timeDependent: false,
  };
  if (def.kind === 'static') return reads;

  // `entity` is the entity the conditions are tested on; `direct` is true while that is the member contact itself.
  const walk = (nodes: ConditionNode[], entity: string, direct: boolean): void => {
    for (const n of nodes) {
      if (n.kind === 'rule') {
        if (RELATIVE_OPERATORS.has(n.operator)) reads.timeDependent = true;
        if (direct) reads.contactFields.add(n.field.toLowerCase());
        else reads.relatedEntities.add(entity);
      } else if (n.kind === 'group') {
        walk(n.children, entity, direct);
      } else {
        const rel = relationships(n.relationship.toLowerCase());
        const other = n.entity.toLowerCase();
        if (rel) {
          const lookupOwner = rel.referencingEntity.toLowerCase();
          // The lookup field is read on whichever side holds it.
          if (lookupOwner === entity && direct) reads.contactFields.add(rel.lookupField.toLowerCase());
          else reads.relatedEntities.add(lookupOwner);
        } else {
          // Unknown relationship (validation refuses it before go-live): be conservative.
          reads.relatedEntities.add(entity);
        }
        reads.relatedEntities.add(other);
        walk(n.children, other, false);
      }
    }
  };

  for (const b of def.blocks as Block[]) {
    if (b.kind === 'profile') {
      reads.hasProfileBlock = true;
      walk(b.root.children, 'contact', true);
    } else if (b.kind === 'interaction') {
      reads.interactionTypes.add(b.interactionType.toLowerCase());
      if (b.window.kind === 'last') reads.timeDependent = true;
      if (b.filter) {
        // Interaction filters may not hold relative dates, but stay safe if one slips through.
        const visit = (nodes: ConditionNode[]): void => {
          for (const n of nodes) {
            if (n.kind === 'rule' && RELATIVE_OPERATORS.has(n.operator)) reads.timeDependent = true;
            if (n.kind !== 'rule') visit(n.children);
          }
        };
        visit(b.filter.children);
      }
    }
  }
  return reads;
}

/** A committed data change, as the data store reports it (see electron/backend/dataChange.ts). */
export type DataChangeLike =
  | { kind: 'profile'; entity: string; fields: string[]; rids: number[] | 'many' }
  | { kind: 'interactions'; types: string[]; contactRids: number[] | 'many' };

/** How a change affects one segment: not at all, for some contacts only, or wholly. */
export type Impact = { kind: 'none' } | { kind: 'contacts'; rids: number[] } | { kind: 'full' };

/**
 * The impact of a data change on a segment with these reads. `contactKeyField` is the contact
 * entity's key field: a change that includes it may have created contacts, which can match a
 * profile block without touching any field the block tests.
 */
export function impactOf(reads: DefinitionReads, change: DataChangeLike, contactKeyField: string): Impact {
  if (change.kind === 'interactions') {
    const hit = change.types.some((t) => reads.interactionTypes.has(t.toLowerCase()));
    if (!hit) return { kind: 'none' };
    return change.contactRids === 'many' ? { kind: 'full' } : { kind: 'contacts', rids: change.contactRids };
  }
  const entity = change.entity.toLowerCase();
  const fields = change.fields.map((f) => f.toLowerCase());
  if (reads.relatedEntities.has(entity)) return { kind: 'full' };
  if (entity !== 'contact') return { kind: 'none' };
  const mayCreate = fields.includes(contactKeyField.toLowerCase()) && reads.hasProfileBlock;
  const hit = mayCreate || fields.some((f) => reads.contactFields.has(f));
  if (!hit) return { kind: 'none' };
  return change.rids === 'many' ? { kind: 'full' } : { kind: 'contacts', rids: change.rids };
}
