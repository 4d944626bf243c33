/**
 * Small building blocks of the SQL compiler: a parameter list (values are always bound, never
 * spliced into SQL text), table aliases, and the error type for definitions that cannot compile.
 */
import { ApiFailure } from '../../../shared/api/result.js';

/** A compiled statement: SQL text with `?` placeholders and their values, in order. */
export interface CompiledSql {
  sql: string;
  params: (string | number | null)[];
}

export type SqlValue = string | number | null;

/** SQLite refuses more than 32,766 parameters in one statement; the documented limits stay well below. */
const MAX_PARAMS = 32_000;
/** Lists longer than this travel as one JSON parameter (`json_each`) instead of one `?` per value. */
const INLINE_LIST = 16;
/** Operands joined flat; longer chains become a balanced tree (SQLite allows expression depth 1000). */
const FLAT_JOIN = 16;

/**
 * `(a AND b AND …)`: flat for short chains, a balanced tree of parenthesised halves for long ones, so
 * thousands of conditions stay far below SQLite's expression depth limit. `empty` when there are none.
 */
export function joinBalanced(parts: readonly string[], op: 'AND' | 'OR', empty: string): string {
  if (parts.length === 0) return empty;
  if (parts.length <= FLAT_JOIN) return `(${parts.join(` ${op} `)})`;
  const mid = Math.ceil(parts.length / 2);
  return `(${joinBalanced(parts.slice(0, mid), op, empty)} ${op} ${joinBalanced(parts.slice(mid), op, empty)})`;
}

/** Collects bound parameters and hands out unique table aliases for one statement. */
export class SqlBuilder {
  readonly params: SqlValue[] = [];
  private aliasCount = 0;

  /** Binds a value and returns its placeholder. */
  bind(value: SqlValue): string {
    if (this.params.length >= MAX_PARAMS)
      throw compileError('This segment has too many values to evaluate in one query; see docs/limits.md');
    this.params.push(value);
    return '?';
  }

  /** A list of placeholders for several values, e.g. `?, ?, ?`. */
  bindList(values: readonly SqlValue[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }

  /** The inside of `x IN (…)`: placeholders for a few values, one JSON parameter read by json_each for many. */
  inList(values: readonly SqlValue[]): string {
    return values.length <= INLINE_LIST ? this.bindList(values) : `SELECT value FROM json_each(${this.bind(JSON.stringify(values))})`;
  }

  alias(): string {
    return `t${this.aliasCount++}`;
  }
}

/** Thrown when a definition names something the catalog does not have, or is not compilable. */
export function compileError(message: string, nodeId?: string): ApiFailure {
  return new ApiFailure('validation_failed', message, nodeId ? [{ path: nodeId, nodeId, message }] : undefined);
}
