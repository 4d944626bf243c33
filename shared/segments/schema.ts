/**
 * Structural schema of a segment definition (shapes and types only). Semantic checks against the
 * catalog (fields, operators per type, references) live in validate.ts and report per node id.
 */
import { z } from 'zod';
import {
  AGGREGATE_FUNCTIONS,
  COMPARISON_OPERATORS,
  COUNT_OPERATORS,
  DATE_UNITS,
  DEFINITION_VERSION,
  RULE_OPERATORS,
  SET_OPERATORS,
  type ConditionNode,
  type GroupNode,
  type SegmentDefinition,
} from './ast.js';

const MAX_TEXT = 4000;
const nodeId = z.string().min(1).max(64);
const ruleValue = z.union([z.string().max(MAX_TEXT), z.number().finite(), z.boolean()]);

const ruleSchema = z.strictObject({
  kind: z.literal('rule'),
  id: nodeId,
  field: z.string().min(1).max(200),
  operator: z.enum(RULE_OPERATORS),
  values: z.array(ruleValue).max(1000).optional(),
  amount: z.number().int().min(0).max(100000).optional(),
  unit: z.enum(DATE_UNITS).optional(),
});

// Recursive schemas need explicit types; the getters keep zod 4's inference lazy.
export const groupSchema: z.ZodType<GroupNode> = z.lazy(() =>
  z.strictObject({
    kind: z.literal('group'),
    id: nodeId,
    combinator: z.enum(['and', 'or']),
    not: z.boolean().optional(),
    children: z.array(conditionSchema).max(2000),
  }),
) as z.ZodType<GroupNode>;

const relatedSchema = z.lazy(() =>
  z.strictObject({
    kind: z.literal('related'),
    id: nodeId,
    relationship: z.string().min(1).max(300),
    direction: z.enum(['toReferenced', 'toReferencing']),
    entity: z.string().min(1).max(200),
    combinator: z.enum(['and', 'or']),
    not: z.boolean().optional(),
    children: z.array(conditionSchema).max(2000),
  }),
);

export const conditionSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([ruleSchema, groupSchema, relatedSchema]),
) as z.ZodType<ConditionNode>;

const combine = z.enum(SET_OPERATORS);

const profileBlock = z.strictObject({
  kind: z.literal('profile'),
  id: nodeId,
  combine,
  entity: z.literal('contact'),
  root: groupSchema,
});

const interactionBlock = z.strictObject({
  kind: z.literal('interaction'),
  id: nodeId,
  combine,
  interactionType: z.string().min(1).max(200),
  filter: groupSchema.optional(),
  count: z.strictObject({ op: z.enum(COUNT_OPERATORS), value: z.number().int().min(0).max(1_000_000_000) }),
  aggregate: z
    .strictObject({
      fn: z.enum(AGGREGATE_FUNCTIONS),
      field: z.string().min(1).max(200),
      op: z.enum(COMPARISON_OPERATORS),
      value: z.number().finite(),
    })
    .optional(),
  window: z.union([
    z.strictObject({ kind: z.literal('lifetime') }),
    z.strictObject({ kind: z.literal('last'), amount: z.number().int().min(1).max(100000), unit: z.enum(DATE_UNITS) }),
  ]),
});

const segmentRefBlock = z.strictObject({
  kind: z.literal('segment'),
  id: nodeId,
  combine,
  segmentId: z.string().min(1).max(64),
});

export const blockSchema = z.discriminatedUnion('kind', [profileBlock, interactionBlock, segmentRefBlock]);

export const definitionSchema: z.ZodType<SegmentDefinition> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dynamic'), version: z.literal(DEFINITION_VERSION), blocks: z.array(blockSchema).min(1).max(200) }),
  z.strictObject({ kind: z.literal('static'), version: z.literal(DEFINITION_VERSION) }),
  z.strictObject({ kind: z.literal('compound'), version: z.literal(DEFINITION_VERSION), blocks: z.array(segmentRefBlock).max(200) }),
]) as z.ZodType<SegmentDefinition>;
