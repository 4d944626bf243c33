/**
 * The REFERENCE EVALUATOR: the executable specification of what a segment definition means, in plain
 * TypeScript over the in-memory Dataset (same encodings as SQLite). The SQL compiler must agree with
 * it on every definition (the differential test). Semantics are described in docs/semantics.md.
 *
 * Evaluation is implemented once (`blockIncludes` per contact, optionally tracing), so
 * `explainContact` can never disagree with `evaluateDefinition`.
 */
import type { Block, ConditionNode, InteractionBlock, RelatedGroupNode, RuleNode, SegmentDefinition, SetOperator } from './ast.js';
import type { CatalogInteractionType } from '../models/catalog.js';
import type { Dataset, EntityRecord, EvalContext, InteractionRecord, StoredValue } from './dataset.js';
import { findEntity, findField, findInteractionType, resolveRelatedStep } from './catalogIndex.js';
import { expandManyToMany } from './manyToMany.js';
import { interactionWindowStart } from './dates.js';
import { EvaluationError, prepareRule, type PreparedRule, type Truth } from './ruleMatch.js';
import {
  evalExpr,
  expressionRuleProblem,
  isExpressionRule,
  leftOf,
  prepareExpressionRule,
  type PreparedExpressionRule,
} from './exprMatch.js';
import { inSplitGroup } from './split.js';

export { EvaluationError, type Truth } from './ruleMatch.js';

/** Trace of one condition node for one record. */
export type ConditionTrace =
  | { kind: 'rule'; id: string; field: string; operator: RuleNode['operator']; actual: StoredValue; expected: string; result: Truth }
  | { kind: 'group'; id: string; combinator: 'and' | 'or'; not: boolean; result: Truth; children: ConditionTrace[] }
  | {
      kind: 'related';
      id: string;
      relationship: string;
      entity: string;
      not: boolean;
      result: Truth;
      /** Every related record looked at, with whether it matched all (or any, for 'or') children. */
      related: { rid: number; key: string; matched: boolean; children: ConditionTrace[] }[];
    };

/** Trace of one interaction of the block's type for the contact. */
export interface InteractionTrace {
  ts: number;
  inWindow: boolean;
  filter?: ConditionTrace;
  counted: boolean;
}

/** Trace of one block for one contact; `memberAfter` is membership after combining this block. */
export type BlockTrace = { id: string; combine: SetOperator; included: boolean; memberAfter: boolean } & (
  | { kind: 'profile'; root: ConditionTrace }
  | { kind: 'interaction'; count: number; aggregate?: number | null; interactions: InteractionTrace[] }
  | { kind: 'segment'; segmentId: string }
);

/** Why a contact is (not) a member: per block, group and rule. */
export interface ContactExplanation {
  rid: number;
  member: boolean;
  blocks: BlockTrace[];
}

/** Members (contact rids) and the size of the result after each block, left to right. */
export interface EvaluationResult {
  members: Set<number>;
  blockCounts: number[];
}

interface EntityIndex {
  byRid: Map<number, EntityRecord>;
  byKey: Map<string, number>;
  records: EntityRecord[];
}

class Env {
  readonly entityIndexes = new Map<string, EntityIndex>();
  readonly reverse = new Map<string, Map<number, EntityRecord[]>>();
  /** Per-evaluation caches keyed by node: a node always lives in the same scope. */
  readonly rules = new Map<RuleNode, { prepared: PreparedRule; fieldName: string; key: string }>();
  readonly expressions = new Map<RuleNode, { prepared: PreparedExpressionRule; fieldName: string }>();
  readonly blocks = new Map<InteractionBlock, { type: CatalogInteractionType; start: number | undefined }>();
  readonly steps = new Map<
    RelatedGroupNode,
    { relationship: string; target: string; direction: RelatedGroupNode['direction']; lookup: string }
  >();
  readonly interactionsByContact = new Map<number, InteractionRecord[]>();
  readonly segmentSets = new Map<string, Set<number>>();

