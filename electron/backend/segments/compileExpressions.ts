/**
 * Expression rules (shared/segments/exprMatch.ts) → SQL: two fields of one record compared, and
 * arithmetic + - * / on numbers. Plain SQL comparison is already three-valued (NULL on either side
 * gives NULL), so no guard is needed in either polarity. Arithmetic runs on REAL (IEEE doubles, like
 * the evaluator): every operand is cast, so 7 / 2 is 3.5, not SQLite's integer 3; `x / NULLIF(y, 0)`
 * makes division by zero NULL, as the evaluator does.
 */
import type { RuleNode, ValueExpr } from '../../../shared/segments/ast.js';
import type { CatalogField } from '../../../shared/models/catalog.js';
import { exprKind, expressionRuleProblem, leftOf, type ExprKind } from '../../../shared/segments/exprMatch.js';
import type { StorageField } from './compileCatalog.js';
import { quoteIdent } from './compileCatalog.js';
import { compileError, type SqlBuilder } from './compileSql.js';

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

/** How an engine spells the pieces of an expression (SQLite binds values; the warehouse inlines literals). */
export interface ExprSql {
  /** The column holding `field` for comparisons of `kind` (text and choices: the folded shadow). */
  column(field: StorageField, kind: ExprKind): string;
  /** A number as a double. */
  number(n: number): string;
  /** A numeric column as a double. */
  asDouble(sql: string): string;
}

/** SQLite's spelling over table alias `alias`, values bound through `b`. */
export function sqliteExprSql(b: SqlBuilder, alias: string): ExprSql {
  return {
    column: (f, kind) => {
      const c = kind === 'text' || kind === 'choice' ? f.foldedColumn : f.column;
      if (!c) throw new Error(`Field ${f.name} has no folded shadow column`);
      return `${alias}.${quoteIdent(c)}`;
    },
    number: (n) => `CAST(${b.bind(n)} AS REAL)`,
    asDouble: (sql) => `CAST(${sql} AS REAL)`,
  };
}

function exprSql(e: ValueExpr, kind: ExprKind, fields: Map<string, StorageField>, sql: ExprSql, ruleId: string): string {
  switch (e.kind) {
    case 'number':
      return sql.number(e.value);
    case 'field': {
      const f = fields.get(e.field.toLowerCase());
      if (!f) throw compileError(`Unknown field '${e.field}'`, ruleId);
      const c = sql.column(f, kind);
      return kind === 'number' ? sql.asDouble(c) : c;
    }
    case 'arith': {
      const l = exprSql(e.left, 'number', fields, sql, ruleId);
      const r = exprSql(e.right, 'number', fields, sql, ruleId);
      return e.op === '/' ? `(${l} / NULLIF(${r}, 0))` : `(${l} ${e.op} ${r})`;
    }
  }
}

/** Compiles an expression rule over `fields` (lower-cased names), the scope's whole field map. */
export function compileExpressionRule(rule: RuleNode, fields: Map<string, StorageField>, sql: ExprSql): string {
  const find = (name: string): CatalogField | undefined => {
    const f = fields.get(name.toLowerCase());
    return f ? catalogFieldOf(f) : undefined;
  };
  const problem = expressionRuleProblem(rule, find);
  if (problem) throw compileError(`Rule on '${rule.field}': ${problem}`, rule.id);
  const k = exprKind(leftOf(rule), find);
  const kind: ExprKind = typeof k === 'string' ? 'number' : k.kind;
  const right: ValueExpr = rule.right ?? { kind: 'number', value: Number(rule.values?.[0]) };
  const l = exprSql(leftOf(rule), kind, fields, sql, rule.id);
  const r = exprSql(right, kind, fields, sql, rule.id);
  return `(${l} ${CMP[rule.operator] ?? '='} ${r})`;
}
