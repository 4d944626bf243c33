/**
 * What differs between SQL engines, in one interface: SQLite (the desktop store), PostgreSQL and DuckDB
 * today; a new engine (Snowflake, BigQuery, Trino, Spark SQL) is one file in `dialects/` implementing
 * {@link SqlDialect} and one line in `dialects/index.ts`. The one SQL compiler (../compile*.ts) writes
 * every engine-specific construct through it; what is about a store's table layout (rids or keys,
 * shadow columns, the desktop's summary table) is a {@link CompileTarget} (../compileTarget.ts) instead.
 *
 * Conventions every dialect keeps (docs/warehouse.md, docs/sql-compiler.md):
 *  - identifiers come only from the catalog and are checked before quoting; values are either bound
 *    parameters (the desktop) or inlined literals (exported SQL, which runs as printed, e.g. `psql -f`);
 *  - a template gets each value argument (`v`) already rendered (a placeholder or a literal) and must use
 *    it exactly once, in the order given, so positional parameters stay in step with the text;
 *  - "instant" expressions are the engine's timestamps (SQLite: epoch ms integers), "wall" expressions
 *    are zone-less TIMESTAMPs read as a local wall clock, "day" expressions are DATEs; no expression
 *    depends on the session's time zone setting (every conversion names its zone);
 *  - text comparisons run on folded shadow columns (written with shared/segments/fold.ts), so the
 *    engine needs no collation of its own.
 */
import type { FieldType } from '../../../../shared/models/catalog.js';

/** The engines the SQL compiler and the SQL export know. */
export type DialectName = 'sqlite' | 'postgres' | 'duckdb';

/**
 * Date arithmetic inside the engine, in a named IANA zone (relative dates and interaction windows
 * computed by the engine's clock, so exported SQL stays right when it runs later).
 */
export interface EngineDates {
  /** The engine's current time (an instant expression). */
  currentInstant: string;
  /** The local wall clock (TIMESTAMP) of instant `t` in IANA zone `zone` (a text literal). */
  wallClock(t: string, zone: string): string;
  /** The instant whose UTC wall clock is `wall` (a TIMESTAMP). */
  fromUtcWall(wall: string): string;
  /** A DATE as the TIMESTAMP of its midnight. */
  dayToWall(day: string): string;
  /** A TIMESTAMP's calendar day. */
  wallToDay(wall: string): string;
  /** `wall` shifted by `n` whole calendar months (day clamped to the month's length), a TIMESTAMP. */
  addMonths(wall: string, n: number): string;
  /** `wall` shifted by `n` days, a TIMESTAMP. */
  addDays(wall: string, n: number): string;
  /** Instant `t` shifted by exactly `hours` hours (no calendar, no DST), an instant. */
  addHours(t: string, hours: number): string;
  /** Instant `t` shifted by exactly `ms` milliseconds (a whole number), an instant (HOUR … MILLISECOND rules). */
  addMilliseconds(t: string, ms: number): string;
  /** A wall clock (TIMESTAMP) truncated to the start of its hour / minute / second / millisecond. */
  truncWall(wall: string, unit: 'hour' | 'minute' | 'second' | 'milliseconds'): string;
  /** `wall - interval`, a TIMESTAMP. */
  minusInterval(wall: string, interval: string): string;
  /** `a - b` of two TIMESTAMPs, an interval. */
  wallDifference(a: string, b: string): string;
  /** The first day of `day`'s month / year (a DATE). */
  monthStart(day: string): string;
  yearStart(day: string): string;
  /** The smallest non-NULL argument (NULL when all are NULL). */
  least(args: readonly string[]): string;
}

/** An engine's spelling of each construct the compiler needs. */
export interface SqlDialect {
  name: DialectName;
  /** Human name for messages and docs. */
  label: string;
  /** Quotes a catalog identifier (after the caller checked it is a plain name). */
  quoteIdent(name: string): string;
  /** The placeholder of the `n`-th (1-based) bound parameter. */
  placeholder(n: number): string;
  /** A text literal. */
  text(value: string): string;
  /** A number literal (finite; negative ones parenthesised so no operator swallows the sign). */
  number(value: number): string;
  /** A boolean literal (SQLite stores booleans as 1 / 0). */
  bool(value: boolean): string;
  /** A date-field literal from 'YYYY-MM-DD'. */
  date(day: string): string;
  /** A datetime-field literal from epoch ms. */
  instant(ms: number): string;
  /** TRUE and FALSE as predicates. */
  truePredicate: string;
  falsePredicate: string;
  /** Column types of the warehouse schema, per catalog field type; `textList` for multi-choice. */
  columnType(type: FieldType | 'textList'): string;
  /** TRUE when folded text `f` contains `v` (exact characters, no wildcards). */
  contains(f: string, v: string): string;
  /** TRUE when folded text `f` starts with `v` (`chars` = its length in code points). */
  beginsWith(f: string, v: string, chars: number): string;
  /** TRUE when folded text `f` ends with `v` (`chars` = its length in code points). */
  endsWith(f: string, v: string, chars: number): string;
  /** TRUE when the (folded) multi-choice value `list` holds element `v`. Only called when listHasData holds. */
  listHas(list: string, v: string): string;
  /** TRUE when the multi-choice value has at least one element; FALSE when empty, NULL or malformed. */
  listHasData(list: string): string;
  /**
   * The inside of `x IN (…)` for ONE bound parameter `p` holding a JSON array of values, or null when
   * the engine has no such form (then long lists bind one parameter per value).
   */
  jsonListParam: ((p: string) => string) | null;
  /** Casts a numeric column for aggregates so averages are IEEE doubles like the reference evaluator's. */
  asDouble(column: string): string;
  /** Any numeric expression as an IEEE double, always (arithmetic in conditions: 7 / 2 must be 3.5). */
  toDouble(expr: string): string;
  /**
   * The split bucket (0…9999) of text expression `key` under text expression `seed`:
   * floor(first 32 bits of md5(seed || ':' || key) * 10000 / 2^32), exact integer arithmetic
   * (docs/semantics.md § Splits and holdouts).
   */
  splitBucket(seed: string, key: string): string;
  /** A date column's month and day as text 'MM-DD' (anniversary rules). */
  monthDay(day: string): string;
  /**
   * True when the engine applies UNION / INTERSECT / EXCEPT strictly left to right with equal
   * precedence and refuses parenthesised operands (SQLite); false for the SQL-standard engines where
   * INTERSECT binds tighter, so every step is parenthesised instead.
   */
  flatSetOperators: boolean;
  /**
   * Date arithmetic in named zones, or null for an engine without a time-zone database (SQLite): its
   * relative dates and windows are then computed at compile time from a fixed "now".
   */
  dates: EngineDates | null;
}

/** A number literal in standard SQL: parenthesised when negative (also -0). */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Cannot write ${n} as a SQL literal`);
  return n < 0 || Object.is(n, -0) ? `(${String(n)})` : String(n);
}

/** A standard SQL string literal: only the quote is doubled. */
export function textLiteral(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}
