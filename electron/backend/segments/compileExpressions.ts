/**
 * Expression rules (shared/segments/exprMatch.ts) → SQL for every target: two fields of one record
 * compared, and arithmetic + - * / on numbers. Plain SQL comparison is already three-valued (NULL on
 * either side gives NULL), so no guard is needed in either polarity. Arithmetic runs on doubles like
 * the evaluator: every operand goes through `SqlDialect.toDouble`, so 7 / 2 is 3.5 (not SQLite's
 * integer 3) and no engine overflows an integer; `x / NULLIF(y, 0)` makes division by zero NULL, as
 * the evaluator does (PostgreSQL would otherwise raise an error).
 */
import type { RuleNode, ValueExpr } from '../../../shared/segments/ast.js';
import type { CatalogField } from '../../../shared/models/catalog.js';
import { exprKind, expressionRuleProblem, leftOf, type ExprKind } from '../../../shared/segments/exprMatch.js';
import type { StorageField } from './compileCatalog.js';
import { quoteName } from './compileRules.js';
import { compileError, type SqlBuilder } from './compileSql.js';
import type { TargetColumn } from './compileTarget.js';

const CMP: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** A storage field as the shared code sees it (type, options, lookup target). */
export function catalogFieldOf(f: StorageField): CatalogField {
  return {
    name: f.name,
    label: f.name,
    type: f.type,
    ...(f.options.length ? { options: f.options } : {}),
    ...(f.lookupEntity ? { lookupEntity: f.lookupEntity } : {}),
  };
}

interface Ctx {
  columns: ReadonlyMap<string, TargetColumn>;
  b: SqlBuilder;
  alias: string;
  ruleId: string;
}

function exprSql(e: ValueExpr, kind: ExprKind, c: Ctx): string {
  const d = c.b.d;
  switch (e.kind) {
    case 'number':
      return d.toDouble(c.b.number(e.value));
    case 'field': {
      const col = c.columns.get(e.field.toLowerCase());
      if (!col) throw compileError(`Unknown field '${e.field}'`, c.ruleId);
      // Text and choices compare folded, like every text comparison (the shadow column).
      const name = kind === 'text' || kind === 'choice' ? col.folded : col.name;
      if (!name) throw compileError(`Field '${e.field}' has no folded shadow column`, c.ruleId);
      const sql = `${c.alias}.${quoteName(d, name)}`;
      return kind === 'number' ? d.toDouble(sql) : sql;
    }
    case 'arith': {
      const l = exprSql(e.left, 'number', c);
      const r = exprSql(e.right, 'number', c);
      return e.op === '/' ? `(${l} / NULLIF(${r}, 0))` : `(${l} ${e.op} ${r})`;
    }
  }
}

/** Compiles an expression rule over the scope's columns (by lower-cased field name) under `alias`. */
export function compileExpressionRule(rule: RuleNode, columns: ReadonlyMap<string, TargetColumn>, b: SqlBuilder, alias: string): string {
  const find = (name: string): CatalogField | undefined => {
    const col = columns.get(name.toLowerCase());
    return col ? catalogFieldOf(col.field) : undefined;
  };
  const problem = expressionRuleProblem(rule, find);
  if (problem) throw compileError(`Rule on '${rule.field}': ${problem}`, rule.id);
  const k = exprKind(leftOf(rule), find);
  const kind: ExprKind = typeof k === 'string' ? 'number' : k.kind;
  const right: ValueExpr = rule.right ?? { kind: 'number', value: Number(rule.values?.[0]) };
  const c: Ctx = { columns, b, alias, ruleId: rule.id };
  return `(${exprSql(leftOf(rule), kind, c)} ${CMP[rule.operator] ?? '='} ${exprSql(right, kind, c)})`;
}
