import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { inspectCsv, readSample } from '../../electron/backend/io/csvFile.js';
import { applyInteractionSchema, InteractionSink, planInteractionImport } from '../../electron/backend/io/interactionImport.js';
import { POINT_LOOKUP_MAX_BYTES, pointKeyLookup, usePointLookups } from '../../electron/backend/io/cells.js';
import type { BatchResult } from '../../electron/backend/io/sink.js';

const FIX = path.resolve(__dirname, '../fixtures/csv');

// Known, unknown, empty, padded, wrong-case and repeated contact keys, over two batches, so the
// per-key cache of the point path is hit by both found and missing keys.
const CSV = [
  'interactionid,interactiontype,contactid,timestamp,url',
  'A1,EmailSent,C1,2025-01-01T09:00:00Z,',
  'A2,EmailSent,C404,2025-01-01T09:00:00Z,',
  'A3,EmailOpened, C2 ,2025-01-02T09:00:00Z,https://example.com/',
  'A4,EmailOpened,c1,2025-01-02T09:00:00Z,',
  'A5,EmailSent,,2025-01-03T09:00:00Z,',
  'A6,EmailClicked,C1,2025-01-03T10:00:00Z,https://example.com/a',
  'A7,EmailClicked,C404,2025-01-03T10:00:00Z,',
  'A8,EmailSent,C2,not a date,',
  'A9,WebsiteVisited,C3,2025-01-04T09:00:00Z,https://example.com/b',
  'A1,EmailOpened,C2,2025-01-05T09:00:00Z,',
].join('\n');

const dirs: string[] = [];
const backends: Backend[] = [];

afterEach(async () => {
  for (const b of backends.splice(0)) await b.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function backendWithContacts(): Promise<{ backend: Backend; csv: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-keylookup-'));
  dirs.push(dir);
  const backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test', now: () => Date.UTC(2026, 0, 1) });
  backends.push(backend);
  for (const opts of [
    { kind: 'entity' as const, entity: 'account', path: path.join(FIX, 'accounts.csv'), key: 'accountid' },
    {
      kind: 'entity' as const,
      entity: 'contact',
      path: path.join(FIX, 'contacts.csv'),
      key: 'contactid',
      lookups: { parentcustomerid: 'account' },
    },
  ]) {
    const r = await backend.dispatch('imports.start', opts);
    if (!r.ok) throw new Error(r.error.message);
    await backend.services.imports.wait((r.value as { id: string }).id);
  }
  const csv = path.join(dir, 'interactions.csv');
  fs.writeFileSync(csv, CSV);
  return { backend, csv };
}

/** Runs the interaction sink directly, in two batches, with the given contact key resolution. */
async function importWith(mode: 'bulk' | 'point'): Promise<{ results: BatchResult[]; rows: unknown[]; stats: unknown[] }> {
  const { backend, csv } = await backendWithContacts();
  const db = backend.db;
  const repo = new CatalogRepo(db);
  const records = await readSample(csv, 100);
  const plan = planInteractionImport(repo, inspectCsv(csv), records, { kind: 'interactions', path: csv });
  const cols = db.transaction(() => applyInteractionSchema(repo, plan)).immediate();
  const sink = new InteractionSink(db, repo, plan, cols, undefined, mode);
  const results = [records.slice(0, 5), records.slice(5)].map((batch) => db.transaction(() => sink.writeBatch(batch)).immediate());
  const rows = db
    .prepare(
      'SELECT i.ikey, t.name, c.key, i.ts FROM interactions i JOIN interaction_types t ON t.id = i.type_id JOIN ent_contact c ON c.rid = i.contact_rid ORDER BY i.ikey',
    )
    .all();
  const stats = db
    .prepare(
      'SELECT c.key, t.name, s.n, s.first_ts, s.last_ts FROM contact_type_stats s JOIN ent_contact c ON c.rid = s.contact_rid JOIN interaction_types t ON t.id = s.type_id ORDER BY 1, 2',
    )
    .all();
  return { results, rows, stats };
}

describe('interaction import contact key resolution', () => {
  it('imports the same rows, stats and error report with point lookups as with the loaded key map', async () => {
    const bulk = await importWith('bulk');
    const point = await importWith('point');
    expect(point).toEqual(bulk);
    // The comparison is only meaningful if both paths saw found, unknown and missing keys.
    const reasons = bulk.results.flatMap((r) => r.errors.map((e) => e.reason));
    expect(reasons).toContain('unknown contact "C404" (no contact has this key)');
    expect(reasons).toContain('unknown contact "c1" (no contact has this key)');
    expect(reasons).toContain('missing contact key');
    expect(bulk.rows.length).toBeGreaterThan(0);
  });

  it('answers a point lookup like the table, remembering hits and misses', async () => {
    const { backend } = await backendWithContacts();
    const rid = backend.db.prepare(`SELECT rid FROM ent_contact WHERE key = 'C1'`).pluck().get() as number;
    const lookup = pointKeyLookup(backend.db, 'ent_contact');
    expect(lookup.get('C1')).toBe(rid);
    expect(lookup.get('C1')).toBe(rid);
    expect(lookup.get('nobody')).toBeUndefined();
    expect(lookup.get('nobody')).toBeUndefined();
    expect(lookup.get('c1')).toBeUndefined();
  });
});

describe('how an interactions import resolves contact keys', () => {
  it('looks keys up one by one for a small file, or a file with few rows for the contacts there are; loads them all otherwise', () => {
    const big = POINT_LOOKUP_MAX_BYTES * 10;
    expect(usePointLookups(POINT_LOOKUP_MAX_BYTES - 1, 50_000, 0)).toBe(true);
    // 100k rows into 1M contacts: a lookup per row costs less than loading a million keys, and holds none.
    expect(usePointLookups(big, 100_000, 1_000_000)).toBe(true);
    expect(usePointLookups(big, 249_999, 1_000_000)).toBe(true);
    expect(usePointLookups(big, 250_000, 1_000_000)).toBe(false);
    // 20M rows, or any big file into an empty or small contact table: the map.
    expect(usePointLookups(big, 20_000_000, 1_000_000)).toBe(false);
    expect(usePointLookups(big, 100_000, 0)).toBe(false);
  });
});
