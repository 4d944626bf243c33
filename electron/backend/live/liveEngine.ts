/**
 * The narrow port through which live segments use the segment engine: validation, SQL compilation
 * and explain. `realEngine.ts` implements it with the shared validator / reference evaluator and the
 * SQL compiler; keeping the port small lets lifecycle code be read without the engine's internals.
 */
import type { ApiIssue } from '../../../shared/api/result.js';
import type { SegmentDefinition } from '../../../shared/segments/ast.js';
import type { ContactExplanation } from '../../../shared/segments/evaluate.js';
import type { RelationshipInfo } from './definitionReads.js';

/** SQL selecting the matching contacts in a column named `rid`, with its bound parameters. */
export interface MemberQuery {
  sql: string;
  params: unknown[];
}

/** A whole evaluation handed to the evaluator worker: members of `definition` as of `now`. */
export interface WorkerMembersJob {
  definition: SegmentDefinition;
  timeZone: string;
  now: number;
}

export interface LiveEngine {
  /** Problems of a definition (keyed by node id); empty when it can go live. `selfId` guards cycles. */
  validate(definition: SegmentDefinition, selfId: string | null): ApiIssue[];
  /** The member query of a dynamic or compound definition at `now` in `timeZone`. */
  compile(definition: SegmentDefinition, timeZone: string, now: number): MemberQuery;
  /**
   * The same query shaped for re-checking ONE contact: `sql` selects `rid` and takes that contact's rid
   * as its last parameter (after `params`); plans use the per-contact indexes.
   */
  compileForContact(definition: SegmentDefinition, timeZone: string, now: number): MemberQuery;
  /** A relationship of the catalog by case-insensitive name (which lookup field a related group reads). */
  relationship(name: string): RelationshipInfo | undefined;
  /** Rule-by-rule trace for one contact, from the reference evaluator over that contact's data. */
  explain(definition: SegmentDefinition, timeZone: string, now: number, contactRid: number): ContactExplanation;
}
