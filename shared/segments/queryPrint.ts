/**
 * Printer of definitions as segment query text (spec §4). The output parses back (queryParse.ts) to a
 * definition with the same meaning. Conventions: "at least N" prints as `COUNT() > N-1` (the docs forbid
 * `>=`); relative dates print as DATEADD/DATEDIFF forms; related groups print as TRAVERSE terms;
 * multi-select membership prints as CONTAINS on the field; absolute dates print as 'YYYY-MM-DD'
 * strings (DATE() is not allowed in interaction filters).
 */
import type { Catalog } from '../models/catalog.js';
import type { Block, ConditionNode, GroupNode, InteractionBlock, RelativeUnit, RuleNode, RuleValue, SegmentDefinition } from './ast.js';
import { isExpressionRule, leftOf, printExpr } from './exprMatch.js';
import { findField, findInteractionType, resolveRelatedStep } from './catalogIndex.js';
import { printSplit } from './querySplit.js';
import { resolveManyToMany } from './manyToMany.js';

const UNIT: Record<RelativeUnit, string> = {
  days: 'DAY',
  months: 'MONTH',
  years: 'YEAR',
  hours: 'HOUR',
  minutes: 'MINUTE',
  seconds: 'SECOND',
  milliseconds: 'MILLISECOND',
};
const CMP = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
const PLAIN = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const RESERVED = new Set(
  'and or not true false isnull isnotnull contains startswith endswith traverse filter profile interaction segment having distinct date dateadd datediff datetimeutcnow datetimenowutc daystoanniversary monthstoanniversary union intersect except minus count sum avg min max utcdays utcmonths utcyears orderby skip take select'.split(
    ' ',
  ),
);

/** A catalog name as an identifier: bare when plain, else `[bracketed]` (names may hold spaces, '-', '.'). */
export function ident(name: string): string {
  return PLAIN.test(name) && !RESERVED.has(name.toLowerCase()) ? name : `[${name}]`;
}

function aliasBase(entity: string): string {
  return entity.replace(/[^\p{L}\p{N}_]/gu, '_').toLowerCase();
}

/** A printed piece and whether it needs parentheses when it is an operand of && / ||. */
interface Piece {
  text: string;
  compound: boolean;
}