  constructor(
    readonly data: Dataset,
    readonly ctx: EvalContext,
  ) {
    for (const i of data.interactions) {
      const list = this.interactionsByContact.get(i.contactRid);
      if (list) list.push(i);
      else this.interactionsByContact.set(i.contactRid, [i]);
    }
  }

  entity(name: string): EntityIndex {
    const key = name.toLowerCase();
    let idx = this.entityIndexes.get(key);
    if (!idx) {
      const records = this.data.entities[key] ?? [];
      idx = { records, byRid: new Map(records.map((r) => [r.rid, r])), byKey: new Map(records.map((r) => [r.key, r.rid])) };
      this.entityIndexes.set(key, idx);
    }
    return idx;
  }

  /** Records of `entity` whose `lookupField` points at `rid`. */
  referencing(entity: string, lookupField: string, rid: number): EntityRecord[] {
    const key = `${entity.toLowerCase()}.${lookupField.toLowerCase()}`;
    let map = this.reverse.get(key);
    if (!map) {
      map = new Map();
      for (const r of this.entity(entity).records) {
        const v = r.values[lookupField.toLowerCase()];
        if (typeof v !== 'number') continue;
        const list = map.get(v);
        if (list) list.push(r);
        else map.set(v, [r]);
      }
      this.reverse.set(key, map);
    }
    return map.get(rid) ?? [];
  }

  segment(id: string): Set<number> {
    let s = this.segmentSets.get(id);
    if (!s) {
      const contacts = this.entity('contact').byRid;
      // Members are always existing contacts: stale ids in a member list are ignored.
      s = new Set((this.data.segmentMembers[id] ?? []).filter((rid) => contacts.has(rid)));
      this.segmentSets.set(id, s);
    }
    return s;
  }
}

type Values = Record<string, StoredValue>;
/** Where conditions are evaluated: a profile entity (relationships allowed) or an interaction type's fields. */
type Scope = { kind: 'entity'; entity: string } | { kind: 'interaction'; type: string };

function scopeFields(env: Env, scope: Scope) {
  const fields =
    scope.kind === 'entity'
      ? findEntity(env.data.catalog, scope.entity)?.fields
      : findInteractionType(env.data.catalog, scope.type)?.fields;
  if (!fields)
    throw new EvaluationError(
      `Unknown ${scope.kind === 'entity' ? 'entity' : 'interaction type'} '${scope.kind === 'entity' ? scope.entity : scope.type}'`,
    );
  return fields;
}

function evalExpressionRule(env: Env, rule: RuleNode, scope: Scope, values: Values, trace: boolean): [Truth, ConditionTrace?] {
  let cached = env.expressions.get(rule);
  if (!cached) {
    const fields = scopeFields(env, scope);
    const find = (name: string) => findField(fields, name);
    const problem = expressionRuleProblem(rule, find);
    if (problem) throw new EvaluationError(`Rule ${rule.id}: ${problem}`);
    cached = { prepared: prepareExpressionRule(rule, find), fieldName: find(rule.field)?.name ?? rule.field };
    env.expressions.set(rule, cached);
  }
  const result = cached.prepared.test((name) => values[name.toLowerCase()] ?? null);
  if (!trace) return [result];
  const actual = evalExpr(leftOf(rule), (name) => values[name.toLowerCase()] ?? null);
  return [
    result,
    { kind: 'rule', id: rule.id, field: cached.fieldName, operator: rule.operator, actual, expected: cached.prepared.expected, result },
  ];
}

