/**
 * What differs between SQL engines, in one interface: a new warehouse engine (Snowflake, BigQuery,
 * Trino, Spark SQL) is one file in `dialects/` implementing {@link SqlDialect} and one line in
 * `dialects/index.ts`. The warehouse compiler (warehouseCompile.ts) writes only through it.
 *
 * Conventions every dialect keeps (docs/warehouse.md):
 *  - values are inlined as literals (the printed SQL runs as is, e.g. `psql -f`); identifiers come
 *    only from the catalog and are checked before quoting;
 *  - "instant" expressions are TIMESTAMP WITH TIME ZONE, "wall" expressions are zone-less TIMESTAMPs
 *    read as a local wall clock, "day" expressions are DATEs; no expression depends on the session's
 *    time zone setting (every conversion names its zone);
 *  - text comparisons run on folded shadow columns (written at push time with shared/segments/fold.ts),
 *    so the engine needs no collation of its own.
 */
import type { FieldType } from '../../../../shared/models/catalog.js';

/** The engines the SQL export and the warehouse know. */
export type DialectName = 'sqlite' | 'postgres' | 'duckdb';

/** A warehouse engine's spelling of each construct the compiler needs. */
export interface SqlDialect {
  name: Exclude<DialectName, 'sqlite'>;
  /** Human name for messages and docs. */
  label: string;
  /** Quotes a catalog identifier (after the caller checked it is a plain name). */
  quoteIdent(name: string): string;
  /** A text literal. */
  text(value: string): string;
  /** A boolean literal. */
  bool(value: boolean): string;
  /** A DATE literal from 'YYYY-MM-DD'. */
  date(day: string): string;
  /** An instant literal from epoch ms. */
  instant(ms: number): string;
  /** The warehouse's current time (an instant expression). */
  currentInstant: string;
  /** Column types of the warehouse schema, per catalog field type; `textList` for multi-choice. */
  columnType(type: FieldType | 'textList'): string;
  /** TRUE when folded text `f` contains `v` (exact characters, no wildcards). */
  contains(f: string, v: string): string;
  /** TRUE when folded text `f` starts with `v`. */
  beginsWith(f: string, v: string): string;
  /** TRUE when folded text `f` ends with `v` (`chars` = its length in code points). */
  endsWith(f: string, v: string, chars: number): string;
  /** TRUE when the text list `list` holds element `v` (never NULL for a non-NULL list without NULLs). */
  listHas(list: string, v: string): string;
  /** TRUE when the text list has at least one element, FALSE when empty or NULL. */
  listHasData(list: string): string;
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
  /** `a - b` of two TIMESTAMPs, an interval; and `wall - interval`. */
  minusInterval(wall: string, interval: string): string;
  wallDifference(a: string, b: string): string;
  /** The first day of `day`'s month / year (a DATE). */
  monthStart(day: string): string;
  yearStart(day: string): string;
  /** Casts a numeric column for aggregates so averages are IEEE doubles like the reference evaluator's. */
  asDouble(column: string): string;
  /** A predicate that is always false. */
  falsePredicate: string;
}
