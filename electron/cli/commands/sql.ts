/**
 * `segment-studio sql`: prints a segment as one self-contained SELECT returning its member contacts'
 * keys, in the SQL of SQLite (this database file), PostgreSQL or DuckDB (the warehouse schema,
 * docs/warehouse.md). The same API method as the Definition tab's "Export SQL".
 */
import { SQL_DIALECTS, type SqlDialectName } from '../../../shared/api/contract/warehouse.js';
import { call, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, stringFlag, type CliCommand } from '../command.js';

function dialectOf(v: string): SqlDialectName {
  const d = SQL_DIALECTS.find((x) => x === v);
  if (!d) throw new CliUsageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')} (got "${v}").`);
  return d;
}

export const sqlCommand: CliCommand = {
  name: 'sql',
  summary: "Print a segment as one SQL SELECT of its members' contact keys, for SQLite, PostgreSQL or DuckDB.",
  usage: ['sql --db FILE --dialect sqlite|postgres|duckdb [--now ISO] NAME|ID'],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    dialect: { type: 'string', arg: 'D', description: 'sqlite (this file), postgres or duckdb (the warehouse schema).', required: true },
    now: { type: 'string', arg: 'ISO', description: 'Fix "now" (e.g. 2026-03-15T12:00:00Z); default: the engine\'s clock when run.' },
  },
  details: [
    'The statement runs as printed (psql -f, duckdb < file, sqlite3 FILE < file). postgres and duckdb read',
    'the tables "warehouse push" writes: referenced live segments are inlined, static ones read the pushed',
    "segment_members table, and the segment's time zone is applied inside the SQL. sqlite prints the app's",
    'own statement for this file (stored members of referenced segments; "now" fixed when printed).',
  ].join('\n'),
  async run(values, io, positionals) {
    const db = stringFlag(values, 'db', true);
    const dialect = dialectOf(stringFlag(values, 'dialect', true));
    const now = stringFlag(values, 'now');
    if (now !== undefined && !Number.isFinite(Date.parse(now)))
      throw new CliUsageError(`--now must be an ISO 8601 date-time (got "${now}").`);
    const nameOrId = positionals[0];
    if (nameOrId === undefined) throw new CliUsageError('sql needs a segment NAME or ID.');
    if (positionals.length > 1) throw new CliUsageError(`unexpected argument "${positionals[1] ?? ''}" (quote names with spaces).`);
    return withBackend(db, true, async (b) => {
      const segmentId = await resolveSegment(b, nameOrId);
      const r = await call(b, 'segments.exportSql', { segmentId, dialect, ...(now !== undefined ? { now } : {}) });
      io.out(r.sql);
      return 0;
    });
  },
};
