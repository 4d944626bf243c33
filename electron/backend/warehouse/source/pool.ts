/**
 * One pg connection pool per saved connection: search_path set to the warehouse schema, a statement
 * timeout on every statement, a short connect timeout, and queries that a newer one for the same key
 * (the same segment's estimate) cancels on the server with pg_cancel_backend.
 */
import pg from 'pg';
import type { WarehouseSettings } from '../../../../shared/api/contract/warehouseSource.js';
import { warehouseFailure } from './pgErrors.js';

const CONNECT_TIMEOUT_MS = 8_000;

/** `database on host:port`, for messages. */
export const whereOf = (s: WarehouseSettings): string => `"${s.database}" on ${s.host}:${s.port}`;

function sslOf(mode: WarehouseSettings['sslMode']): pg.PoolConfig['ssl'] {
  if (mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' };
}

/** A pool for `settings`; the password comes from the host's secret store, never from settings. */
export class WarehousePool {
  readonly pool: pg.Pool;
  /** Running cancellable queries by key: the backend pid serving each. */
  private readonly running = new Map<string, { pid: number | null; superseded: boolean }>();

  constructor(
    readonly settings: WarehouseSettings,
    password: string | null,
  ) {
    this.pool = new pg.Pool({
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      ...(password !== null ? { password } : {}),
      ssl: sslOf(settings.sslMode),
      // The schema is checked at the boundary ([a-z_][a-z0-9_]*), so it is safe in a startup option.
      options: `-c search_path=${settings.schema} -c statement_timeout=${settings.statementTimeoutSeconds * 1000}`,
      application_name: 'Segment Studio',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      max: 4,
    });
    // An idle client losing its server (warehouse restarted) must not crash the process.
    this.pool.on('error', () => undefined);
  }

  /** Turns any failure into a clear ApiFailure naming this warehouse. */
  fail(e: unknown): Error {
    return warehouseFailure(e, whereOf(this.settings), this.settings.statementTimeoutSeconds);
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** Runs `work` on one client inside a transaction (rolled back on failure). */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.fail(e);
    }
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.fail(e);
    } finally {
      client.release();
    }
  }

  /**
   * Runs `sql`; a newer call with the same `key` cancels this one on the server (pg_cancel_backend), so a
   * superseded estimate stops using the warehouse at once. The cancelled call fails with code `cancelled`.
   */
  async cancellable<R extends pg.QueryResultRow>(key: string, sql: string): Promise<R[]> {
    const previous = this.running.get(key);
    if (previous) {
      previous.superseded = true;
      if (previous.pid !== null) await this.pool.query('SELECT pg_cancel_backend($1)', [previous.pid]).catch(() => undefined);
    }
    const mine = { pid: null as number | null, superseded: false };
    this.running.set(key, mine);
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool.connect();
      mine.pid = (client as unknown as { processID: number }).processID;
      if (mine.superseded) throw Object.assign(new Error('canceling statement due to user request'), { code: '57014' });
      return (await client.query<R>(sql)).rows;
    } catch (e) {
      throw this.fail(e);
    } finally {
      client?.release();
      if (this.running.get(key) === mine) this.running.delete(key);
    }
  }

  /** The server backend pids of running cancellable queries (tests watch pg_stat_activity with them). */
  runningPid(key: string): number | null {
    return this.running.get(key)?.pid ?? null;
  }

  async end(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
