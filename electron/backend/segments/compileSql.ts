/**
 * Small building blocks of the SQL compiler: the value sink (values are bound as parameters or written
 * as the dialect's literals, never spliced from a definition in any other way), table aliases, balanced
 * boolean chains, and the error type for definitions that cannot compile.
 */
import { ApiFailure } from '../../../shared/api/result.js';
import type { SqlDialect } from './sql/dialect.js';
import { sqlite } from './sql/dialects/sqlite.js';

/** A compiled statement: SQL text with placeholders and their values, in order. */
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

/** How values reach the engine: bound parameters (the desktop) or literals (SQL that runs as printed). */
export type ValueMode = 'params' | 'literals';

/**
 * Collects a statement's values and hands out unique table aliases. Every value of a definition goes
 * through here: `bind` in `params` mode, the dialect's literal in `literals` mode.
 */
export class SqlBuilder {
  readonly params: SqlValue[] = [];
  private aliasCount = 0;

  constructor(
    readonly d: SqlDialect = sqlite,
    readonly mode: ValueMode = 'params',
  ) {}

  /** Binds a value and returns its placeholder (whatever the mode: for the desktop store's own forms). */
  bind(value: SqlValue): string {
    if (this.params.length >= MAX_PARAMS)
      throw compileError('This segment has too many values to evaluate in one query; see docs/limits.md');
    this.params.push(value);
    return this.d.placeholder(this.params.length);
  }

  /** A list of placeholders for several values, e.g. `?, ?, ?`. */
  bindList(values: readonly SqlValue[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }

  /** A text value. */
  text(v: string): string {
    return this.mode === 'params' ? this.bind(v) : this.d.text(v);
  }

  /** A finite number (the caller checked it). */
  number(n: number): string {
    return this.mode === 'params' ? this.bind(n) : this.d.number(n);
  }

  /** A boolean (bound as 1 / 0, the desktop store's spelling). */
  bool(v: boolean): string {
    return this.mode === 'params' ? this.bind(v ? 1 : 0) : this.d.bool(v);
  }

  /** A date bound: a datetime's epoch ms or a date's 'YYYY-MM-DD'. */
  dateBound(v: number | string): string {
    if (this.mode === 'params') return this.bind(v);
    return typeof v === 'number' ? this.d.instant(v) : this.d.date(v);
  }

  /** A text or number value, by its JS type. */
  value(v: string | number): string {
    return typeof v === 'number' ? this.number(v) : this.text(v);
  }

  /** The inside of `x IN (…)` for text values: a few placeholders, one JSON parameter for many, or literals. */
  inList(values: readonly string[]): string {
    if (this.mode === 'literals') return values.map((v) => this.d.text(v)).join(', ');
    const json = this.d.jsonListParam;
    return values.length <= INLINE_LIST || !json ? this.bindList(values) : json(this.bind(JSON.stringify(values)));
  }

  alias(): string {
    return `t${this.aliasCount++}`;
  }
}

/** Thrown when a definition names something the catalog does not have, or is not compilable. */
export function compileError(message: string, nodeId?: string): ApiFailure {
  return new ApiFailure('validation_failed', message, nodeId ? [{ path: nodeId, nodeId, message }] : undefined);
}
