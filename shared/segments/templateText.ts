/**
 * A definition in readable lines for the template gallery's information panel: catalog labels, the
 * builder's operator words, parameters shown as their help text in guillemets. Not a query language: the
 * lines are for reading only (docs/semantics.md "Template parameters").
 */
import type { Catalog, CatalogField } from '../models/catalog.js';
import type { Block, ConditionNode, DynamicDefinition, RuleNode } from './ast.js';
import { findEntity, findField, findInteractionType, findRelationship, relationshipCaption, scopeLabelOf } from './catalogIndex.js';
import { operatorArity, operatorLabel, unitLabel } from './operators.js';
import { isUnfilledRule } from './parameters.js';

/** One readable line, indented by depth (0: a block). */
export interface ReadableLine {
  depth: number;
  text: string;
  /** Set on rows that can be a template parameter: rules, and interaction blocks with a window "in the last …". */
  nodeId?: string;
  /** The row's parameter help text when it is one. */
  parameter?: string;
}

/** Groups longer than this are shortened: the first rows and "… and N more". */
const MAX_ROWS_SHOWN = 4;

const COMBINE: Record<Block['combine'], string> = { union: 'Add', intersect: 'Keep only', except: 'Remove' };
const COUNT: Record<string, string> = { atLeast: 'at least', exactly: 'exactly', moreThan: 'more than', fewerThan: 'fewer than' };

function ruleText(rule: RuleNode, fields: readonly CatalogField[]): string {
  const field = findField(fields, rule.field);
  const label = field?.label ?? rule.field;
  const op = field ? operatorLabel(rule.operator, field.type) : rule.operator;
  if (isUnfilledRule(rule) && rule.parameter) {
    const unit = rule.unit ? ` ${rule.unit}` : '';
    return `${label} ${op} ‹${rule.parameter.help}›${operatorArity(rule.operator) === 'relative' ? unit : ''}`;
  }
  const arity = operatorArity(rule.operator);
  if (arity === 'none') return `${label} ${op}`;
  if (arity === 'relative') {
    const amount = rule.amount ?? 0;
    const unit = rule.unit ? unitLabel(amount, rule.unit) : '';
    return rule.operator === 'ago' ? `${label} ${amount} ${unit} ago` : `${label} ${op} ${amount} ${unit}`;
  }
  const values = (rule.values ?? []).map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return `${label} ${op} ${values.join(arity === 'pair' ? ' and ' : ' or ')}`;
}

function conditionLines(
  catalog: Catalog,
  nodes: readonly ConditionNode[],
  fields: readonly CatalogField[],
  depth: number,
  max: number,
): ReadableLine[] {
  const out: ReadableLine[] = [];
  nodes.slice(0, max).forEach((n) => {
    if (n.kind === 'rule')
      out.push({ depth, text: ruleText(n, fields), nodeId: n.id, ...(n.parameter ? { parameter: n.parameter.help } : {}) });
    else if (n.kind === 'group') {
      out.push({ depth, text: `${n.not ? 'Not ' : ''}${n.combinator === 'and' ? 'All of' : 'Any of'}:` });
      out.push(...conditionLines(catalog, n.children, fields, depth + 1, max));
    } else {
      const rel = findRelationship(catalog, n.relationship);
      const target = findEntity(catalog, n.entity);
      const caption = rel ? relationshipCaption(catalog, rel, n.direction) : n.entity;
      out.push({ depth, text: `${n.not ? 'No' : 'Has a'} ${caption} where ${n.combinator === 'and' ? 'all' : 'any'} of:` });
      out.push(...conditionLines(catalog, n.children, target?.fields ?? [], depth + 1, max));
    }
  });
  if (nodes.length > max) out.push({ depth, text: `… and ${nodes.length - max} more rows` });
  return out;
}

function blockLines(catalog: Catalog, block: Block, first: boolean, max: number): ReadableLine[] {
  const verb = first ? '' : `${COMBINE[block.combine]}: `;
  switch (block.kind) {
    case 'profile': {
      const contact = findEntity(catalog, 'contact');
      const label = contact?.label ?? 'Contact';
      if (block.root.children.length === 0) return [{ depth: 0, text: `${verb}All ${label.toLowerCase()}s` }];
      const how = block.root.combinator === 'and' ? 'all' : 'any';
      return [
        { depth: 0, text: `${verb}${label}s where ${how} of:` },
        ...conditionLines(catalog, block.root.children, contact?.fields ?? [], 1, max),
      ];
    }
    case 'interaction': {
      const type = findInteractionType(catalog, block.interactionType);
      const w = block.window;
      const window = block.parameter
        ? `in the last ‹${block.parameter.help}›${w.kind === 'last' ? ` ${w.unit}` : ''}`
        : w.kind === 'lifetime'
          ? 'ever'
          : `in the last ${w.amount} ${unitLabel(w.amount, w.unit)}`;
      const label = scopeLabelOf(catalog, block.interactionType);
      const head = `${verb}${COUNT[block.count.op] ?? block.count.op} ${block.count.value} × ${label}, ${window}`;
      const filter = block.filter?.children ?? [];
      const row = {
        ...(w.kind === 'last' ? { nodeId: block.id } : {}),
        ...(block.parameter ? { parameter: block.parameter.help } : {}),
      };
      return filter.length === 0
        ? [{ depth: 0, text: head, ...row }]
        : [{ depth: 0, text: `${head}, where:`, ...row }, ...conditionLines(catalog, filter, type?.fields ?? [], 1, max)];
    }
    case 'segment':
      return [{ depth: 0, text: `${verb}members of another segment` }];
  }
}

/** `def` as readable lines, block by block; a group shows at most `maxRows` rows (all: Infinity). */
export function definitionLines(def: DynamicDefinition, catalog: Catalog, maxRows = MAX_ROWS_SHOWN): ReadableLine[] {
  return def.blocks.flatMap((b, i) => blockLines(catalog, b, i === 0, maxRows));
}
