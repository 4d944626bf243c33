/**
 * Semantic validation of a segment definition against the catalog. Issues are keyed by node id (and a
 * JSON-ish path) so the builder can show each one in place. The structural zod schema (schema.ts)
 * runs first at the API boundary; this checks meaning: fields, operators per type, values, functions
 * forbidden in interaction filters, counts, segment references and cycles.
 */
import { validateSplit } from './split.js';
import type { Catalog, CatalogField } from '../models/catalog.js';
import type { SegmentStatus, SegmentType } from '../models/segment.js';
import type { Block, ConditionNode, GroupNode, InteractionBlock, RuleNode, SegmentDefinition, SegmentRefBlock } from './ast.js';
import { findEntity, findField, findInteractionType, relationshipLabelOf, resolveRelatedStep, sameName } from './catalogIndex.js';
import { resolveManyToMany } from './manyToMany.js';
import { parseDateValue } from './dates.js';
import { checkLimits, valueLimitProblem } from './validateLimits.js';
import { dateAmountProblem, numberProblem, numberText } from './limits.js';
import { anniversaryUnit, INTERACTION_FILTER_FORBIDDEN, isOperatorAllowed, operatorArity, operatorLabel } from './operators.js';
import { isClockUnit } from './dates.js';
import { exprFields, expressionRuleProblem, isExpressionRule } from './exprMatch.js';
import { isUnfilledRule, unfilledRuleMessage, unfilledWindowMessage } from './parameters.js';

/** One problem, keyed by the node it belongs to ('' for the definition itself). */
export interface ValidationIssue {
  nodeId: string;
  /** Where in the definition, e.g. `blocks[0].root.children[2]`. */
  path: string;
  message: string;
}

/** What the validator needs to know about a referenced segment. */
export interface ReferencedSegment {
  /** The segment's name, as messages name it (its id when absent). */
  name?: string;
  status: SegmentStatus;
  type: SegmentType;
  /** Ids of the segments that segment references (for cycle detection). */
  references: string[];
}

export interface ValidateOptions {
  /** Looks up a referenced segment; without it segment references are not checked. */
  segmentLookup?: (id: string) => ReferencedSegment | undefined;
  /** Id of the segment being validated (to find reference cycles back to it). */
  selfId?: string;
  /**
   * Validating a template: unfilled parameter rows are its questions, not problems. Without it (a segment),
   * each unfilled parameter is an issue naming its row (parameters.ts).
   */
  template?: boolean;
}

/** What rules read: an entity or interaction type, with the label messages name it by. */
type Scope =
  | { kind: 'entity'; entity: string; label: string; fields: readonly CatalogField[] }
  | { kind: 'interaction'; type: string; label: string; fields: readonly CatalogField[] };

class Collector {
  readonly issues: ValidationIssue[] = [];
  constructor(readonly template = false) {}
  add(nodeId: string, path: string, message: string): void {
    this.issues.push({ nodeId, path, message });
  }
}

