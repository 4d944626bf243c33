import { parseArgs } from 'node:util';
import { defaultDbPath } from './paths.js';

export const DEFAULT_PORT = 5180;

export interface WebHostArgs {
  dbPath: string;
  port: number;
  help: boolean;
}

export const USAGE = `Usage: node dist-electron/electron/webhost/index.js [--db FILE] [--port N]

Serves Segment Studio in the browser at http://127.0.0.1:PORT/ (local machine only).
  --db FILE   SQLite database (default: ${defaultDbPath()}); a new file gets demo data
  --port N    TCP port, 0 for any free port (default: ${DEFAULT_PORT})
  --help      show this text

For the benchmark (off unless set; electron/webhost/benchHooks.ts):
  SS_NOW=<ISO instant>   the backend's clock stands still at that instant
  SS_LAG_PROBE=<file>    append the main thread's event-loop delay and RSS to <file> every 100 ms`;

/** Parses the web host's command line; throws an Error whose message says what is wrong. */
export function parseWebHostArgs(argv: string[]): WebHostArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: { db: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${portText}".`);
  }
  if (values.db !== undefined && values.db.trim() === '') throw new Error('--db needs a file name.');
  return { dbPath: values.db ?? defaultDbPath(), port, help: values.help ?? false };
}
