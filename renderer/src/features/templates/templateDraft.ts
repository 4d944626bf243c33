/**
 * The template editor's model: which rows of a source definition are parameters (with their help
 * text), and the definition that results. Pure, so it is tested without a screen.
 */
import type { Catalog } from '../../../../shared/models/catalog';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { definitionLines, type ReadableLine } from '../../../../shared/segments/templateText';
import { makeClause, makeParameter } from '../../../../shared/segments/templates';

/** Help text per parameter row (node id → help). */
export type ParameterChoices = ReadonlyMap<string, string>;

/** Every row of `source` in reading order (all rows: the editor must reach each one). */
export function editorRows(source: DynamicDefinition, catalog: Catalog): ReadableLine[] {
  return definitionLines(source, catalog, Infinity);
}

/** The rows that are parameters in `source` already. */
export function initialChoices(rows: readonly ReadableLine[]): Map<string, string> {
  return new Map(rows.flatMap((r) => (r.nodeId && r.parameter !== undefined ? [[r.nodeId, r.parameter] as const] : [])));
}

/** The help text a row starts with when it is made a parameter: what to enter, by the row's own words. */
export function defaultHelp(row: ReadableLine): string {
  return `Enter the value for: ${row.text.replace(/ ‹.*›.*$/, '')}`;
}

/**
 * `source` with `choices` applied: chosen rows become (or stay) parameters with their help text; rows that
 * were parameters and are no longer chosen become clauses again. Throws TemplateEditError (empty help …).
 */
export function applyChoices(source: DynamicDefinition, rows: readonly ReadableLine[], choices: ParameterChoices): DynamicDefinition {
  let def = source;
  for (const row of rows) {
    if (!row.nodeId) continue;
    const help = choices.get(row.nodeId);
    if (help !== undefined) def = makeParameter(def, row.nodeId, help);
    else if (row.parameter !== undefined) def = makeClause(def, row.nodeId);
  }
  return def;
}
