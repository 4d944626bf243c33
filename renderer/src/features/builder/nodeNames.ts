/**
 * Names of builder rows and groups in words, for the controls that act on them (WCAG 2.4.6 / 4.1.2):
 * "Remove rule City equals Seattle", "Move group of 2 rows up". A screen-reader user tabbing through a
 * long definition hears which row a button belongs to, not the same "Remove" forty times.
 */
import type { Path, RuleGroupTypeAny, RuleType } from 'react-querybuilder';
import type { RuleOperator } from '../../../../shared/segments/ast';
import { operatorLabel } from '../../../../shared/segments/operators';
import { printExpr } from '../../../../shared/segments/exprMatch';
import { fieldScope, isRqbGroup, readPayload, relatedInfoOf } from './astRqb';
import type { BuilderContextValue } from './builderContext';

/** A rule as a person reads it: "City equals Seattle, Redmond" (the row's stand-in shows the same text). */
export function ruleText(rule: Pick<RuleType, 'field' | 'operator' | 'value'>, ctx: Pick<BuilderContextValue, 'index'>): string {
  const field = ctx.index.field(rule.field);
  const payload = readPayload(rule.value);
  const op = field ? operatorLabel(rule.operator as RuleOperator, field.type) : rule.operator;
  // Expression rows read with field labels: "Lifetime Value / 12 greater than 100", "Last Visit after Created On".
  const fields = ctx.index.fieldsOf(fieldScope(rule.field));
  const labelOf = (name: string): string => fields.find((f) => f.name.toLowerCase() === name.toLowerCase())?.label ?? name;
  const subject = payload.left ? printExpr(payload.left, labelOf) : (field?.label ?? rule.field);
  const value = payload.right
    ? printExpr(payload.right, labelOf)
    : (payload.values?.map(String).join(', ') ?? (payload.amount !== undefined ? `${payload.amount} ${payload.unit ?? ''}`.trim() : ''));
  return [subject, op, value].filter((s) => s !== '').join(' ');
}

/** "rule City equals Seattle", "Account group", or "group of 3 rows" (the top group: "all rows of the block"). */
export function nodeName(node: RuleGroupTypeAny | RuleType, path: Path, ctx: Pick<BuilderContextValue, 'index'>): string {
  if (!isRqbGroup(node)) return `rule ${ruleText(node as RuleType, ctx)}`;
  if (path.length === 0) return 'all rows of the block';
  const related = relatedInfoOf(node);
  const n = node.rules.length;
  const rows = `${n} ${n === 1 ? 'row' : 'rows'}`;
  return related ? `${ctx.index.scopeLabel(related.entity)} group of ${rows}` : `group of ${rows}`;
}

/** The path of the node with `id` in `query`, or null. */
export function pathOfId(query: RuleGroupTypeAny, id: string, at: Path = []): Path | null {
  for (const [i, child] of query.rules.entries()) {
    if (typeof child === 'string') continue;
    if (child.id === id) return [...at, i];
    if (isRqbGroup(child)) {
      const inner = pathOfId(child, id, [...at, i]);
      if (inner) return inner;
    }
  }
  return null;
}
