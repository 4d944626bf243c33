/**
 * `segment-studio warehouse …`: the warehouse schema (docs/warehouse.md) of this database's catalog
 * as DDL, and a push of the data into PostgreSQL or a DuckDB file, with progress on stderr.
 *   warehouse schema --db FILE --dialect postgres|duckdb
 *   warehouse push --db FILE (--to postgres://… | --duckdb FILE)
 */
import { WAREHOUSE_DIALECTS } from '../../../shared/api/contract/warehouse.js';
import { call } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, stringFlag, type CliCommand } from '../command.js';

export const warehouseCommand: CliCommand = {
  name: 'warehouse',
  summary: 'Print the warehouse schema (DDL) or push this database into PostgreSQL or DuckDB.',
  usage: [
    'warehouse schema --db FILE --dialect postgres|duckdb',
    'warehouse push --db FILE (--to postgres://USER@HOST:PORT/DB | --duckdb FILE)',
  ],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    dialect: { type: 'string', arg: 'D', description: 'schema: postgres or duckdb.' },
    to: { type: 'string', arg: 'URL', description: 'push: a PostgreSQL URL; the password from the URL or PGPASSWORD.' },
    duckdb: { type: 'string', arg: 'FILE', description: 'push: a DuckDB database file (created when missing).' },
  },
  details: [
    'push drops and recreates the warehouse tables in one transaction (a failure leaves the old ones),',
    'loads them with COPY (PostgreSQL) or the appender (DuckDB), streamed, and prints rows per table.',
  ].join('\n'),
  async run(values, io, positionals) {
    const db = stringFlag(values, 'db', true);
    const sub = positionals[0];
    if (positionals.length > 1) throw new CliUsageError(`unexpected argument "${positionals[1] ?? ''}".`);
    if (sub === 'schema') {
      const v = stringFlag(values, 'dialect', true);
      const dialect = WAREHOUSE_DIALECTS.find((d) => d === v);
      if (!dialect) throw new CliUsageError(`--dialect must be one of ${WAREHOUSE_DIALECTS.join(', ')} (got "${v}").`);
      return withBackend(db, true, async (b) => {
        io.out((await call(b, 'warehouse.schema', { dialect })).sql);
        return 0;
      });
    }
    if (sub === 'push') {
      const to = stringFlag(values, 'to');
      const duckdb = stringFlag(values, 'duckdb');
      if ((to === undefined) === (duckdb === undefined))
        throw new CliUsageError('warehouse push needs --to postgres://… or --duckdb FILE (one of them).');
      return withBackend(db, true, async (b) => {
        const off = b.events.onAny((event, payload) => {
          if (event !== 'warehouse.progressed') return;
          const p = payload as { table: string; done: number; total: number };
          io.err(`progress table=${p.table} rows=${p.done}/${p.total}`);
        });
        try {
          const r = await call(b, 'warehouse.push', to !== undefined ? { postgresUrl: to } : { duckdbPath: duckdb ?? '' });
          for (const t of r.tables) io.out(`${t.table}\t${t.rows}`);
          io.err(`Pushed to ${r.target}.`);
          return 0;
        } finally {
          off();
        }
      });
    }
    throw new CliUsageError(`warehouse needs a subcommand: schema or push${sub === undefined ? '' : ` (got "${sub}")`}.`);
  },
};
