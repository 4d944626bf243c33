/**
 * Converters between our segment AST condition trees (shared/segments/ast.ts) and react-querybuilder's
 * RuleGroupType, which the visual builder edits.
 *
 * Mapping (chosen so that AST → RQB → AST is exact):
 * - a rule's field becomes `<scope>.<field>` where scope is the entity (or interaction type) whose
 *   fields the rule reads, so one RQB field list can hold several entities without name clashes;
 * - a rule's `values` / `amount` / `unit` travel together, verbatim, as the RQB `value` object;
 * - a related-entity group is an RQB group carrying a `related` property (relationship, direction,
 *   entity); its rules are scoped to the related entity.
 * Normalising a rule's value to what its operator needs is a separate step (`normalizePayload`),
 * applied only to edits coming from the builder.
 */
import type { RuleGroupType, RuleType } from 'react-querybuilder';
import type {
  ConditionNode,
  GroupNode,
  RelatedGroupNode,
  RelativeUnit,
  RuleNode,
  RuleOperator,
  RuleValue,
  ValueExpr,
  TemplateParameter,
} from '../../../../shared/segments/ast';
import { ARITHMETIC_OPERATORS, RELATIVE_UNITS } from '../../../../shared/segments/ast';
import { EXPRESSION_OPERATORS } from '../../../../shared/segments/exprMatch';
import { anniversaryUnit, operatorArity } from '../../../../shared/segments/operators';

/** What a rule's RQB `value` holds: the AST rule's value properties, exactly as present. */
export interface RulePayload {
  values?: RuleValue[];
  amount?: number;
  unit?: RelativeUnit;
  /** Expression rules: arithmetic on the left, another field or arithmetic on the right. */
  left?: ValueExpr;
  right?: ValueExpr;
}

/** The related-entity part of an RQB group that stands for a RelatedGroupNode. */
export interface RelatedInfo {
  relationship: string;
  direction: RelatedGroupNode['direction'];
  entity: string;
}

/** An RQB rule as we use it (extra `parameter` property on template parameter rows). */
export type RqbRule = RuleType & { parameter?: TemplateParameter };

/** An RQB group as we use it (extra `related` property on related-entity groups). */
export type RqbGroup = RuleGroupType & { related?: RelatedInfo };

/** Which value shape an operator takes. */
export function payloadShape(operator: string): 'none' | 'relative' | 'values' {
  const arity = operatorArity(operator as RuleOperator);
  return arity === 'none' || arity === 'relative' ? arity : 'values';
}

export function qualifyField(scope: string, field: string): string {
  return `${scope}.${field}`;
}

/** The field name without its scope prefix (scopes never contain a dot; field names may). */
export function unqualifyField(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot < 0 ? qualified : qualified.slice(dot + 1);
}

/** The scope part of a qualified field name ('' when unqualified). */
export function fieldScope(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot < 0 ? '' : qualified.slice(0, dot);
}

export function isRqbGroup(node: unknown): node is RqbGroup {
  return typeof node === 'object' && node !== null && 'rules' in node && Array.isArray(node.rules) && 'combinator' in node;
}

export function relatedInfoOf(group: RuleGroupType): RelatedInfo | undefined {
  const related = (group as RqbGroup).related;
  return related && typeof related === 'object' ? related : undefined;
}

function ruleToRqb(rule: RuleNode, scope: string): RuleType {
  const payload: RulePayload = {};
  if (rule.values !== undefined) payload.values = rule.values;
  if (rule.amount !== undefined) payload.amount = rule.amount;
  if (rule.unit !== undefined) payload.unit = rule.unit;
  if (rule.left !== undefined) payload.left = rule.left;
  if (rule.right !== undefined) payload.right = rule.right;
  const out: RuleType = { id: rule.id, field: qualifyField(scope, rule.field), operator: rule.operator, value: payload };
  // A template parameter (ast.ts TemplateParameter) rides along on the RQB rule, so edits keep it.
  if (rule.parameter) (out as RqbRule).parameter = rule.parameter;
  return out;
}

function conditionToRqb(node: ConditionNode, scope: string): RuleType | RqbGroup {
  switch (node.kind) {
    case 'rule':
      return ruleToRqb(node, scope);
    case 'group':
      return astGroupToRqb(node, scope);
    case 'related': {
      const group: RqbGroup = {
        id: node.id,
        combinator: node.combinator,
        related: { relationship: node.relationship, direction: node.direction, entity: node.entity },
        rules: node.children.map((c) => conditionToRqb(c, node.entity)),
      };
      if (node.not !== undefined) group.not = node.not;
      return group;
    }
  }
}

