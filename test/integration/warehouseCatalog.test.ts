/**
 * Reading the catalog from the warehouse, against a REAL PostgreSQL 15 (test/support/postgres.ts; fails
 * loudly when absent): a demo store is pushed; a FRESH database connected to that warehouse gets its
 * catalog from it (the `segment_studio_catalog` metadata the push writes, and plain information_schema
 * introspection of a copy without it), and a segment estimated on the warehouse counts what the original
 * desktop counts; go-live brings the members' key and display name here. A schema not in the documented
 * shape is refused naming the table and column, and nothing is stored.
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
import { requirePostgres, type TestPostgres } from '../support/postgres.js';

const NOW = '2026-03-15T12:00:00Z';
const QUERY =
  "PROFILE(contact).FILTER(address1_city == 'Seattle')\nUNION\n" +
  'INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 1, UTCDAYS(400))';
let dir: string;
let server: TestPostgres;
let original: Backend;
const opened: Backend[] = [];
let settings: WarehouseSettings;
let desktopTotal: number;

async function call<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await b.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
async function refused<K extends MethodName>(b: Backend, method: K, input: MethodInput<K>): Promise<ApiError> {
  const r = await b.dispatch(method, input);
  if (r.ok) throw new Error(`${method} succeeded but should have failed`);
  return r.error;
}
async function pgRows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
const pgExec = async (sql: string): Promise<void> => void (await pgRows(sql));
async function fresh(name: string): Promise<Backend> {
  const b = await createBackend({ dbPath: path.join(dir, `${name}.db`), host: 'test', now: () => Date.parse(NOW) });
  opened.push(b);
  return b;
}
/** Estimates QUERY on the warehouse from `b` (its catalog read from there); the count and the segment id. */
async function warehouseEstimate(b: Backend): Promise<{ total: number; id: string }> {
  const parsed = await call(b, 'segments.parseText', { text: QUERY });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const seg = await call(b, 'segments.create', { name: 'Engaged or Seattle', type: 'dynamic', definition: parsed.definition });
  await call(b, 'warehouse.setRunOn', { segmentId: seg.id, runOn: 'warehouse' });
  const est = await call(b, 'segments.estimate', { definition: parsed.definition, segmentId: seg.id, now: NOW });
  expect(est.source).toBe('warehouse');
  return { total: est.total, id: seg.id };
}

beforeAll(async () => {
  server = await requirePostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-wh-catalog-'));
  const dbPath = path.join(dir, 'original.db');
  expect(await main(['init', '--db', dbPath, '--demo', '300'], { out: () => undefined, err: () => undefined })).toBe(0);
  original = await createBackend({ dbPath, host: 'test', now: () => Date.parse(NOW) });
  opened.push(original);
  await call(original, 'warehouse.push', { postgresUrl: server.url });
  const parsed = await call(original, 'segments.parseText', { text: QUERY });
  if (!parsed.ok) throw new Error('query does not parse');
  desktopTotal = (await call(original, 'segments.estimate', { definition: parsed.definition, now: NOW })).total;
  expect(desktopTotal).toBeGreaterThan(0);
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
  for (const b of opened) await b.close();
  server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the catalog read from the warehouse', () => {
  it('refuses a schema not in the documented shape, naming the table and column, and stores nothing', async () => {
    await pgExec(
      'CREATE SCHEMA broken; CREATE TABLE broken.contact (contactid text PRIMARY KEY, contactid__f text, prefs json); ' +
        'CREATE TABLE broken.visits (city text)',
    );
    const b = await fresh('broken');
    const before = await call(b, 'catalog.describe', {});
    const err = await refused(b, 'warehouse.connect', { settings: { ...settings, schema: 'broken' } });
    expect(err.message).toMatch(/cannot be read from the warehouse schema "broken"/);
    expect(err.message).toMatch(/column "contact\.prefs" is json/);
    expect(err.message).toMatch(/table "visits" has no primary key/);
    expect(err.message).toMatch(/table "interactions" is missing/);
    expect(await call(b, 'catalog.describe', {})).toEqual(before);
    expect((await call(b, 'warehouse.status', {})).state).toBe('notConfigured');
  });

  it('a fresh database takes the pushed catalog (labels, lookups, types) and estimates on the warehouse the desktop count', async () => {
    const b = await fresh('fromMetadata');
    expect((await call(b, 'warehouse.connect', { settings })).state).toBe('connected');
    const mine = await call(b, 'catalog.describe', {});
    const theirs = await call(original, 'catalog.describe', {});
    const shape = (c: typeof mine): unknown => ({
      entities: c.entities.map((e) => ({ ...e, recordCount: 0 })),
      relationships: c.relationships,
      interactionTypes: c.interactionTypes.map((t) => ({ ...t, count: 0 })),
    });
    expect(shape(mine)).toEqual(shape(theirs));

    const { total, id } = await warehouseEstimate(b);
    expect(total).toBe(desktopTotal);
    // On this computer the same definition counts only contacts held here: none yet (they stay in the warehouse).
    const definition = (await call(b, 'segments.get', { id })).definition;
    expect((await call(b, 'segments.estimate', { definition, now: NOW })).total).toBe(0);
    // Go-live brings the members' key and display name here, so Members lists them.
    const live = await call(b, 'segments.goLive', { id });
    expect(live.segment.memberCount).toBe(desktopTotal);
    const page = await call(b, 'segments.members', { id, limit: 5 });
    expect(page.total).toBe(desktopTotal);
    expect(page.rows.length).toBe(Math.min(5, desktopTotal));
    for (const r of page.rows) {
      const there = await pgRows<{ fullname: string | null }>('SELECT fullname FROM public.contact WHERE contactid = $1', [r.key]);
      expect(r.name).toBe(there[0]?.fullname ?? null);
    }
    // Only members were brought here, nothing else.
    const held = (await call(b, 'catalog.describe', {})).entities.find((e) => e.name === 'contact')?.recordCount;
    expect(held).toBe(desktopTotal);
    expect(await call(b, 'warehouse.segmentSource', { segmentId: id })).toMatchObject({ lastCount: desktopTotal, lastUnmatched: 0 });
  });

  it('without the metadata table, plain introspection gives a catalog the same segment counts the same on', async () => {
    await pgExec(
      'CREATE SCHEMA plain; ' +
        ['contact', 'account', 'interactions']
          .map((t) => `CREATE TABLE plain.${t} (LIKE public.${t} INCLUDING ALL); INSERT INTO plain.${t} SELECT * FROM public.${t};`)
          .join(' '),
    );
    const b = await fresh('introspected');
    expect((await call(b, 'warehouse.connect', { settings: { ...settings, schema: 'plain' } })).state).toBe('connected');
    const types = (await call(b, 'catalog.describe', {})).interactionTypes.map((t) => t.name);
    expect(types).toContain('EmailOpened');
    // Asked again: nothing new; the relationship column without a foreign key is named as left out.
    const again = await call(b, 'warehouse.readCatalog', {});
    expect(again).toMatchObject({ source: 'introspection', entities: 0, fields: 0, interactionTypes: 0 });
    expect(again.skipped.join('\n')).toMatch(/column "contact\.parentcustomerid": a relationship column whose target table is unknown/);
    expect((await warehouseEstimate(b)).total).toBe(desktopTotal);
  });
});
