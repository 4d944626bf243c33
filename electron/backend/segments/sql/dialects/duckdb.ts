/** DuckDB (1.x, ICU time zones): VARCHAR[] lists for multi-choice, TIMESTAMPTZ instants, `timezone()` for zones. */
import type { FieldType } from '../../../../../shared/models/catalog.js';
import { numberLiteral, textLiteral as text, type SqlDialect } from '../dialect.js';

const TYPES: Record<FieldType | 'textList', string> = {
  text: 'VARCHAR',
  choice: 'VARCHAR',
  multichoice: 'VARCHAR[]',
  textList: 'VARCHAR[]',
  integer: 'BIGINT',
  decimal: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMPTZ',
  lookup: 'VARCHAR',
};

export const duckdb: SqlDialect = {
  name: 'duckdb',
  label: 'DuckDB',
  quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
  placeholder: (n) => `$${n}`,
  text,
  number: numberLiteral,
  bool: (v) => (v ? 'TRUE' : 'FALSE'),
  date: (day) => `DATE ${text(day)}`,
  instant: (ms) => `TIMESTAMPTZ ${text(new Date(ms).toISOString())}`,
  truePredicate: 'TRUE',
  falsePredicate: 'FALSE',
  columnType: (t) => TYPES[t],
  contains: (f, v) => `(strpos(${f}, ${v}) > 0)`,
  beginsWith: (f, v) => `starts_with(${f}, ${v})`,
  endsWith: (f, v) => `suffix(${f}, ${v})`,
  listHas: (list, v) => `list_contains(${list}, ${v})`,
  listHasData: (list) => `(COALESCE(len(${list}), 0) > 0)`,
  jsonListParam: null,
  asDouble: (c) => `CAST(${c} AS DOUBLE)`,
  flatSetOperators: false,
  dates: {
    currentInstant: 'current_timestamp',
    wallClock: (t, zone) => `timezone(${zone}, ${t})`,
    fromUtcWall: (wall) => `timezone('UTC', ${wall})`,
    dayToWall: (day) => `CAST(${day} AS TIMESTAMP)`,
    wallToDay: (wall) => `CAST(${wall} AS DATE)`,
    addMonths: (wall, n) => `(${wall} + INTERVAL (${n}) MONTH)`,
    addDays: (wall, n) => `(${wall} + INTERVAL (${n}) DAY)`,
    addHours: (t, hours) => `(${t} + INTERVAL (${hours}) HOUR)`,
    minusInterval: (wall, interval) => `(${wall} - ${interval})`,
    wallDifference: (a, b) => `(${a} - ${b})`,
    monthStart: (day) => `CAST(date_trunc('month', ${day}) AS DATE)`,
    yearStart: (day) => `CAST(date_trunc('year', ${day}) AS DATE)`,
    least: (args) => `LEAST(${args.join(', ')})`,
  },
};
