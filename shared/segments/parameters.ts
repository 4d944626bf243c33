/**
 * Template parameters (F19): which rows of a definition ask for a value, whether they are filled, and the
 * messages that name them. The AST carries a parameter as an optional `parameter: { help }` on a rule or an
 * interaction block (ast.ts TemplateParameter); everything else about templates is in templates.ts.
 */
import type { Block, ConditionNode, InteractionBlock, RuleNode, SegmentDefinition, TemplateParameter } from './ast.js';
import { operatorArity } from './operators.js';

/** True when a parameter rule still needs its value: no values, or no amount for a relative date. */
export function isUnfilledRule(rule: RuleNode): boolean {
  if (!rule.parameter) return false;
  const arity = operatorArity(rule.operator);
  if (arity === 'none') return false;
  if (arity === 'relative') return rule.amount === undefined;
  return (rule.values ?? []).length === 0;
}

/** True when a parameterised interaction block's time window has not been set yet. */
export function isUnfilledBlock(block: InteractionBlock): boolean {
  return block.parameter !== undefined;
}

/** The validator's message for an unfilled parameter row, naming the row by its field label. */
export function unfilledRuleMessage(fieldLabel: string, parameter: TemplateParameter): string {
  return `Fill in the parameter row '${fieldLabel}': ${parameter.help}`;
}

/** The validator's message for an unfilled time-window parameter, naming the block by its interaction type. */
export function unfilledWindowMessage(typeLabel: string, parameter: TemplateParameter): string {
  return `Fill in the time window of the '${typeLabel}' block: ${parameter.help}`;
}

/** One parameter of a definition: the node that carries it, where, and whether it is still unfilled. */
export interface ParameterRef {
  nodeId: string;
  kind: 'rule' | 'window';
  /** Rule: the field name; window: the interaction type. */
  name: string;
  /** The entity or interaction type whose field the rule reads (window: the interaction type). */
  scope: string;
  help: string;
  unfilled: boolean;
}

function collect(nodes: readonly ConditionNode[], scope: string, out: ParameterRef[]): void {
  for (const n of nodes) {
    if (n.kind === 'rule') {
      if (n.parameter) out.push({ nodeId: n.id, kind: 'rule', name: n.field, scope, help: n.parameter.help, unfilled: isUnfilledRule(n) });
    } else collect(n.children, n.kind === 'related' ? n.entity : scope, out);
  }
}

/** Every parameter of `def`, in reading order (block by block, rows top to bottom). */
export function listParameters(def: SegmentDefinition): ParameterRef[] {
  const out: ParameterRef[] = [];
  if (def.kind !== 'dynamic') return out;
  def.blocks.forEach((b: Block) => {
    if (b.kind === 'profile') collect(b.root.children, b.entity, out);
    if (b.kind === 'interaction') {
      const scope = b.interactionType;
      if (b.parameter) out.push({ nodeId: b.id, kind: 'window', name: scope, scope, help: b.parameter.help, unfilled: isUnfilledBlock(b) });
      if (b.filter) collect(b.filter.children, scope, out);
    }
  });
  return out;
}
