/** PostgreSQL (15+): text[] for multi-choice, timestamptz instants, `AT TIME ZONE` for zones. */
import type { FieldType } from '../../../../../shared/models/catalog.js';
import { numberLiteral, textLiteral as text, type SqlDialect } from '../dialect.js';

const TYPES: Record<FieldType | 'textList', string> = {
  text: 'text',
  choice: 'text',
  multichoice: 'text[]',
  textList: 'text[]',
  integer: 'bigint',
  decimal: 'double precision',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  lookup: 'text',
};

/** Standard strings (standard_conforming_strings is on since 9.1): only the quote is doubled. */
export const postgres: SqlDialect = {
  name: 'postgres',
  label: 'PostgreSQL',
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
  endsWith: (f, v, chars) => `(right(${f}, ${chars}) = ${v})`,
  listHas: (list, v) => `(${v} = ANY(${list}))`,
  listHasData: (list) => `(COALESCE(cardinality(${list}), 0) > 0)`,
  jsonListParam: null,
  asDouble: (c) => `CAST(${c} AS double precision)`,
  toDouble: (x) => `CAST(${x} AS double precision)`,
  splitBucket: (seed, key) =>
    `((('x' || substr(md5(${seed} || ':' || CAST(${key} AS text)), 1, 8))::bit(32)::bigint * 10000) / 4294967296)`,
  monthDay: (day) => `to_char(${day}, 'MM-DD')`,
  flatSetOperators: false,
  dates: {
    currentInstant: 'statement_timestamp()',
    wallClock: (t, zone) => `(${t} AT TIME ZONE ${zone})`,
    fromUtcWall: (wall) => `(${wall} AT TIME ZONE 'UTC')`,
    dayToWall: (day) => `CAST(${day} AS timestamp)`,
    wallToDay: (wall) => `CAST(${wall} AS date)`,
    addMonths: (wall, n) => `(${wall} + INTERVAL '${n} months')`,
    addDays: (wall, n) => `(${wall} + INTERVAL '${n} days')`,
    addHours: (t, hours) => `(${t} + INTERVAL '${hours} hours')`,
    addMilliseconds: (t, ms) => `(${t} + (${ms}) * INTERVAL '1 millisecond')`,
    truncWall: (wall, unit) => `date_trunc('${unit}', ${wall})`,
    minusInterval: (wall, interval) => `(${wall} - ${interval})`,
    wallDifference: (a, b) => `(${a} - ${b})`,
    monthStart: (day) => `CAST(date_trunc('month', ${day}) AS date)`,
    yearStart: (day) => `CAST(date_trunc('year', ${day}) AS date)`,
    least: (args) => `LEAST(${args.join(', ')})`,
  },
};
