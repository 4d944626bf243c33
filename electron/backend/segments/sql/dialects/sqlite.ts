/**
 * SQLite, the desktop store's engine: multi-choice values are JSON arrays (read with json_each), booleans
 * 1 / 0, datetimes epoch-ms integers and dates 'YYYY-MM-DD' text. It has no time-zone database, so
 * relative dates are computed at compile time (`dates: null`). UNION / INTERSECT / EXCEPT have equal
 * precedence and apply left to right, and compound operands cannot be parenthesised (`flatSetOperators`).
 */
import type { FieldType } from '../../../../../shared/models/catalog.js';
import { textLiteral as text, type SqlDialect } from '../dialect.js';
import { SPLIT_BUCKET_FUNCTION } from '../../../splits/splitSql.js';

const TYPES: Record<FieldType | 'textList', string> = {
  text: 'TEXT',
  choice: 'TEXT',
  multichoice: 'TEXT',
  textList: 'TEXT',
  integer: 'INTEGER',
  decimal: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'INTEGER',
  lookup: 'INTEGER',
};

/** A SQLite literal for a bound value. */
export function sqliteLiteral(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Cannot write ${v} as a SQLite literal`);
    return v < 0 ? `(${v})` : String(v);
  }
  return text(v);
}

/**
 * Whether a multichoice column holds data: NULL, '[]' and malformed JSON do not (as in the evaluator).
 * CASE guarantees json_array_length never sees malformed JSON (it would raise an error).
 */
const listHasData = (list: string): string => `(CASE WHEN json_valid(${list}) THEN json_array_length(${list}) > 0 ELSE 0 END)`;

export const sqlite: SqlDialect = {
  name: 'sqlite',
  label: 'SQLite',
  quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
  placeholder: () => '?',
  text,
  number: sqliteLiteral,
  bool: (v) => (v ? '1' : '0'),
  date: text,
  instant: sqliteLiteral,
  truePredicate: '1',
  falsePredicate: '0',
  columnType: (t) => TYPES[t],
  // instr/substr compare exact characters: no LIKE wildcards, no ASCII-only case rules.
  contains: (f, v) => `(instr(${f}, ${v}) > 0)`,
  beginsWith: (f, v, chars) => `(substr(${f}, 1, ${chars}) = ${v})`,
  endsWith: (f, v, chars) => `(substr(${f}, ${-chars}) = ${v})`,
  listHas: (list, v) => `EXISTS (SELECT 1 FROM json_each(${list}) WHERE value = ${v})`,
  listHasData,
  jsonListParam: (p) => `SELECT value FROM json_each(${p})`,
  asDouble: (c) => c,
  toDouble: (x) => `CAST(${x} AS REAL)`,
  // A function every connection registers (splits/splitSql.ts): SQLite has no md5.
  splitBucket: (seed, key) => `${SPLIT_BUCKET_FUNCTION}(${seed}, ${key})`,
  monthDay: (day) => `substr(${day}, 6, 5)`,
  flatSetOperators: true,
  dates: null,
};

/**
 * Replaces the `?` placeholders of compiled SQL by literals, in order. The compiler writes `?` only as
 * a placeholder (identifiers are plain names, values are never in the text), so each `?` is one.
 */
export function inlineSqliteParams(sql: string, params: readonly (string | number | null)[]): string {
  let i = 0;
  const out = sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error('More placeholders than parameters');
    return sqliteLiteral(params[i++] ?? null);
  });
  if (i !== params.length) throw new Error(`${params.length - i} parameters left over`);
  return out;
}
