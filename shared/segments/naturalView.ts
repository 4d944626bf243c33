/**
 * The natural view of a segment definition (spec F5): one readable sentence per block, e.g.
 *   "Contacts whose City is “Seattle” and whose Lifetime value is over 1,000."
 *   "Except contacts with at least 2 Email opened interactions in the last 30 days."
 * Display labels come from the catalog, values are formatted by type and locale, AND / OR groups read
 * as "… and …" / "either … or …" (parenthesised when nested), NOT groups as "not …" / "neither … nor …",
 * related entities as "whose Company is an Account whose …" or "with at least one Opportunity whose …",
 * and blocks after the first start with their set operator (Plus / Of these, only / Except).
 *
 * Pure and total: any definition, including node kinds and operators added after this module and
 * names the catalog lacks, gives readable text and never throws (unknown parts are described in
 * words). The Definition tab shows it live, the General tab and the members' Excel export carry it.
 */
import type { Catalog, CatalogField } from '../models/catalog.js';
import { displayNumber } from '../values/format.js';
import type { Block, ConditionNode, GroupNode, InteractionBlock, RuleNode, SegmentDefinition, SetOperator, ValueExpr } from './ast.js';
import { findEntity, findField, findInteractionType, findRelationship, relationshipLabelOf, scopeLabelOf } from './catalogIndex.js';
import { amountWords, humanize, joinWords, rulePredicate, type NaturalValueOptions } from './naturalRules.js';

export { joinWords } from './naturalRules.js';

/** What the natural view needs besides the definition. */
export interface NaturalViewOptions extends NaturalValueOptions {
  catalog: Catalog;
  /** A referenced segment's name by id (its id when unknown). */
  segmentName?: (id: string) => string;
}

/** One sentence of the natural view, keyed by the block it describes. */
export interface NaturalSentence {
  blockId: string;
  text: string;
}

/** Where a condition is read: the entity (or interaction type) whose fields its rules name. */
interface Scope {
  fields: readonly CatalogField[];
}