/** AST group → RQB group; `scope` is the entity (or interaction type) the group's rules read. */
export function astGroupToRqb(group: GroupNode, scope: string): RqbGroup {
  const out: RqbGroup = { id: group.id, combinator: group.combinator, rules: group.children.map((c) => conditionToRqb(c, scope)) };
  if (group.not !== undefined) out.not = group.not;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the payload out of whatever RQB holds as a value ('' for a fresh rule, our object otherwise). */
export function readPayload(value: unknown): RulePayload {
  if (!isRecord(value)) return {};
  const out: RulePayload = {};
  if (Array.isArray(value.values))
    out.values = value.values.filter((v): v is RuleValue => ['string', 'number', 'boolean'].includes(typeof v));
  if (typeof value.amount === 'number') out.amount = value.amount;
  if (typeof value.unit === 'string' && (RELATIVE_UNITS as readonly string[]).includes(value.unit)) out.unit = value.unit as RelativeUnit;
  if (isValueExpr(value.left)) out.left = value.left;
  if (isValueExpr(value.right)) out.right = value.right;
  return out;
}

/** A well-formed expression (fields, finite numbers, arithmetic), at most 32 levels deep. */
export function isValueExpr(v: unknown, depth = 0): v is ValueExpr {
  if (!isRecord(v) || depth > 32) return false;
  if (v.kind === 'field') return typeof v.field === 'string' && v.field !== '';
  if (v.kind === 'number') return typeof v.value === 'number' && Number.isFinite(v.value);
  return (
    v.kind === 'arith' &&
    (ARITHMETIC_OPERATORS as readonly unknown[]).includes(v.op) &&
    isValueExpr(v.left, depth + 1) &&
    isValueExpr(v.right, depth + 1)
  );
}

/** Coerces a payload to the shape its operator takes, keeping what still fits (e.g. values from "is" to "is not"). */
export function normalizePayload(operator: string, payload: RulePayload): RulePayload {
  switch (payloadShape(operator)) {
    case 'none':
      return {};
    case 'relative': {
      const fixed = anniversaryUnit(operator as RuleOperator);
      if (fixed) return { amount: payload.unit === fixed ? (payload.amount ?? 0) : fixed === 'days' ? 7 : 0, unit: fixed };
      return { amount: payload.amount ?? 30, unit: payload.unit ?? 'days' };
    }
    case 'values': {
      // Comparing with another field or arithmetic survives a change between comparison operators only.
      const expr = EXPRESSION_OPERATORS.includes(operator as RuleOperator);
      const out: RulePayload = {};
      if (expr && payload.left) out.left = payload.left;
      if (expr && payload.right) out.right = payload.right;
      else out.values = payload.values ?? [];
      return out;
    }
  }
}

// Unknown operators are kept as typed so the validator reports them in place instead of losing them.
const toOperator = (op: string): RuleOperator => op as RuleOperator;

export interface RqbToAstOptions {
  /** Coerce rule values to their operator's shape (for builder edits; off for exact round-trips). */
  normalize?: boolean;
  /** Makes ids for nodes that have none (RQB gives every node an id, so this is a fallback). */
  makeId?: () => string;
}

let fallbackCounter = 0;
const defaultMakeId = (): string => `n${Date.now().toString(36)}${(fallbackCounter++).toString(36)}`;

function rqbRuleToAst(rule: RuleType, opts: RqbToAstOptions): RuleNode {
  const raw = readPayload(rule.value);
  const payload = opts.normalize ? normalizePayload(rule.operator, raw) : raw;
  const out: RuleNode = {
    kind: 'rule',
    id: rule.id ?? (opts.makeId ?? defaultMakeId)(),
    field: unqualifyField(rule.field),
    operator: toOperator(rule.operator),
    ...payload,
  };
  const parameter = (rule as RqbRule).parameter;
  if (parameter && typeof parameter.help === 'string') {
    out.parameter = { help: parameter.help };
    // An unfilled parameter has no value yet: the builder's default amount must not fill it unasked.
    if (opts.normalize && raw.amount === undefined && payloadShape(rule.operator) === 'relative') delete out.amount;
  }
  return out;
}

function rqbNodeToAst(node: RuleType | RuleGroupType, opts: RqbToAstOptions): ConditionNode {
  if (!isRqbGroup(node)) return rqbRuleToAst(node as RuleType, opts);
  const related = relatedInfoOf(node);
  const children = node.rules.filter((r): r is RuleType | RuleGroupType => typeof r !== 'string').map((r) => rqbNodeToAst(r, opts));
  const id = node.id ?? (opts.makeId ?? defaultMakeId)();
  const combinator = node.combinator === 'or' ? 'or' : 'and';
  if (related) {
    const out: RelatedGroupNode = {
      kind: 'related',
      id,
      relationship: related.relationship,
      direction: related.direction,
      entity: related.entity,
      combinator,
      children,
    };
    if (node.not !== undefined) out.not = node.not;
    return out;
  }
  const out: GroupNode = { kind: 'group', id, combinator, children };
  if (node.not !== undefined) out.not = node.not;
  return out;
}

/** RQB group → AST group (the root of a block; a related group at the root is not possible). */
export function rqbToAstGroup(group: RuleGroupType, opts: RqbToAstOptions = {}): GroupNode {
  const { related: _ignored, ...plain } = group as RqbGroup;
  const node = rqbNodeToAst(plain, opts);
  if (node.kind !== 'group') throw new Error('The root of a block must be a plain group.');
  return node;
}
