/**
 * A real PostgreSQL 15 server for tests and the warehouse bench (test/support/postgres.ts re-exports it
 * for the tests; it lives here because the bench is compiled with the app, the tests are not): `initdb` in a temporary folder (as the `postgres` user when the
 * tests run as root — initdb refuses root — else as the current user), listening on 127.0.0.1 on a free
 * port with its socket in that folder, stopped and removed by `stop()`.
 *
 * When the binaries are absent, {@link postgresMissing} says why: tests that need PostgreSQL then FAIL
 * under CI (`CI=true`, `.ci/run` installs Debian's `postgresql` package) and fail loudly elsewhere —
 * they never pass silently.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian puts PostgreSQL 15 (PG_BIN overrides). */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A running test server. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, no password). */
  url: string;
  port: number;
  stop(): void;
  /** Restarts the server (same data), so its buffer cache is empty. */
  restart(): void;
}

/** Why PostgreSQL cannot be started here, or null when it can. */
export function postgresMissing(): string | null {
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!fs.existsSync(path.join(PG_BIN, bin))) {
      return `PostgreSQL 15 is not installed (no ${path.join(PG_BIN, bin)}): install Debian's "postgresql" package (.ci/run does) or set PG_BIN`;
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function pg(bin: string, args: string[]): string {
  const full = path.join(PG_BIN, bin);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** Server settings beyond the defaults (`-c name=value`), e.g. `{ shared_buffers: '1GB' }`. */
export interface PostgresOptions {
  settings?: Record<string, string>;
}

/** Starts a fresh server; throws with the reason when PostgreSQL is missing or does not start. */
export async function startPostgres(options: PostgresOptions = {}): Promise<TestPostgres> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-pg-'));
  const data = path.join(dir, 'data');
  if (isRoot()) execFileSync('chown', ['-R', 'postgres', dir]);
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const settings = Object.entries(options.settings ?? {})
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join('');
  const startArgs = ['-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off${settings}`, '-w'];
  try {
    pg('pg_ctl', [...startArgs, 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}\n${log}`, { cause: e });
  }
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  // Stop and start again: PostgreSQL's own buffer cache starts empty (the OS page cache stays warm).
  const restart = (): void => {
    pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    pg('pg_ctl', [...startArgs, 'start']);
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop, restart };
}

/**
 * For a test file's beforeAll: the server, or — when PostgreSQL is absent — an error that fails the
 * file under CI and is printed loudly (and still fails) elsewhere.
 */
export async function requirePostgres(): Promise<TestPostgres> {
  const missing = postgresMissing();
  if (missing) {
    const msg = `\n*** ${missing}. The warehouse tests need a real PostgreSQL server${process.env.CI ? ' (CI=true)' : ''}. ***\n`;
    process.stderr.write(msg);
    throw new Error(msg);
  }
  return startPostgres();
}