function scopeOf(catalog: Catalog, name: string): Scope {
  return { fields: findEntity(catalog, name)?.fields ?? findInteractionType(catalog, name)?.fields ?? [] };
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "whose City is “Seattle”" for a rule; groups and related groups in their own words. */
function clause(node: ConditionNode, scope: Scope, opts: NaturalViewOptions, nested: boolean): string {
  try {
    switch (node.kind) {
      case 'rule': {
        const field = findField(scope.fields, String(node.field));
        const label = (name: string): string => findField(scope.fields, name)?.label ?? name;
        if (node.left !== undefined || node.right !== undefined) return expressionClause(node, label, field, opts);
        return `whose ${field?.label ?? String(node.field)} ${rulePredicate(node, field, opts)}`;
      }
      case 'group':
        return groupWords(node, scope, opts, nested);
      case 'related':
        return relatedWords(node, opts);
      default:
        return unknownNode(node);
    }
  } catch {
    // A malformed node (e.g. a half-typed file) still reads as something rather than breaking the view.
    return unknownNode(node);
  }
}

/** An expression rule: "whose Lifetime value / 12 is over 100", "whose Last visit is after Created on". */
function expressionClause(
  rule: RuleNode,
  label: (name: string) => string,
  field: CatalogField | undefined,
  opts: NaturalViewOptions,
): string {
  const left = exprWords(rule.left ?? { kind: 'field', field: rule.field }, label, opts, false);
  const right = rule.right ? exprWords(rule.right, label, opts, false) : undefined;
  const predicate = right === undefined ? rulePredicate(rule, field, opts) : `${comparisonPhrase(rule.operator, field)} ${right}`;
  return `whose ${left} ${predicate}`;
}

const ARITH_WORDS: Record<string, string> = { '+': '+', '-': '−', '*': '×', '/': '/' };

/** A formula with field labels and locale numbers; inner formulas in parentheses. */
function exprWords(e: ValueExpr, label: (name: string) => string, opts: NaturalViewOptions, inner: boolean): string {
  switch (e.kind) {
    case 'field':
      return label(e.field);
    case 'number':
      return displayNumber(e.value, opts.locale);
    case 'arith': {
      const text = `${exprWords(e.left, label, opts, true)} ${ARITH_WORDS[e.op] ?? e.op} ${exprWords(e.right, label, opts, true)}`;
      return inner ? `(${text})` : text;
    }
  }
}

/** The comparison between two expressions, in the words rulePredicate uses for values. */
function comparisonPhrase(op: string, field: CatalogField | undefined): string {
  const dates = field?.type === 'date' || field?.type === 'datetime';
  const words: Record<string, [string, string]> = {
    eq: ['is', 'is on'],
    ne: ['is not', 'is not on'],
    lt: ['is under', 'is before'],
    le: ['is at most', 'is on or before'],
    gt: ['is over', 'is after'],
    ge: ['is at least', 'is on or after'],
  };
  const w = words[op];
  return w ? w[dates ? 1 : 0] : humanize(op);
}

function unknownNode(node: unknown): string {
  const kind = typeof node === 'object' && node !== null && 'kind' in node ? String(node.kind) : 'unknown';
  return `(a “${humanize(kind)}” condition this view cannot describe)`;
}

/** Children of a group joined by its combinator; a NOT group reads as "not …" / "neither … nor …". */
function groupWords(
  group: GroupNode | { combinator: string; not?: boolean; children: ConditionNode[] },
  scope: Scope,
  opts: NaturalViewOptions,
  nested: boolean,
): string {
  const children = Array.isArray(group.children) ? group.children : [];
  // A group holding one node reads as that node (no "(either …)" around a whole block's single group).
  const only = children.length === 1 && !group.not ? children[0] : undefined;
  if (only) return clause(only, scope, opts, nested);
  const parts = children.map((c) => clause(c, scope, opts, true));
  const or = group.combinator === 'or';
  if (parts.length === 0) return group.not ? 'matching nothing' : 'matching everything';
  if (group.not) {
    if (parts.length === 1) return `not ${parts[0] ?? ''}`;
    return or ? `neither ${joinWords(parts, 'nor')}` : `not all of (${joinWords(parts, 'and')})`;
  }
  if (parts.length === 1) return parts[0] ?? '';
  if (or) return nested ? `(either ${joinWords(parts, 'or')})` : `either ${joinWords(parts, 'or')}`;
  const all = joinWords(parts, 'and');
  return nested ? `(${all})` : all;
}

/**
 * A related-entity group: to the referenced record, "whose Company is an Account whose Industry is
 * Retail"; back to the records referencing this one, "with at least one Opportunity whose …".
 */
function relatedWords(node: Extract<ConditionNode, { kind: 'related' }>, opts: NaturalViewOptions): string {
  const { catalog } = opts;
  const entityLabel = scopeLabelOf(catalog, node.entity);
  const inner = node.children.length === 0 ? '' : ` ${groupWords({ ...node, not: false }, scopeOf(catalog, node.entity), opts, true)}`;
  const relationship = findRelationship(catalog, node.relationship);
  if (node.direction === 'toReferenced') {
    const via = relationship ? relationshipLabelOf(catalog, relationship) : node.relationship;
    if (node.children.length === 0) return `whose ${via} ${node.not ? 'is empty' : 'is set'}`;
    return `whose ${via} is ${node.not ? 'not ' : ''}${article(entityLabel)} ${entityLabel}${inner}`;
  }
  const via = relationship ? ` (via ${relationshipLabelOf(catalog, relationship)})` : '';
  return `with ${node.not ? 'no' : 'at least one'} ${entityLabel}${via}${inner}`;
}

const COUNT_WORDS: Record<string, string> = { atLeast: 'at least', exactly: 'exactly', moreThan: 'more than', fewerThan: 'fewer than' };
const AGGREGATE_WORDS: Record<string, string> = { sum: 'a total', avg: 'an average', min: 'a smallest', max: 'a largest' };
const COMPARE_WORDS: Record<string, string> = {
  eq: 'of',
  ne: 'other than',
  lt: 'under',
  le: 'of at most',
  gt: 'over',
  ge: 'of at least',
};

/** "with at least 2 Email opened interactions whose Device is Mobile in the last 30 days". */
function interactionWords(block: InteractionBlock, opts: NaturalViewOptions): string {
  const { catalog, locale } = opts;
  const label = scopeLabelOf(catalog, block.interactionType) || 'interaction';
  const type = findInteractionType(catalog, block.interactionType);
  const n = block.count?.value;
  const count = `${COUNT_WORDS[block.count?.op] ?? humanize(String(block.count?.op))} ${typeof n === 'number' ? displayNumber(n, locale) : '?'}`;
  const parts = [`with ${count} ${label} ${n === 1 ? 'interaction' : 'interactions'}`];
  if (block.filter && block.filter.children.length > 0) parts.push(groupWords(block.filter, { fields: type?.fields ?? [] }, opts, true));
  parts.push(block.window?.kind === 'last' ? `in the last ${amountWords(block.window.amount, block.window.unit, locale)}` : 'ever');
  const agg = block.aggregate;
  if (agg) {
    const field = type ? findField(type.fields, agg.field) : undefined;
    const value = typeof agg.value === 'number' ? displayNumber(agg.value, locale) : String(agg.value);
    const fn = AGGREGATE_WORDS[agg.fn] ?? humanize(String(agg.fn));
    parts.push(`with ${fn} ${field?.label ?? agg.field} ${COMPARE_WORDS[agg.op] ?? humanize(String(agg.op))} ${value}`);
  }
  return parts.join(' ');
}

/** The block's own words, without its set operator: "contacts whose …", "members of the segment “VIP”". */
function blockWords(block: Block, opts: NaturalViewOptions): string {
  switch (block.kind) {
    case 'profile': {
      const root = block.root;
      if (!root || root.children.length === 0) return 'all contacts';
      const words = groupWords(root, scopeOf(opts.catalog, block.entity ?? 'contact'), opts, false);
      return `contacts ${words}`;
    }
    case 'interaction':
      return `contacts ${interactionWords(block, opts)}`;
    case 'segment':
      return `members of the segment “${opts.segmentName?.(block.segmentId) ?? block.segmentId}”`;
    default:
      return `contacts of a ${humanize(String((block as { kind?: unknown }).kind))} block this view cannot describe`;
  }
}

const LEAD: Record<SetOperator, string> = { union: 'Plus', intersect: 'Of these, only', except: 'Except' };

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The sentence of one block at `position` (the first block has no set operator). */
export function blockSentence(block: Block, position: number, opts: NaturalViewOptions): string {
  let words: string;
  try {
    words = blockWords(block, opts);
  } catch {
    words = 'contacts of a block this view cannot describe';
  }
  const lead = position === 0 ? '' : (LEAD[block.combine] ?? humanize(String(block.combine)));
  return `${capitalise(lead === '' ? words : `${lead} ${words}`)}.`;
}

/** The natural view: one sentence per block, in order (static segments: one sentence about their members). */
export function naturalView(definition: SegmentDefinition, opts: NaturalViewOptions): NaturalSentence[] {
  switch (definition.kind) {
    case 'static':
      return [{ blockId: '', text: 'Contacts added to this segment one by one (a static list).' }];
    case 'dynamic':
    case 'compound': {
      const blocks: readonly Block[] = Array.isArray(definition.blocks) ? definition.blocks : [];
      if (blocks.length === 0) return [{ blockId: '', text: 'No contacts yet: the definition has no blocks.' }];
      return blocks.map((b, i) => ({ blockId: b.id, text: blockSentence(b, i, opts) }));
    }
    default:
      return [{ blockId: '', text: 'A definition this view cannot describe.' }];
  }
}

/**
 * The lookup values a definition's rules name, by the entity they point at (the keys whose display
 * names the caller may fetch and pass back as `lookupName`).
 */
export function lookupKeys(definition: SegmentDefinition, catalog: Catalog): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const walk = (nodes: readonly ConditionNode[] | undefined, scope: Scope): void => {
    for (const n of Array.isArray(nodes) ? nodes : []) {
      if (n.kind === 'rule') {
        const field = findField(scope.fields, String(n.field));
        if (field?.type !== 'lookup' || !field.lookupEntity || !Array.isArray(n.values)) continue;
        const keys = out.get(field.lookupEntity) ?? new Set<string>();
        for (const v of n.values) keys.add(String(v));
        out.set(field.lookupEntity, keys);
      } else if (n.kind === 'group') walk(n.children, scope);
      else if (n.kind === 'related') walk(n.children, scopeOf(catalog, n.entity));
    }
  };
  if (definition.kind === 'dynamic' && Array.isArray(definition.blocks)) {
    for (const b of definition.blocks) {
      if (b.kind === 'profile') walk(b.root?.children, scopeOf(catalog, b.entity ?? 'contact'));
      else if (b.kind === 'interaction') walk(b.filter?.children, scopeOf(catalog, b.interactionType));
    }
  }
  return new Map([...out].map(([entity, keys]) => [entity, [...keys]]));
}

/** The natural view as one paragraph (exports, the API). */
export function naturalText(definition: SegmentDefinition, opts: NaturalViewOptions): string {
  return naturalView(definition, opts)
    .map((s) => s.text)
    .join(' ');
}
