/**
 * Structural schema of a segment definition (shapes and types only). Semantic checks against the
 * catalog (fields, operators per type, references) live in validate.ts and report per node id.
 */
import { MAX_SEED_LENGTH, MAX_SPLIT_GROUPS, MIN_SPLIT_GROUPS } from './split.js';
import { z } from 'zod';
import {
  AGGREGATE_FUNCTIONS,
  COMPARISON_OPERATORS,
  COUNT_OPERATORS,
  DATE_UNITS,
  DEFINITION_VERSION,
  ARITHMETIC_OPERATORS,
  RELATIVE_UNITS,
  RULE_OPERATORS,
  SET_OPERATORS,
  type ConditionNode,
  type GroupNode,
  type SegmentDefinition,
  type ValueExpr,
} from './ast.js';
import { MAX_CONDITION_DEPTH, MAX_VALUE_LENGTH } from './limits.js';

// Structural bounds only; the documented limits (limits.ts) are checked by the validator per node.
// Text is measured there in code points, so the schema allows two UTF-16 units per character.
const MAX_TEXT = 2 * MAX_VALUE_LENGTH;
const nodeId = z.string().min(1).max(64);
/** A template parameter's help text (ast.ts TemplateParameter). */
const parameter = z.strictObject({ help: z.string().trim().min(1, 'A parameter needs help text').max(500) });
const ruleValue = z.union([z.string().max(MAX_TEXT), z.number().finite(), z.boolean()]);

const valueExprSchema: z.ZodType<ValueExpr> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal('field'), field: z.string().min(1).max(200) }),
    z.strictObject({ kind: z.literal('number'), value: z.number().finite() }),
    z.strictObject({ kind: z.literal('arith'), op: z.enum(ARITHMETIC_OPERATORS), left: valueExprSchema, right: valueExprSchema }),
  ]),
) as z.ZodType<ValueExpr>;

const ruleSchema = z.strictObject({
  kind: z.literal('rule'),
  id: nodeId,
  field: z.string().min(1).max(200),
  operator: z.enum(RULE_OPERATORS),
  values: z.array(ruleValue).max(1000).optional(),
  amount: z.number().int().min(0).max(100000).optional(),
  unit: z.enum(RELATIVE_UNITS).optional(),
  left: valueExprSchema.optional(),
  right: valueExprSchema.optional(),
  parameter: parameter.optional(),
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
    direction: z.enum(['toReferenced', 'toReferencing', 'manyToMany']),
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
  parameter: parameter.optional(),
});

const LAST_GROUP = MAX_SPLIT_GROUPS - 1;

const segmentRefBlock = z.strictObject({
  kind: z.literal('segment'),
  id: nodeId,
  combine,
  segmentId: z.string().min(1).max(64),
  /** Splits and holdouts (split.ts): only this group of the segment's members. Sums are checked by validate. */
  split: z
    .strictObject({
      seed: z.string().min(1).max(MAX_SEED_LENGTH),
      percents: z.array(z.number().gt(0).lt(100)).min(MIN_SPLIT_GROUPS).max(MAX_SPLIT_GROUPS),
      group: z.number().int().min(0).max(LAST_GROUP),
      label: z.string().min(1).max(100).optional(),
    })
    .optional(),
});

export const blockSchema = z.discriminatedUnion('kind', [profileBlock, interactionBlock, segmentRefBlock]);

/**
 * The path to the first condition group nested deeper than MAX_CONDITION_DEPTH, found without
 * recursion (zod's own recursive parse would exhaust the stack on a few thousand levels).
 */
function tooDeep(value: unknown): (string | number)[] | undefined {
  const blocks = typeof value === 'object' && value !== null ? (value as { blocks?: unknown }).blocks : undefined;
  if (!Array.isArray(blocks)) return undefined;
  const stack: { node: unknown; path: (string | number)[]; depth: number }[] = [];
  blocks.forEach((b: unknown, i) => {
    if (typeof b !== 'object' || b === null) return;
    const { root, filter } = b as { root?: unknown; filter?: unknown };
    if (root !== undefined) stack.push({ node: root, path: ['blocks', i, 'root'], depth: 1 });
    if (filter !== undefined) stack.push({ node: filter, path: ['blocks', i, 'filter'], depth: 1 });
  });
  for (let item = stack.pop(); item; item = stack.pop()) {
    const children = typeof item.node === 'object' && item.node !== null ? (item.node as { children?: unknown }).children : undefined;
    if (!Array.isArray(children)) continue;
    if (item.depth > MAX_CONDITION_DEPTH) return item.path;
    const { path, depth } = item;
    children.forEach((node: unknown, i) => stack.push({ node, path: [...path, 'children', i], depth: depth + 1 }));
  }
  return undefined;
}

/** The structure alone, recursive (for JSON Schema generation and input whose nesting is already bounded). */
export const definitionShape = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dynamic'), version: z.literal(DEFINITION_VERSION), blocks: z.array(blockSchema).min(1).max(200) }),
  z.strictObject({ kind: z.literal('static'), version: z.literal(DEFINITION_VERSION) }),
  z.strictObject({ kind: z.literal('compound'), version: z.literal(DEFINITION_VERSION), blocks: z.array(segmentRefBlock).max(200) }),
]);

/** A segment definition's structure; nesting over MAX_CONDITION_DEPTH is refused before the recursive parse. */
export const definitionSchema: z.ZodType<SegmentDefinition> = z
  .unknown()
  .superRefine((value, ctx) => {
    const path = tooDeep(value);
    if (path)
      ctx.addIssue({
        code: 'custom',
        path,
        message: `Groups are nested too deeply: at most ${MAX_CONDITION_DEPTH} levels of groups inside one another`,
      });
  })
  .pipe(definitionShape) as z.ZodType<SegmentDefinition>;