function checkValueType(field: CatalogField, v: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'choice':
    case 'multichoice':
    case 'lookup':
      if (typeof v !== 'string') return `expects text, got ${JSON.stringify(v)}`;
      if (v.trim() === '') return 'has an empty value';
      if ((field.type === 'choice' || field.type === 'multichoice') && field.options) {
        const ok = field.options.some((o) => sameName(o.value, v.trim()));
        if (!ok) return `value '${v}' is not one of ${field.options.map((o) => `'${o.value}'`).join(', ')}`;
      }
      return undefined;
    case 'integer':
    case 'decimal':
      if (typeof v !== 'number') return `expects a number, got ${JSON.stringify(v)}`;
      return numberProblem(v);
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expects True or False, got ${JSON.stringify(v)}`;
    case 'date':
    case 'datetime':
      return typeof v === 'string' && parseDateValue(v)
        ? undefined
        : `expects a date 'YYYY-MM-DD' or an ISO date-time, got ${JSON.stringify(v)}`;
  }
}

function validateRule(c: Collector, rule: RuleNode, path: string, scope: Scope): void {
  const field = findField(scope.fields, rule.field);
  if (!field) {
    c.add(rule.id, path, `Unknown field '${rule.field}' on ${scope.label}`);
    return;
  }
  // Messages name the field as every screen does: by its label ('Lifetime Value', not 'lifetimevalue').
  const label = `'${field.label}'`;
  if (isExpressionRule(rule)) {
    validateExpressionRule(c, rule, path, scope, label);
    return;
  }
  if (!isOperatorAllowed(field.type, rule.operator)) {
    c.add(rule.id, path, `Operator '${rule.operator}' is not valid for ${field.type} field ${label}`);
    return;
  }
  if (scope.kind === 'interaction' && INTERACTION_FILTER_FORBIDDEN.has(rule.operator)) {
    c.add(
      rule.id,
      path,
      `'${operatorLabel(rule.operator, field.type)}' cannot be used in an interaction filter (text matching and relative dates are not allowed there)`,
    );
    return;
  }
  if (isUnfilledRule(rule)) {
    if (!c.template && rule.parameter) c.add(rule.id, path, unfilledRuleMessage(field.label, rule.parameter));
    return;
  }
  const values = rule.values ?? [];
  const arity = operatorArity(rule.operator);
  if (arity === 'relative') {
    if (rule.amount === undefined || !Number.isInteger(rule.amount) || rule.amount < 0)
      c.add(rule.id, path, `${label}: '${rule.operator}' needs a whole number amount of 0 or more`);
    const fixed = anniversaryUnit(rule.operator);
    if (rule.unit === undefined) c.add(rule.id, path, `${label}: '${rule.operator}' needs a unit (days, months or years)`);
    else if (fixed !== undefined && rule.unit !== fixed)
      c.add(rule.id, path, `${label}: '${operatorLabel(rule.operator, field.type)}' counts in ${fixed}, not ${rule.unit}`);
    else if (rule.operator === 'anniversaryInMonth' && rule.amount !== undefined && rule.amount > 11)
      c.add(rule.id, path, `${label}: the anniversary month is 0 (this month) to 11 months ahead, got ${numberText(rule.amount)}`);
    else if (isClockUnit(rule.unit) && field.type !== 'datetime')
      c.add(rule.id, path, `${label} is a date without a time: ${rule.unit} apply to date-and-time fields only`);
    else if (rule.amount !== undefined) {
      const tooFar = dateAmountProblem(rule.amount, rule.unit);
      if (tooFar) c.add(rule.id, path, `${label}: ${tooFar}`);
    }
    if (values.length > 0) c.add(rule.id, path, `${label}: '${rule.operator}' takes an amount and a unit, not values`);
    return;
  }
  if (rule.amount !== undefined || rule.unit !== undefined) c.add(rule.id, path, `${label}: amount and unit only apply to relative dates`);
  if (arity === 'none') {
    if (values.length > 0) c.add(rule.id, path, `${label}: '${operatorLabel(rule.operator, field.type)}' takes no values`);
    return;
  }
  const need = arity === 'one' ? 'exactly one value' : arity === 'pair' ? 'two values (low and high)' : 'at least one value';
  if (values.length === 0) {
    c.add(rule.id, path, `${label}: enter ${need}`);
    return;
  }
  if ((arity === 'one' && values.length !== 1) || (arity === 'pair' && values.length !== 2)) {
    c.add(rule.id, path, `${label}: '${operatorLabel(rule.operator, field.type)}' needs ${need}, got ${values.length}`);
    return;
  }
  values.forEach((v) => {
    const problem = valueLimitProblem(v) ?? checkValueType(field, v);
    if (problem) c.add(rule.id, path, `${label} ${problem}`);
  });
  const [lo, hi] = values;
  if (arity === 'pair' && typeof lo === 'number' && typeof hi === 'number' && lo > hi)
    c.add(rule.id, path, `${label}: the low value ${lo} is above the high value ${hi}`);
}

function validateExpressionRule(c: Collector, rule: RuleNode, path: string, scope: Scope, label: string): void {
  const find = (name: string) => findField(scope.fields, name);
  const exprs = [rule.left, rule.right].filter((e) => e !== undefined);
  for (const name of exprs.flatMap(exprFields)) {
    if (!find(name)) {
      c.add(rule.id, path, `${label}: unknown field '${name}' on ${scope.label}`);
      return;
    }
  }
  for (const v of rule.values ?? []) {
    const problem = valueLimitProblem(v) ?? (typeof v === 'number' ? numberProblem(v) : undefined);
    if (problem) c.add(rule.id, path, `${label}: ${problem}`);
  }
  const numbers: number[] = [];
  const collect = (e: NonNullable<RuleNode['left']>): void => {
    if (e.kind === 'number') numbers.push(e.value);
    else if (e.kind === 'arith') {
      collect(e.left);
      collect(e.right);
    }
  };
  exprs.forEach(collect);
  for (const n of numbers) {
    const problem = numberProblem(n);
    if (problem) c.add(rule.id, path, `${label}: ${problem}`);
  }
  const problem = expressionRuleProblem(rule, find);
  if (problem) c.add(rule.id, path, `${label}: ${problem}`);
}

function validateCondition(c: Collector, node: ConditionNode, path: string, scope: Scope, catalog: Catalog): void {
  switch (node.kind) {
    case 'rule':
      validateRule(c, node, path, scope);
      return;
    case 'group':
      node.children.forEach((ch, i) => validateCondition(c, ch, `${path}.children[${i}]`, scope, catalog));
      return;
    case 'related': {
      if (scope.kind === 'interaction') {
        c.add(node.id, path, 'Related entities cannot be used in an interaction filter');
        return;
      }
      if (node.direction === 'manyToMany') {
        const nn = resolveManyToMany(catalog.relationships, scope.entity, node.relationship);
        if (!nn.ok) {
          c.add(node.id, path, nn.message);
          return;
        }
        const far = findEntity(catalog, nn.target);
        if (!far) {
          c.add(node.id, path, `Unknown entity '${nn.target}' (N:N relationship '${nn.link.name}')`);
          return;
        }
        if (!sameName(node.entity, far.name))
          c.add(node.id, path, `N:N relationship '${nn.link.name}' leads to ${far.label}, not ${node.entity}`);
        const farScope: Scope = { kind: 'entity', entity: far.name, label: far.label, fields: far.fields };
        node.children.forEach((ch, i) => validateCondition(c, ch, `${path}.children[${i}]`, farScope, catalog));
        return;
      }
      const step = resolveRelatedStep(catalog, scope.entity, node.relationship, node.direction);
      if (!step.ok) {
        c.add(node.id, path, step.message);
        return;
      }
      const target = findEntity(catalog, step.target);
      if (!target) {
        c.add(node.id, path, `Unknown entity '${step.target}' (relationship '${relationshipLabelOf(catalog, step.relationship)}')`);
        return;
      }
      if (!sameName(node.entity, target.name))
        c.add(
          node.id,
          path,
          `Relationship '${relationshipLabelOf(catalog, step.relationship)}' leads to ${target.label}, not ${node.entity}`,
        );
      const inner: Scope = { kind: 'entity', entity: target.name, label: target.label, fields: target.fields };
      node.children.forEach((ch, i) => validateCondition(c, ch, `${path}.children[${i}]`, inner, catalog));
      return;
    }
  }
}

const COUNT_ZERO =
  'A count of 0 cannot be matched: contacts without interactions have no interaction records. To find contacts who never did this, use all contacts EXCEPT a block with "at least 1"';

function validateInteraction(c: Collector, block: InteractionBlock, path: string, catalog: Catalog): void {
  const type = findInteractionType(catalog, block.interactionType);
  if (!type) {
    c.add(block.id, path, `Unknown interaction type '${block.interactionType}'`);
    return;
  }
  if (block.filter)
    validateCondition(
      c,
      block.filter,
      `${path}.filter`,
      { kind: 'interaction', type: type.name, label: type.label, fields: type.fields },
      catalog,
    );
  if (block.parameter) {
    if (block.window.kind !== 'last')
      c.add(block.id, path, `The time-window parameter of the '${type.label}' block needs a window "in the last …"`);
    else if (!c.template) c.add(block.id, path, unfilledWindowMessage(type.label, block.parameter));
  }
  const { op, value } = block.count;
  if (!Number.isInteger(value) || value < 0) c.add(block.id, path, `The count must be a whole number of 0 or more, got ${value}`);
  else if (value === 0 && op !== 'moreThan') c.add(block.id, path, COUNT_ZERO);
  else if (op === 'fewerThan' && value === 1)
    c.add(block.id, path, `"fewer than 1" can never match. ${COUNT_ZERO.slice(COUNT_ZERO.indexOf('To find'))}`);
  else if (value >= 1_000_000_000) c.add(block.id, path, `The count can be at most 999,999,999, got ${value}`);
  if (block.window.kind === 'last') {
    const tooFar = dateAmountProblem(block.window.amount, block.window.unit);
    if (tooFar) c.add(block.id, path, `The time window: ${tooFar}`);
  }
  if (block.aggregate) {
    const aggProblem = numberProblem(block.aggregate.value);
    if (aggProblem) c.add(block.id, path, `${block.aggregate.fn.toUpperCase()}: ${aggProblem}`);
    const field = findField(type.fields, block.aggregate.field);
    if (!field) c.add(block.id, path, `Unknown field '${block.aggregate.field}' on ${type.label}`);
    else if (field.type !== 'integer' && field.type !== 'decimal')
      c.add(block.id, path, `${block.aggregate.fn.toUpperCase()} needs a numeric field; '${field.label}' is ${field.type}`);
  }
}

function findCycle(start: string, selfId: string, lookup: (id: string) => ReferencedSegment | undefined): string[] | undefined {
  // Depth-first with an explicit stack and parent links: a chain of thousands of segment references
  // must not exhaust the call stack (nor copy a trail per step).
  const parent = new Map<string, string | null>([[start, null]]);
  const stack = [start];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (id === selfId) {
      const trail: string[] = [];
      for (let at: string | null | undefined = id; at != null; at = parent.get(at)) trail.unshift(at);
      return trail;
    }
    const next = lookup(id)?.references ?? [];
    for (let i = next.length - 1; i >= 0; i--) {
      const n = next[i] as string;
      if (parent.has(n)) continue;
      parent.set(n, id);
      stack.push(n);
    }
  }
  return undefined;
}

function validateSegmentRef(c: Collector, block: SegmentRefBlock, path: string, opts: ValidateOptions): void {
  if (block.split) for (const issue of validateSplit(block.split)) c.add(block.id, `${path}.split.${issue.field}`, issue.message);
  if (opts.selfId !== undefined && block.segmentId === opts.selfId) {
    c.add(block.id, path, 'A segment cannot reference itself');
    return;
  }
  if (!opts.segmentLookup) return;
  const seg = opts.segmentLookup(block.segmentId);
  if (!seg) {
    c.add(block.id, path, `Segment '${block.segmentId}' does not exist`);
    return;
  }
  if (seg.status !== 'live')
    c.add(block.id, path, `Segment "${seg.name ?? block.segmentId}" is not live (it is ${seg.status}); only live segments can be used`);
  if (opts.selfId !== undefined) {
    const lookup = opts.segmentLookup;
    const cycle = findCycle(block.segmentId, opts.selfId, lookup);
    if (cycle) {
      // Named by name where the lookup knows it (the segment being validated may be new: its id then).
      const all = [opts.selfId, ...cycle].map((id) => {
        const name = lookup(id)?.name;
        return name === undefined ? id : `"${name}"`;
      });
      // A long chain is shortened in the message: its first and last steps say where it starts and closes.
      const shown = all.length > 12 ? [...all.slice(0, 5), `… ${all.length - 10} more …`, ...all.slice(-5)] : all;
      c.add(block.id, path, `Reference cycle: ${shown.join(' → ')}`);
    }
  }
}

function validateBlock(c: Collector, block: Block, path: string, catalog: Catalog, opts: ValidateOptions): void {
  switch (block.kind) {
    case 'profile': {
      const contact = findEntity(catalog, 'contact');
      if (!contact) {
        c.add(block.id, path, 'The catalog has no contact entity');
        return;
      }
      validateCondition(
        c,
        block.root,
        `${path}.root`,
        { kind: 'entity', entity: contact.name, label: contact.label, fields: contact.fields },
        catalog,
      );
      return;
    }
    case 'interaction':
      validateInteraction(c, block, path, catalog);
      return;
    case 'segment':
      validateSegmentRef(c, block, path, opts);
      return;
  }
}

function collectIds(def: SegmentDefinition, c: Collector): void {
  if (def.kind === 'static') return;
  const seen = new Set<string>();
  const visit = (node: { id: string }, path: string): void => {
    if (seen.has(node.id)) c.add(node.id, path, `Duplicate node id '${node.id}'`);
    seen.add(node.id);
  };
  const visitCond = (n: ConditionNode | GroupNode, path: string): void => {
    visit(n, path);
    if (n.kind !== 'rule') n.children.forEach((ch, i) => visitCond(ch, `${path}.children[${i}]`));
  };
  def.blocks.forEach((b: Block, i) => {
    visit(b, `blocks[${i}]`);
    if (b.kind === 'profile') visitCond(b.root, `blocks[${i}].root`);
    if (b.kind === 'interaction' && b.filter) visitCond(b.filter, `blocks[${i}].filter`);
  });
}

/** Validates `def` against `catalog`; returns [] when it is valid. */
export function validateDefinition(def: SegmentDefinition, catalog: Catalog, opts: ValidateOptions = {}): ValidationIssue[] {
  const c = new Collector(opts.template === true);
  if (def.kind === 'static') return c.issues;
  // Limits first, without recursion: a definition over them is not walked any further.
  const over = checkLimits(def);
  if (over.length > 0) return over;
  collectIds(def, c);
  if (def.kind === 'dynamic' && def.blocks.length === 0) c.add('', 'blocks', 'A dynamic segment needs at least one block');
  def.blocks.forEach((block: Block, i) => {
    const path = `blocks[${i}]`;
    if (i === 0 && block.combine !== 'union')
      c.add(block.id, path, `The first block starts the result: its operator must be union, not ${block.combine}`);
    if (def.kind === 'compound' && block.kind !== 'segment') {
      c.add(block.id, path, 'A compound segment combines existing segments only');
      return;
    }
    validateBlock(c, block, path, catalog, opts);
  });
  return c.issues;
}
