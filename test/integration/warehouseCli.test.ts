/**
 * The warehouse from the command line, end to end on real engines: `warehouse push` loads a demo
 * database into a real PostgreSQL server (COPY, progress on stderr) and a DuckDB file (appender);
 * `sql --dialect …` prints a segment that references another live segment, and the printed file run by
 * `psql -f`, by DuckDB and by the app's SQLite returns exactly the keys `eval` gives for the same instant.
 * `warehouse connect|status|run-on|disconnect` make the pushed warehouse this database's data source
 * and back, refusing bad settings by name and saving nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import { PG_BIN, requirePostgres, type TestPostgres } from '../support/postgres.js';

const root = path.resolve(__dirname, '../..');
let dir: string;
let db: string;
let server: TestPostgres;

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/index.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** In process (the binary's code, without a child's start-up): for the warehouse commands. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}
const lines = (s: string): string[] => s.split('\n').filter((l) => l.length > 0);
const NOW = '2026-03-15T12:00:00Z';

beforeAll(async () => {
  server = await requirePostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-wh-cli-'));
  db = path.join(dir, 'app.db');
  expect(cli('init', '--db', db, '--demo', '300').code).toBe(0);
  const seattle = cli(
    'segment',
    'create',
    '--db',
    db,
    '--name',
    'Seattle',
    '--query',
    "PROFILE(contact).FILTER(address1_city == 'Seattle')",
  );
  expect(seattle.code, seattle.err).toBe(0);
  expect(cli('segment', 'go-live', '--db', db, 'Seattle').code).toBe(0);
  const query = 'INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 1, UTCDAYS(400))\nUNION\nSEGMENT(Seattle)';
  const engaged = cli('segment', 'create', '--db', db, '--name', 'Engaged', '--query', query);
  expect(engaged.code, engaged.err).toBe(0);
}, 180_000);
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  server?.stop();
});

describe('warehouse and sql commands', () => {
  it('pushes to PostgreSQL and DuckDB, and the printed SQL returns the evaluator members on every engine', async () => {
    const pushed = await run('warehouse', 'push', '--db', db, '--to', server.url);
    expect(pushed.code, pushed.err).toBe(0);
    expect(pushed.err).toMatch(/progress table=contact rows=300\/300/);
    expect(lines(pushed.out)).toContain('contact\t300');
    const duckFile = path.join(dir, 'wh.duckdb');
    const pushedDuck = await run('warehouse', 'push', '--db', db, '--duckdb', duckFile);
    expect(pushedDuck.code, pushedDuck.err).toBe(0);

    const want = lines(cli('eval', '--db', db, '--segment', 'Engaged', '--now', NOW).out).sort();
    expect(want.length).toBeGreaterThan(0);

    const pgSql = await run('sql', '--db', db, '--dialect', 'postgres', '--now', NOW, 'Engaged');
    expect(pgSql.code, pgSql.err).toBe(0);
    expect(pgSql.out).not.toContain('segment_members'); // the live Seattle segment is inlined
    const file = path.join(dir, 'engaged.sql');
    fs.writeFileSync(file, pgSql.out);
    const psql = execFileSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', file, server.url], {
      encoding: 'utf8',
    });
    expect(lines(psql).sort()).toEqual(want);

    const duckSql = await run('sql', '--db', db, '--dialect', 'duckdb', '--now', NOW, 'Engaged');
    expect(duckSql.code, duckSql.err).toBe(0);
    const instance = await DuckDBInstance.create(duckFile);
    try {
      const conn = await instance.connect();
      const rows = (await conn.runAndReadAll(duckSql.out)).getRows().map((r) => String(r[0]));
      conn.closeSync();
      expect(rows.sort()).toEqual(want);
    } finally {
      instance.closeSync();
    }

    const liteSql = await run('sql', '--db', db, '--dialect', 'sqlite', '--now', NOW, 'Engaged');
    expect(liteSql.code, liteSql.err).toBe(0);
    // The app's SQLite (the Debian sqlite3 shell may be older than the schema's SQL).
    const lite = openDatabase(db, { readonly: true });
    try {
      expect((lite.prepare(liteSql.out).pluck().all() as string[]).sort()).toEqual(want);
    } finally {
      lite.close();
    }
  }, 180_000);

  it("uses the warehouse's clock without --now, prints the schema, and refuses bad input clearly", async () => {
    const live = await run('sql', '--db', db, '--dialect', 'postgres', 'Engaged');
    expect(live.code, live.err).toBe(0);
    expect(live.out).toContain('statement_timestamp()');
    const ran = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', server.url], {
      input: live.out,
      encoding: 'utf8',
    });
    expect(ran.status, ran.stderr).toBe(0);

    const ddl = await run('warehouse', 'schema', '--db', db, '--dialect', 'duckdb');
    expect(ddl.code).toBe(0);
    expect(ddl.out).toContain('CREATE TABLE "contact" (\n  "contactid" VARCHAR NOT NULL');
    expect(ddl.out).toContain('CREATE TABLE "interactions"');

    const badDialect = await run('sql', '--db', db, '--dialect', 'oracle', 'Engaged');
    expect(badDialect.code).toBe(2);
    expect(badDialect.err).toContain('--dialect must be one of sqlite, postgres, duckdb (got "oracle")');
    const unknown = await run('sql', '--db', db, '--dialect', 'postgres', 'No such segment');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no segment named or with id "No such segment"');
    const refused = await run('warehouse', 'push', '--db', db, '--to', 'postgres://someone:secret@127.0.0.1:1/none');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Push to postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/none failed; nothing was changed there/);
    expect(refused.err).not.toContain('secret');
  }, 180_000);

  it('connects to the warehouse as data source, runs a segment there, and disconnects; bad settings save nothing', async () => {
    const pushed = await run('warehouse', 'push', '--db', db, '--to', server.url);
    expect(pushed.code, pushed.err).toBe(0);
    const flags = [
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--database',
      'postgres',
      '--user',
      'postgres',
      '--ssl',
      'disable',
    ];
    const badPort = await run('warehouse', 'connect', '--db', db, ...flags, '--port', '70000');
    expect(badPort.code).toBe(1);
    expect(badPort.err).toContain('The port is 1–65535');
    const badSsl = await run('warehouse', 'connect', '--db', db, ...flags, '--ssl', 'maybe');
    expect(badSsl.code).toBe(2);
    expect(badSsl.err).toContain('--ssl must be one of disable, require, verify-full (got "maybe")');
    expect((await run('warehouse', 'status', '--db', db)).out).toContain('state\tnotConfigured');

    const connected = await run('warehouse', 'connect', '--db', db, ...flags);
    expect(connected.code, connected.err).toBe(0);
    expect(connected.out).toContain('state\tconnected');
    expect(connected.out).toMatch(/server\tPostgreSQL 15/);
    const runOn = await run('warehouse', 'run-on', '--db', db, '--on', 'warehouse', 'Engaged');
    expect(runOn.code, runOn.err).toBe(0);
    expect(runOn.out).toBe('Engaged\truns on the warehouse\n');
    const noSuch = await run('warehouse', 'run-on', '--db', db, '--on', 'warehouse', 'Nobody');
    expect(noSuch.code).toBe(1);

    const off = await run('warehouse', 'disconnect', '--db', db);
    expect(off.code, off.err).toBe(0);
    expect(off.out).toContain('state\tnotConfigured');
  }, 180_000);
});