export function literal(v: RuleValue): string {
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

class Printer {
  private aliasCount = new Map<string, number>();

  constructor(
    private readonly catalog: Catalog,
    private readonly names: (segmentId: string) => string | undefined,
  ) {}

  alias(entity: string): string {
    const base = aliasBase(entity);
    const n = (this.aliasCount.get(base) ?? 0) + 1;
    this.aliasCount.set(base, n);
    return `${base}_${n}`;
  }

  private rule(rule: RuleNode, owner: Scope): Piece {
    const ref = (name: string): string => {
      const fieldName = ident(findField(owner.fields, name)?.name ?? name);
      return owner.alias ? `${owner.alias}.${fieldName}` : fieldName;
    };
    const f = ref(rule.field);
    if (isExpressionRule(rule)) {
      const cmp = CMP[rule.operator as keyof typeof CMP] ?? '==';
      const right = rule.right ? printExpr(rule.right, ref) : literal(rule.values?.[0] ?? 0);
      return { text: `${printExpr(leftOf(rule), ref)} ${cmp} ${right}`, compound: false };
    }
    const vals = rule.values ?? [];
    const join = (parts: string[], sep: ' && ' | ' || '): Piece => ({ text: parts.join(sep), compound: parts.length > 1 });
    switch (rule.operator) {
      case 'eq':
      case 'ne': {
        const [cmp, sep] = rule.operator === 'eq' ? (['==', ' || '] as const) : (['!=', ' && '] as const);
        return join(
          vals.map((v) => `${f} ${cmp} ${literal(v)}`),
          sep,
        );
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return { text: `${f} ${CMP[rule.operator]} ${literal(vals[0] ?? '')}`, compound: false };
      case 'between':
        return { text: `${f} >= ${literal(vals[0] ?? '')} && ${f} <= ${literal(vals[1] ?? '')}`, compound: true };
      case 'contains':
      case 'containsAnyOf':
        return join(
          vals.map((v) => `${f} CONTAINS ${literal(v)}`),
          ' || ',
        );
      case 'containsAllOf':
        return join(
          vals.map((v) => `${f} CONTAINS ${literal(v)}`),
          ' && ',
        );
      case 'beginsWith':
        return join(
          vals.map((v) => `${f} STARTSWITH ${literal(v)}`),
          ' || ',
        );
      case 'endsWith':
        return join(
          vals.map((v) => `${f} ENDSWITH ${literal(v)}`),
          ' || ',
        );
      case 'notContains':
      case 'containsNoneOf':
        return join(
          vals.map((v) => `NOT(${f} CONTAINS ${literal(v)})`),
          ' && ',
        );
      case 'notBeginsWith':
        return join(
          vals.map((v) => `NOT(${f} STARTSWITH ${literal(v)})`),
          ' && ',
        );
      case 'notEndsWith':
        return join(
          vals.map((v) => `NOT(${f} ENDSWITH ${literal(v)})`),
          ' && ',
        );
      case 'inTheLast':
        return { text: `${f} >= DATEADD(${UNIT[rule.unit ?? 'days']}, -${rule.amount ?? 0}, DATETIMEUTCNOW())`, compound: false };
      case 'inTheNext':
        return { text: `${f} <= DATEADD(${UNIT[rule.unit ?? 'days']}, ${rule.amount ?? 0}, DATETIMEUTCNOW())`, compound: false };
      case 'ago':
        return { text: `DATEDIFF(${UNIT[rule.unit ?? 'days']}, ${f}, DATETIMEUTCNOW()) == ${rule.amount ?? 0}`, compound: false };
      case 'containsData':
        return { text: `ISNOTNULL(${f})`, compound: false };
      case 'notContainsData':
        return { text: `ISNULL(${f})`, compound: false };
      case 'anniversaryInTheNext':
        return { text: `DAYSTOANNIVERSARY(${f}) <= ${rule.amount ?? 0}`, compound: false };
      case 'anniversaryInMonth':
        return { text: `MONTHSTOANNIVERSARY(${f}) == ${rule.amount ?? 0}`, compound: false };
    }
  }

  /** Children of a group joined with its combinator (no outer parentheses, no NOT). */
  children(children: ConditionNode[], combinator: 'and' | 'or', scope: Scope): Piece {
    if (children.length === 0) return { text: 'True', compound: false };
    const parts = children.map((c) => this.operand(c, scope));
    return { text: parts.join(combinator === 'and' ? ' && ' : ' || '), compound: parts.length > 1 };
  }

  /** A node as an operand of && / ||: parenthesised when it is compound. */
  operand(node: ConditionNode, scope: Scope): string {
    const p = this.node(node, scope);
    return p.compound ? `(${p.text})` : p.text;
  }

  node(node: ConditionNode, scope: Scope): Piece {
    switch (node.kind) {
      case 'rule':
        return this.rule(node, scope);
      case 'group': {
        const inner = this.children(node.children, node.combinator, scope);
        return node.not ? { text: `NOT(${inner.text})`, compound: false } : inner;
      }
      case 'related': {
        if (node.direction === 'manyToMany') {
          // N:N prints by its own name: TRAVERSE(<a>_<b>_via_<intersect>, …) parses back to the N:N form.
          const nn = scope.entity ? resolveManyToMany(this.catalog.relationships, scope.entity, node.relationship) : undefined;
          const far = nn?.ok ? nn.target : node.entity;
          const farFields = this.catalog.entities.find((e) => e.name.toLowerCase() === far.toLowerCase())?.fields ?? [];
          const farScope: Scope = { entity: far, alias: this.alias(far), fields: farFields };
          const body = node.children.length > 0 ? `, FILTER(${this.children(node.children, node.combinator, farScope).text})` : '';
          const text = `TRAVERSE(${ident(nn?.ok ? nn.link.name : node.relationship)}, ${farScope.alias}${body})`;
          return { text: node.not ? `NOT(${text})` : text, compound: false };
        }
        const step = scope.entity ? resolveRelatedStep(this.catalog, scope.entity, node.relationship, node.direction) : undefined;
        const target = step?.ok ? step.target : node.entity;
        const fields = this.catalog.entities.find((e) => e.name.toLowerCase() === target.toLowerCase())?.fields ?? [];
        const inner: Scope = { entity: target, alias: this.alias(target), fields };
        const relName = step?.ok ? step.relationship.name : node.relationship;
        const filter = node.children.length > 0 ? `, FILTER(${this.children(node.children, node.combinator, inner).text})` : '';
        const text = `TRAVERSE(${ident(relName)}, ${inner.alias}${filter})`;
        return { text: node.not ? `NOT(${text})` : text, compound: false };
      }
    }
  }

  /** `.FILTER(…)` for a root group, or '' when it is empty (matches everything). */
  filter(root: GroupNode, scope: Scope): string {
    if (root.children.length === 0 && !root.not) return '';
    return `.FILTER(${this.node(root, scope).text})`;
  }

  block(block: Block): string {
    switch (block.kind) {
      case 'profile': {
        const contact = this.catalog.entities.find((e) => e.name.toLowerCase() === 'contact');
        const scope: Scope = { entity: contact?.name ?? 'contact', alias: this.alias('contact'), fields: contact?.fields ?? [] };
        return `PROFILE(${ident(scope.entity ?? 'contact')}, ${scope.alias})${this.filter(block.root, scope)}`;
      }
      case 'interaction':
        return this.interaction(block);
      case 'segment': {
        const name = this.names(block.segmentId) ?? block.segmentId;
        const ref = `SEGMENT(${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase()) ? name : literal(name)})`;
        return block.split ? ref + printSplit(block.split) : ref;
      }
    }
  }

  interaction(block: InteractionBlock): string {
    const type = findInteractionType(this.catalog, block.interactionType);
    const name = type?.name ?? block.interactionType;
    const scope: Scope = { entity: undefined, alias: undefined, fields: type?.fields ?? [] };
    const filter = block.filter ? this.filter(block.filter, scope) : '';
    const { op, value } = block.count;
    const count =
      op === 'atLeast'
        ? `COUNT() > ${value - 1}`
        : op === 'moreThan'
          ? `COUNT() > ${value}`
          : op === 'exactly'
            ? `COUNT() == ${value}`
            : `COUNT() < ${value}`;
    const implicitCount = (op === 'atLeast' && value === 1) || (op === 'moreThan' && value === 0);
    const agg = block.aggregate
      ? `${block.aggregate.fn.toUpperCase()}(${ident(findField(scope.fields, block.aggregate.field)?.name ?? block.aggregate.field)}) ${CMP[block.aggregate.op]} ${block.aggregate.value}`
      : undefined;
    const cond = agg ? (implicitCount ? agg : `${count} && ${agg}`) : count;
    const w = block.window;
    const window = w.kind === 'last' ? `, UTC${UNIT[w.unit]}S(${w.amount})` : '';
    return `INTERACTION(${ident(name)}, ${ident(`${name}_ContactLink`)})${filter}.HAVING(${cond}${window})`;
  }
}

interface Scope {
  entity: string | undefined;
  alias: string | undefined;
  fields: NonNullable<Catalog['entities'][number]>['fields'];
}

/**
 * Prints a dynamic or compound definition as query text, one block per line, combined left to right.
 * `names` maps a segment id to its name (ids print when it returns undefined). A static segment has
 * no query: the result is ''.
 */
export function printDefinition(
  def: SegmentDefinition,
  catalog: Catalog,
  names: (segmentId: string) => string | undefined = () => undefined,
): string {
  if (def.kind === 'static') return '';
  const p = new Printer(catalog, names);
  return def.blocks.map((b: Block, i) => (i === 0 ? p.block(b) : `${b.combine.toUpperCase()} ${p.block(b)}`)).join('\n');
}
