/**
 * Segment templates (F19): making a row a parameter and back, checking a template against a catalog, and
 * describing it for the gallery. Pure: the backend stores templates (electron/backend/templates/) and the
 * built-in ones are in templateLibrary.ts. A parameter lives in the AST as `parameter: { help }` on a rule
 * or an interaction block (ast.ts); parameters.ts says when one is filled.
 */
import type { Catalog } from '../models/catalog.js';
import type { SegmentTemplate, TemplateListItem, TemplateParameterInfo } from '../models/template.js';
import type { ConditionNode, DynamicDefinition, InteractionBlock, RuleNode } from './ast.js';
import { findEntity, findField, findInteractionType, scopeLabelOf } from './catalogIndex.js';
import { listParameters, type ParameterRef } from './parameters.js';
import { definitionLines } from './templateText.js';
import { validateDefinition } from './validate.js';

/** Why a parameter operation was refused, in words. */
export class TemplateEditError extends Error {}

type Found = { kind: 'rule'; node: RuleNode } | { kind: 'block'; node: InteractionBlock };

function findIn(nodes: readonly ConditionNode[], id: string): RuleNode | undefined {
  for (const n of nodes) {
    if (n.kind === 'rule') {
      if (n.id === id) return n;
    } else {
      const hit = findIn(n.children, id);
      if (hit) return hit;
    }
  }
  return undefined;
}

function findNode(def: DynamicDefinition, id: string): Found | undefined {
  for (const b of def.blocks) {
    if (b.kind === 'interaction' && b.id === id) return { kind: 'block', node: b };
    const rows = b.kind === 'profile' ? b.root.children : b.kind === 'interaction' ? (b.filter?.children ?? []) : [];
    const rule = findIn(rows, id);
    if (rule) return { kind: 'rule', node: rule };
  }
  return undefined;
}

/**
 * Makes row `nodeId` (a rule, any field, also inside related-entity groups; or an interaction block's time
 * window) a parameter with `help`: the rule's value is dropped (its unit kept), the help text stands in for
 * it. Returns a new definition; `def` is not changed.
 */
export function makeParameter(def: DynamicDefinition, nodeId: string, help: string): DynamicDefinition {
  const text = help.trim();
  if (text === '') throw new TemplateEditError('Enter the help text the parameter row shows instead of a value.');
  const copy = JSON.parse(JSON.stringify(def)) as DynamicDefinition;
  const found = findNode(copy, nodeId);
  if (!found) throw new TemplateEditError(`There is no row '${nodeId}' that can be a parameter (rules and interaction time windows can).`);
  if (found.kind === 'block') {
    if (found.node.window.kind !== 'last')
      throw new TemplateEditError('Only a time window "in the last …" can be a parameter; set the block to a window first.');
    found.node.parameter = { help: text };
    return copy;
  }
  const rule = found.node;
  delete rule.values;
  delete rule.amount;
  rule.parameter = { help: text };
  return copy;
}

/** Turns parameter `nodeId` back into a normal row (its value then has to be entered like any other). */
export function makeClause(def: DynamicDefinition, nodeId: string): DynamicDefinition {
  const copy = JSON.parse(JSON.stringify(def)) as DynamicDefinition;
  const found = findNode(copy, nodeId);
  if (!found?.node.parameter) throw new TemplateEditError(`Row '${nodeId}' is not a parameter.`);
  delete found.node.parameter;
  return copy;
}

/** What a parameter is about, by catalog labels: the field's label, or "<type>: time window". */
function parameterLabel(catalog: Catalog, p: ParameterRef): string {
  const scopeLabel = scopeLabelOf(catalog, p.scope);
  if (p.kind === 'window') return `${scopeLabel}: time window`;
  const fields = findEntity(catalog, p.scope)?.fields ?? findInteractionType(catalog, p.scope)?.fields ?? [];
  const label = findField(fields, p.name)?.label ?? p.name;
  // Fields of other entities say whose they are ("Account: Industry"); contact fields stand alone.
  return p.scope.toLowerCase() === 'contact' ? label : `${scopeLabel}: ${label}`;
}

/** The template's parameters with labels, for the gallery and the designer. */
export function templateParameters(def: DynamicDefinition, catalog: Catalog): TemplateParameterInfo[] {
  return listParameters(def).map((p) => ({ nodeId: p.nodeId, label: parameterLabel(catalog, p), help: p.help }));
}

/**
 * Whether `def` can be used with `catalog`: null when it can, else the reason in words naming what is
 * missing ("Needs the field 'Lifetime Value' on Contact, which this database does not have").
 */
export function unavailableReason(def: DynamicDefinition, catalog: Catalog): string | null {
  if (!findEntity(catalog, 'contact')) return 'This database has no contact entity yet.';
  for (const b of def.blocks)
    if (b.kind === 'interaction' && !findInteractionType(catalog, b.interactionType))
      return `Needs the interaction type '${b.interactionType}', which this database does not have.`;
  const issues = validateDefinition(def, catalog, { template: true });
  const first = issues[0];
  return first ? `Does not fit this database: ${first.message}.` : null;
}

/** A template as the gallery shows it against `catalog`. */
export function describeTemplate(t: SegmentTemplate, catalog: Catalog): TemplateListItem {
  const reason = unavailableReason(t.definition, catalog);
  return {
    ...t,
    available: reason === null,
    unavailableReason: reason,
    lines: definitionLines(t.definition, catalog),
    parameters: templateParameters(t.definition, catalog),
  };
}

/** Templates matching a search text (name, description, labels; case-insensitive) and, if given, a label. */
export function filterTemplates<T extends SegmentTemplate>(templates: readonly T[], search: string, label: string | null): T[] {
  const q = search.trim().toLowerCase();
  return templates.filter(
    (t) =>
      (label === null || t.labels.some((l) => l.toLowerCase() === label.toLowerCase())) &&
      (q === '' || [t.name, t.description, ...t.labels].some((s) => s.toLowerCase().includes(q))),
  );
}
