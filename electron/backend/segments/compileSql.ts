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

/** Collects bound parameters and hands out unique table aliases for one statement. */
export class SqlBuilder {
  readonly params: SqlValue[] = [];
  private aliasCount = 0;

  /** Binds a value and returns its placeholder. */
  bind(value: SqlValue): string {
    this.params.push(value);
    return '?';
  }

  /** A list of placeholders for several values, e.g. `?, ?, ?`. */
  bindList(values: readonly SqlValue[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }

  alias(): string {
    return `t${this.aliasCount++}`;
  }
}

/** Thrown when a definition names something the catalog does not have, or is not compilable. */
export function compileError(message: string, nodeId?: string): ApiFailure {
  return new ApiFailure('validation_failed', message, nodeId ? [{ path: nodeId, nodeId, message }] : undefined);
}