function evalRule(env: Env, rule: RuleNode, scope: Scope, values: Values, trace: boolean): [Truth, ConditionTrace?] {
  if (isExpressionRule(rule)) return evalExpressionRule(env, rule, scope, values, trace);
  let cached = env.rules.get(rule);
  if (!cached) {
    const field = findField(scopeFields(env, scope), rule.field);
    if (!field) throw new EvaluationError(`Rule ${rule.id}: unknown field '${rule.field}'`);
    const lookupEntity = field.lookupEntity;
    const prepared = prepareRule(rule, field, env.ctx, (key) => (lookupEntity ? env.entity(lookupEntity).byKey.get(key) : undefined));
    cached = { prepared, fieldName: field.name, key: field.name.toLowerCase() };
    env.rules.set(rule, cached);
  }
  const actual = values[cached.key] ?? null;
  const result = cached.prepared.test(actual);
  if (!trace) return [result];
  return [
    result,
    { kind: 'rule', id: rule.id, field: cached.fieldName, operator: rule.operator, actual, expected: cached.prepared.expected, result },
  ];
}

/** Kleene AND / OR over children; an empty group is TRUE whatever its combinator. */
function combineTruths(combinator: 'and' | 'or', truths: Truth[]): Truth {
  if (truths.length === 0) return 'true';
  const dominant: Truth = combinator === 'and' ? 'false' : 'true';
  if (truths.includes(dominant)) return dominant;
  if (truths.includes('unknown')) return 'unknown';
  return combinator === 'and' ? 'true' : 'false';
}

function negate(t: Truth): Truth {
  return t === 'unknown' ? t : t === 'true' ? 'false' : 'true';
}

function evalChildren(
  env: Env,
  combinator: 'and' | 'or',
  children: ConditionNode[],
  scope: Scope,
  values: Values,
  rid: number | undefined,
  trace: boolean,
) {
  const truths: Truth[] = [];
  const traces: ConditionTrace[] = [];
  for (const child of children) {
    const [t, tr] = evalCondition(env, child, scope, values, rid, trace);
    truths.push(t);
    if (tr) traces.push(tr);
    // Without tracing, stop at the dominant value: it decides the group whatever follows.
    if (!trace && t === (combinator === 'and' ? 'false' : 'true')) break;
  }
  return { truth: combineTruths(combinator, truths), traces };
}

function evalCondition(
  env: Env,
  node: ConditionNode,
  scope: Scope,
  values: Values,
  rid: number | undefined,
  trace: boolean,
): [Truth, ConditionTrace?] {
  switch (node.kind) {
    case 'rule':
      return evalRule(env, node, scope, values, trace);
    case 'group': {
      const { truth, traces } = evalChildren(env, node.combinator, node.children, scope, values, rid, trace);
      const result = node.not ? negate(truth) : truth;
      if (!trace) return [result];
      return [result, { kind: 'group', id: node.id, combinator: node.combinator, not: node.not === true, result, children: traces }];
    }
    case 'related': {
      if (scope.kind !== 'entity' || rid === undefined)
        throw new EvaluationError(`Related group ${node.id} is not allowed in an interaction filter`);
      if (node.direction === 'manyToMany') {
        let nested: RelatedGroupNode;
        try {
          nested = expandManyToMany(env.data.catalog.relationships, scope.entity, node);
        } catch (e) {
          throw new EvaluationError((e as Error).message);
        }
        return evalCondition(env, nested, scope, values, rid, trace);
      }
      let step = env.steps.get(node);
      if (!step) {
        const res = resolveRelatedStep(env.data.catalog, scope.entity, node.relationship, node.direction);
        if (!res.ok) throw new EvaluationError(`Related group ${node.id}: ${res.message}`);
        step = {
          relationship: res.relationship.name,
          target: res.target,
          direction: res.direction,
          lookup: res.relationship.lookupField.toLowerCase(),
        };
        env.steps.set(node, step);
      }
      const lookup = step.lookup;
      let related: EntityRecord[];
      if (step.direction === 'toReferenced') {
        const target = values[lookup];
        const rec = typeof target === 'number' ? env.entity(step.target).byRid.get(target) : undefined;
        related = rec ? [rec] : [];
      } else {
        related = env.referencing(step.target, lookup, rid);
      }
      const inner: Scope = { kind: 'entity', entity: step.target };
      let exists = false;
      const relatedTraces: { rid: number; key: string; matched: boolean; children: ConditionTrace[] }[] = [];
      for (const r of related) {
        const { truth, traces } = evalChildren(env, node.combinator, node.children, inner, r.values, r.rid, trace);
        const matched = truth === 'true';
        exists ||= matched;
        if (trace) relatedTraces.push({ rid: r.rid, key: r.key, matched, children: traces });
        else if (exists) break;
      }
      // EXISTS is two-valued: "has a matching related record" is true or false, never unknown.
      const result: Truth = (node.not ? !exists : exists) ? 'true' : 'false';
      if (!trace) return [result];
      return [
        result,
        {
          kind: 'related',
          id: node.id,
          relationship: step.relationship,
          entity: step.target,
          not: node.not === true,
          result,
          related: relatedTraces,
        },
      ];
    }
  }
}

