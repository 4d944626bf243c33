/**
 * Formulas as the designer's formula boxes hold them: one value expression in query-text syntax
 * (`lifetimevalue / 12`, `numberofemployees * 2 + 1`), parsed with the query-text grammar so the two
 * ways of writing a condition can never differ.
 */
import type { Catalog, CatalogField } from '../models/catalog.js';
import type { ValueExpr } from './ast.js';
import { printExpr } from './exprMatch.js';
import { ConditionParser } from './queryConditions.js';
import { QueryTextError } from './queryLexer.js';
import { ident } from './queryPrint.js';

class FormulaParser extends ConditionParser {
  parse(entity: string, fields: readonly CatalogField[]): ValueExpr {
    return this.parseWholeExpression({ kind: 'entity', entity, alias: undefined, fields });
  }
}

/** Parses `text` as a formula over `fields` of `entity`; errors name the column. */
export function parseFormula(
  text: string,
  catalog: Catalog,
  entity: string,
  fields: readonly CatalogField[],
): { ok: true; expr: ValueExpr } | { ok: false; message: string } {
  try {
    return { ok: true, expr: new FormulaParser(text, catalog).parse(entity, fields) };
  } catch (e) {
    if (e instanceof QueryTextError) return { ok: false, message: `${e.message} (column ${e.column})` };
    throw e;
  }
}

/** A formula as the designer shows it (field names as in the catalog). */
export function formulaText(e: ValueExpr, fields: readonly CatalogField[]): string {
  return printExpr(e, (name) => ident(fields.find((f) => f.name.toLowerCase() === name.toLowerCase())?.name ?? name));
}
