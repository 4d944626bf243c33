/**
 * `segment-studio warehouse …`: the warehouse schema (docs/warehouse.md) of this database's catalog
 * as DDL, and a push of the data into PostgreSQL or a DuckDB file, with progress on stderr.
 *   warehouse schema --db FILE --dialect postgres|duckdb
 *   warehouse push --db FILE (--to postgres://… | --duckdb FILE)
 * and the warehouse as this database's data source (the Warehouse page's settings), for scripts and
 * servers without a window: connect, status, disconnect, and where a segment runs (run-on).
 */
import { WAREHOUSE_DIALECTS } from '../../../shared/api/contract/warehouse.js';
import { SSL_MODES, type WarehouseSettings, type WarehouseStatus } from '../../../shared/api/contract/warehouseSource.js';
import { call, resolveSegment } from '../api.js';
import { withBackend } from '../backend.js';
import { CliUsageError, intFlag, stringFlag, type CliCommand, type CliIo, type CliValues } from '../command.js';

/** The connection settings from the flags (checked by the backend, which names a bad field). */
function settingsFrom(values: CliValues): WarehouseSettings {
  const ssl = stringFlag(values, 'ssl') ?? 'require';
  const sslMode = SSL_MODES.find((m) => m === ssl);
  if (!sslMode) throw new CliUsageError(`--ssl must be one of ${SSL_MODES.join(', ')} (got "${ssl}").`);
  return {
    host: stringFlag(values, 'host', true),
    port: intFlag(values, 'port') ?? 5432,
    database: stringFlag(values, 'database', true),
    user: stringFlag(values, 'user', true),
    schema: stringFlag(values, 'schema') ?? 'public',
    sslMode,
    statementTimeoutSeconds: intFlag(values, 'timeout') ?? 60,
  };
}

/** `state: connected` or the reason in words, then what it is connected to. */
function printStatus(s: WarehouseStatus, io: CliIo): void {
  io.out(`state\t${s.state}`);
  if (s.displayName) io.out(`warehouse\t${s.displayName}`);
  if (s.serverVersion) io.out(`server\tPostgreSQL ${s.serverVersion}`);
  if (s.message) io.out(`message\t${s.message}`);
}

export const warehouseCommand: CliCommand = {
  name: 'warehouse',
  summary: 'Warehouse schema (DDL), push to PostgreSQL or DuckDB, connect to a warehouse as data source.',
  usage: [
    'warehouse schema --db FILE --dialect postgres|duckdb',
    'warehouse push --db FILE (--to postgres://USER@HOST:PORT/DB | --duckdb FILE)',
    'warehouse connect --db FILE --host H [--port N] --database D --user U [--schema S] [--ssl MODE] [--timeout S]',
    'warehouse status --db FILE',
    'warehouse disconnect --db FILE',
    'warehouse run-on --db FILE --on computer|warehouse NAME|ID',
  ],
  positionals: true,
  options: {
    db: { type: 'string', arg: 'FILE', description: 'SQLite database file.', required: true },
    dialect: { type: 'string', arg: 'D', description: 'schema: postgres or duckdb.' },
    to: { type: 'string', arg: 'URL', description: 'push: a PostgreSQL URL; the password from the URL or PGPASSWORD.' },
    duckdb: { type: 'string', arg: 'FILE', description: 'push: a DuckDB database file (created when missing).' },
    host: { type: 'string', arg: 'H', description: 'connect: the PostgreSQL server name or address.' },
    port: { type: 'string', arg: 'N', description: 'connect: its port (default 5432).' },
    database: { type: 'string', arg: 'D', description: 'connect: the database name.' },
    user: { type: 'string', arg: 'U', description: 'connect: the user; the password comes from SS_WAREHOUSE_PASSWORD.' },
    schema: { type: 'string', arg: 'S', description: 'connect: the schema holding the warehouse tables (default public).' },
    ssl: { type: 'string', arg: 'MODE', description: `connect: ${SSL_MODES.join(', ')} (default require).` },
    timeout: { type: 'string', arg: 'S', description: 'connect: seconds a warehouse query may run (default 60).' },
    on: { type: 'string', arg: 'WHERE', description: 'run-on: computer or warehouse.' },
  },
  details: [
    'push drops and recreates the warehouse tables in one transaction (a failure leaves the old ones),',
    'loads them with COPY (PostgreSQL) or the appender (DuckDB), streamed, and prints rows per table.',
    'connect tests the settings first and saves nothing when the warehouse is unreachable, refuses the',
    'sign-in or lacks the tables this catalog needs; a fresh database takes its catalog from there.',
    'The password is never a flag (it would show in the process list): set SS_WAREHOUSE_PASSWORD.',
  ].join('\n'),
  async run(values, io, positionals) {
    const db = stringFlag(values, 'db', true);
    const sub = positionals[0];
    if (sub === 'run-on') {
      const on = stringFlag(values, 'on', true);
      if (on !== 'computer' && on !== 'warehouse') throw new CliUsageError(`--on must be computer or warehouse (got "${on}").`);
      const name = positionals[1];
      if (name === undefined || positionals.length > 2) throw new CliUsageError('warehouse run-on needs one segment NAME or ID.');
      return withBackend(db, true, async (b) => {
        const segmentId = await resolveSegment(b, name);
        const r = await call(b, 'warehouse.setRunOn', { segmentId, runOn: on });
        io.out(`${name}\truns on ${r.runOn === 'warehouse' ? 'the warehouse' : 'this computer'}`);
        return 0;
      });
    }
    if (positionals.length > 1) throw new CliUsageError(`unexpected argument "${positionals[1] ?? ''}".`);
    if (sub === 'connect') {
      const settings = settingsFrom(values);
      return withBackend(db, false, async (b) => {
        const s = await call(b, 'warehouse.connect', { settings });
        printStatus(s, io);
        return s.state === 'connected' ? 0 : 1;
      });
    }
    if (sub === 'status' || sub === 'disconnect') {
      return withBackend(db, true, async (b) => {
        if (sub === 'disconnect') await call(b, 'warehouse.disconnect', {});
        printStatus(await call(b, 'warehouse.status', {}), io);
        return 0;
      });
    }
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
    throw new CliUsageError(
      `warehouse needs a subcommand: schema, push, connect, status, disconnect or run-on${sub === undefined ? '' : ` (got "${sub}")`}.`,
    );
  },
};