function aggregateOf(fn: 'sum' | 'avg' | 'min' | 'max', xs: number[]): number | null {
  if (xs.length === 0) return null;
  switch (fn) {
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'avg':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
  }
}

function compareNumbers(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

/** Whether `n` counted interactions satisfy a block's count condition (shared with the columnar engine). */
export function countMatches(op: InteractionBlock['count']['op'], n: number, value: number): boolean {
  // A contact without counted interactions has no records to count: it never matches (spec F27.6).
  if (n === 0) return false;
  switch (op) {
    case 'atLeast':
      return n >= value;
    case 'exactly':
      return n === value;
    case 'moreThan':
      return n > value;
    case 'fewerThan':
      return n < value;
  }
}

function interactionIncludes(
  env: Env,
  block: InteractionBlock,
  rid: number,
  trace: boolean,
): Omit<Extract<BlockTrace, { kind: 'interaction' }>, 'id' | 'combine' | 'memberAfter'> {
  let info = env.blocks.get(block);
  if (!info) {
    const t = findInteractionType(env.data.catalog, block.interactionType);
    if (!t) throw new EvaluationError(`Block ${block.id}: unknown interaction type '${block.interactionType}'`);
    info = { type: t, start: interactionWindowStart(block.window, env.ctx.now) };
    env.blocks.set(block, info);
  }
  const { type, start } = info;
  const typeName = type.name.toLowerCase();
  const scope: Scope = { kind: 'interaction', type: type.name };
  const traces: InteractionTrace[] = [];
  const counted: InteractionRecord[] = [];
  for (const i of env.interactionsByContact.get(rid) ?? []) {
    if (i.type.toLowerCase() !== typeName) continue;
    // Evaluated as of `now`: later interactions do not exist yet, whatever the window.
    const inWindow = i.ts <= env.ctx.now && (start === undefined || i.ts >= start);
    let filterTrace: ConditionTrace | undefined;
    let pass = inWindow;
    if (inWindow && block.filter) {
      const [t, tr] = evalCondition(env, block.filter, scope, i.values, undefined, trace);
      pass = t === 'true';
      filterTrace = tr;
    }
    if (pass) counted.push(i);
    if (trace) traces.push({ ts: i.ts, inWindow, ...(filterTrace ? { filter: filterTrace } : {}), counted: pass });
  }
  let included = countMatches(block.count.op, counted.length, block.count.value);
  let aggregate: number | null | undefined;
  if (block.aggregate) {
    const agg = block.aggregate;
    const field = findField(type.fields, agg.field);
    if (!field) throw new EvaluationError(`Block ${block.id}: unknown field '${agg.field}' on ${type.name}`);
    const xs = counted.map((i) => i.values[field.name.toLowerCase()]).filter((v): v is number => typeof v === 'number');
    aggregate = aggregateOf(agg.fn, xs);
    included &&= aggregate !== null && compareNumbers(agg.op, aggregate, agg.value);
  }
  return { kind: 'interaction', included, count: counted.length, ...(aggregate !== undefined ? { aggregate } : {}), interactions: traces };
}

function blockIncludes(env: Env, block: Block, rid: number, trace: boolean): BlockTrace {
  const base = { id: block.id, combine: block.combine, memberAfter: false };
  switch (block.kind) {
    case 'profile': {
      const contact = env.entity('contact').byRid.get(rid);
      const [t, tr] = contact
        ? evalCondition(env, block.root, { kind: 'entity', entity: 'contact' }, contact.values, rid, trace)
        : ['false' as Truth];
      const root: ConditionTrace = tr ?? {
        kind: 'group',
        id: block.root.id,
        combinator: block.root.combinator,
        not: block.root.not === true,
        result: t,
        children: [],
      };
      return { ...base, kind: 'profile', included: t === 'true', root };
    }
    case 'interaction':
      return { ...base, ...interactionIncludes(env, block, rid, trace) };
    case 'segment':
      return { ...base, kind: 'segment', segmentId: block.segmentId, included: inSplit(env, block, rid) };
  }
}

/** A segment block keeps that segment's members; with a split, those whose key hashes into its group (split.ts). */
function inSplit(env: Env, block: Extract<Block, { kind: 'segment' }>, rid: number): boolean {
  if (!env.segment(block.segmentId).has(rid)) return false;
  if (!block.split) return true;
  const rec = env.entity('contact').byRid.get(rid);
  return rec !== undefined && inSplitGroup(block.split, rec.key);
}

function blocksOf(def: SegmentDefinition): Block[] {
  if (def.kind === 'static') throw new EvaluationError('A static segment has no query: its members are stored data');
  return def.blocks;
}

function applyOp(op: SetOperator, before: boolean, included: boolean, first: boolean): boolean {
  if (first) return included;
  switch (op) {
    case 'union':
      return before || included;
    case 'intersect':
      return before && included;
    case 'except':
      return before && !included;
  }
}

/** Evaluates a dynamic or compound definition as of `ctx.now`. Blocks combine strictly left to right. */
export function evaluateDefinition(def: SegmentDefinition, data: Dataset, ctx: EvalContext): EvaluationResult {
  const env = new Env(data, ctx);
  const blocks = blocksOf(def);
  const contacts = env.entity('contact').records.map((r) => r.rid);
  const member = new Map<number, boolean>();
  const blockCounts: number[] = [];
  blocks.forEach((block, i) => {
    let size = 0;
    for (const rid of contacts) {
      const before = member.get(rid) ?? false;
      // Set algebra short-cuts: a block that cannot change this contact is not evaluated.
      if (i > 0 && ((block.combine === 'union' && before) || (block.combine !== 'union' && !before))) {
        if (before) size++;
        continue;
      }
      const after = applyOp(block.combine, before, blockIncludes(env, block, rid, false).included, i === 0);
      member.set(rid, after);
      if (after) size++;
    }
    blockCounts.push(size);
  });
  const members = new Set<number>();
  for (const [rid, m] of member) if (m) members.add(rid);
  return { members, blockCounts };
}

/** Explains, per block, group and rule, why contact `rid` is (not) a member. Agrees with evaluateDefinition. */
export function explainContact(def: SegmentDefinition, data: Dataset, ctx: EvalContext, rid: number): ContactExplanation {
  const env = new Env(data, ctx);
  const blocks: BlockTrace[] = [];
  const exists = env.entity('contact').byRid.has(rid);
  let member = false;
  blocksOf(def).forEach((block, i) => {
    const t = blockIncludes(env, block, rid, true);
    member = exists && applyOp(block.combine, member, t.included, i === 0);
    blocks.push({ ...t, memberAfter: member });
  });
  return { rid, member, blocks };
}
