/**
 * The warehouse data source against a REAL PostgreSQL 15 (test/support/postgres.ts; fails loudly when
 * absent): a demo store pushed with the push code, the app connected through the API, the schema checked,
 * a segment estimated and taken live on the warehouse (equal to the desktop engine), members written
 * back to `segment_studio_members` and pulled into the desktop store, a statement timeout and a
 * superseded estimate cancelled on the server, and an unreachable warehouse leaving local data intact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { main } from '../../electron/cli/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { WarehouseSettings } from '../../shared/api/contract/warehouseSource.js';
import type { ApiError } from '../../shared/api/result.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { requirePostgres, type TestPostgres } from '../support/postgres.js';

const NOW = '2026-03-15T12:00:00Z';
let dir: string;
let server: TestPostgres;
let backend: Backend;
let settings: WarehouseSettings;

async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
async function refused<K extends MethodName>(method: K, input: MethodInput<K>): Promise<ApiError> {
  const r = await backend.dispatch(method, input);
  if (r.ok) throw new Error(`${method} succeeded but should have failed`);
  return r.error;
}
async function pgQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
async function definition(text: string): Promise<SegmentDefinition> {
  const parsed = await call('segments.parseText', { text });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.definition;
}
const QUERY =
  "PROFILE(contact).FILTER(address1_city == 'Seattle')\nUNION\n" +
  'INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 1, UTCDAYS(400))';

beforeAll(async () => {
  server = await requirePostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-wh-source-'));
  const dbPath = path.join(dir, 'app.db');
  expect(await main(['init', '--db', dbPath, '--demo', '300'], { out: () => undefined, err: () => undefined })).toBe(0);
  backend = await createBackend({ dbPath, host: 'test', now: () => Date.parse(NOW) });
  await call('warehouse.push', { postgresUrl: server.url });
  settings = {
    host: '127.0.0.1',
    port: server.port,
    database: 'postgres',
    user: 'postgres',
    schema: 'public',
    sslMode: 'disable',
    statementTimeoutSeconds: 30,
  };
}, 180_000);
afterAll(async () => {
  await backend?.close();
  server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('warehouse data source', () => {
  it('refuses bad settings at the boundary with the field named, and saves nothing', async () => {
    const err = await refused('warehouse.connect', { settings: { ...settings, port: 0, host: 'postgres://x' } });
    expect(err.code).toBe('invalid_input');
    expect(err.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['settings.port', 'settings.host']));
    expect((await call('warehouse.status', {})).state).toBe('notConfigured');
  });

  it('names what is missing when the warehouse schema does not match this catalog', async () => {
    await pgQuery('CREATE SCHEMA partial; CREATE TABLE partial.contact (contactid text, fullname bigint)');
    const tested = await call('warehouse.test', { settings: { ...settings, schema: 'partial' } });
    expect(tested.state).toBe('schemaMismatch');
    expect(tested.message).toMatch(/table "account" \(the account records\) is missing/);
    expect(tested.message).toMatch(/column "contact\.fullname" is bigint, expected text/);
    expect(tested.message).toMatch(/column "contact\.fullname__f" \(text\) is missing/);
    const err = await refused('warehouse.connect', { settings: { ...settings, schema: 'partial' } });
    expect(err.message).toMatch(/does not match this catalog/);
    expect((await call('warehouse.status', {})).state).toBe('notConfigured');
  });

  it('says the warehouse is unreachable when nothing answers', async () => {
    const tested = await call('warehouse.test', { settings: { ...settings, port: 1 } });
    expect(tested.state).toBe('unreachable');
    expect(tested.message).toMatch(/unreachable: nothing answers at "postgres" on 127\.0\.0\.1:1/);
  });

  it('connects, estimates on the warehouse the desktop count, takes the segment live there and pages its members', async () => {
    const status = await call('warehouse.connect', { settings });
    expect(status).toMatchObject({ state: 'connected', displayName: 'postgres on 127.0.0.1', secretStore: 'environment' });
    expect(status.serverVersion).toMatch(/^15/);
    // The password is never stored in the database.
    expect(JSON.stringify(backend.db.prepare('SELECT * FROM warehouse_connection').all())).not.toMatch(/password/i);

    const def = await definition(QUERY);
    const seg = await call('segments.create', { name: 'Engaged or Seattle', type: 'dynamic', definition: def, timeZone: 'Europe/Paris' });
    const local = await call('segments.estimate', { definition: def, segmentId: seg.id, now: NOW });
    expect(local.source ?? 'computer').toBe('computer');
    expect(local.total).toBeGreaterThan(0);

    expect((await call('warehouse.setRunOn', { segmentId: seg.id, runOn: 'warehouse' })).runOn).toBe('warehouse');
    const remote = await call('segments.estimate', { definition: def, segmentId: seg.id, now: NOW });
    expect(remote.source).toBe('warehouse');
    expect(remote.total).toBe(local.total);

    const live = await call('segments.goLive', { id: seg.id });
    expect(live.segment.memberCount).toBe(local.total);
    const written = await pgQuery<{ n: string }>('SELECT count(*) AS n FROM segment_studio_members WHERE segment_key = $1', [seg.id]);
    expect(Number(written[0]?.n)).toBe(local.total);
    const page1 = await call('segments.members', { id: seg.id, limit: 50 });
    expect(page1.total).toBe(local.total);
    expect(page1.rows.length).toBe(Math.min(50, local.total));
    const source = await call('warehouse.segmentSource', { segmentId: seg.id });
    expect(source).toMatchObject({ runOn: 'warehouse', lastError: null, lastCount: local.total, lastUnmatched: 0 });
  });

  it('stops a statement at the timeout with a clear message, and a newer estimate cancels the superseded one', async () => {
    const seg = (await call('segments.list', {})).find((s) => s.name === 'Engaged or Seattle');
    if (!seg) throw new Error('segment missing');
    const def = (await call('segments.get', { id: seg.id })).definition;
    // A data team's long transaction holds the contact table: the warehouse query waits on it.
    const locker = new pg.Client({ connectionString: server.url });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE contact IN ACCESS EXCLUSIVE MODE');
      await call('warehouse.connect', { settings: { ...settings, statementTimeoutSeconds: 1 } });
      const timedOut = await refused('segments.estimate', { definition: def, segmentId: seg.id, now: NOW });
      expect(timedOut.message).toMatch(/longer than the 1 s statement timeout/);

      await call('warehouse.connect', { settings });
      const first = backend.dispatch('segments.estimate', { definition: def, segmentId: seg.id, now: NOW });
      // Wait until the first estimate is waiting on the server (the real event, read from pg_stat_activity).
      for (;;) {
        const waiting = await pgQuery(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'Segment Studio' AND query LIKE 'SELECT count(*)%'",
        );
        if (waiting.length > 0) break;
      }
      const second = backend.dispatch('segments.estimate', { definition: def, segmentId: seg.id, now: NOW });
      const firstResult = await first;
      expect(firstResult.ok ? 'ok' : firstResult.error.code).toBe('cancelled');
      await locker.query('COMMIT');
      const secondResult = await second;
      expect(secondResult.ok && (secondResult.value as MethodOutput<'segments.estimate'>).source).toBe('warehouse');
    } finally {
      await locker.end();
    }
  });

  it('an unreachable warehouse leaves local data intact: last members stay, local segments keep working', async () => {
    const all = await call('segments.list', {});
    const seg = all.find((s) => s.name === 'Engaged or Seattle');
    if (!seg) throw new Error('segment missing');
    const before = await call('segments.members', { id: seg.id, limit: 5000 });
    server.stop();

    const status = await call('warehouse.status', {});
    expect(status.state).toBe('unreachable');
    expect(status.message).toMatch(/unreachable/);
    const err = await refused('segments.refresh', { id: seg.id });
    expect(err.message).toMatch(/unreachable/);
    const after = await call('segments.members', { id: seg.id, limit: 5000 });
    expect(after.rows.map((r) => r.rid)).toEqual(before.rows.map((r) => r.rid));
    expect((await call('segments.get', { id: seg.id })).status).toBe('live');
    expect((await call('warehouse.segmentSource', { segmentId: seg.id })).lastError).toMatch(/unreachable/);

    const def = await definition("PROFILE(contact).FILTER(address1_city == 'Seattle')");
    const localSeg = await call('segments.create', { name: 'Seattle here', type: 'dynamic', definition: def });
    const est = await call('segments.estimate', { definition: def, segmentId: localSeg.id, now: NOW });
    expect(est.total).toBeGreaterThan(0);
    expect((await call('segments.goLive', { id: localSeg.id })).segment.memberCount).toBe(est.total);
  });
});
