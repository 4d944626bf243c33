/**
 * The worker's columnar cache stays correct while the main connection writes: through the real
 * backend (services, DataChange hub → EvaluatorHost → worker), every estimate after an edit, a CSV
 * import and new interactions equals the reference evaluator over the data as stored; a commit the
 * worker is never told about (another connection) is caught by the safety net; materialise writes
 * exactly the reference members.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { insertRecords } from '../../electron/backend/values/storedValue.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import { dropInteractionIndexes, ensureInteractionIndexes } from '../../electron/backend/io/interactionIndexes.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { loadSnapshotFixtures, SNAPSHOT_DEFS } from './columnSnapshotDefs.js';

const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
const NOW = Date.parse('2025-06-01T00:00:00Z');
const ctx = { now: NOW, timeZone: 'UTC' };

let dir: string;
let backend: Backend;

async function load(opts: ImportOptions): Promise<void> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(r.error.message);
  await backend.services.imports.wait((r.value as { id: string }).id);
}

const DEFS = SNAPSHOT_DEFS;
/** Every definition: the worker's estimate (columnar) equals the reference over the stored data. */
async function expectAllMatch(): Promise<void> {
  const data = loadDataset(backend.db);
  for (const [name, def] of Object.entries(DEFS)) {
    const want = evaluateDefinition(def, data, ctx);
    const got = await backend.evaluator.estimate({ definition: def, timeZone: 'UTC', now: NOW });
    expect({ name, path: got.path, total: got.total, blockCounts: got.blockCounts }).toEqual({
      name,
      path: 'columnar',
      total: want.members.size,
      blockCounts: want.blockCounts,
    });
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-columnar-'));
  backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test' });
  await loadSnapshotFixtures(backend);
});

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('columnar cache in the worker follows committed changes', () => {
  it('answers like the reference evaluator once the columns are loaded', async () => {
    await expectAllMatch();
  });

  it('after a contact edit (contacts.update)', async () => {
    const rid = backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C1'").pluck().get() as number;
    const r = await backend.dispatch('contacts.update', { rid, values: { address1_city: 'Seattle', lifetimevalue: 5 } });
    expect(r.ok).toBe(true);
    await expectAllMatch();
  });

  it('after a contact moves to another account (the lookup column and its reverse index)', async () => {
    const rid = backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C2'").pluck().get() as number;
    const before = evaluateDefinition(DEFS.retailAccount as SegmentDefinition, loadDataset(backend.db), ctx).members.has(rid);
    const r = await backend.dispatch('contacts.update', { rid, values: { parentcustomerid: before ? 'A2' : 'A1' } });
    expect(r.ok).toBe(true);
    expect(evaluateDefinition(DEFS.retailAccount as SegmentDefinition, loadDataset(backend.db), ctx).members.has(rid)).toBe(!before);
    await expectAllMatch();
  });

  it('after a CSV import batch (updates and a new contact beyond the loaded rids)', async () => {
    await load({ kind: 'entity', entity: 'contact', path: fx('contacts-update.csv'), key: 'contactid' });
    await expectAllMatch();
  });

  it('after new interactions', async () => {
    const csv = path.join(dir, 'more.csv');
    fs.writeFileSync(
      csv,
      [
        'interactionid,interactiontype,contactid,timestamp',
        'N1,EmailOpened,C2,2025-02-01T09:00:00Z',
        'N2,EmailOpened,C2,2025-02-02T09:00:00Z',
        'N3,EmailSent,C3,2025-02-03T09:00:00Z',
        'N4,EmailClicked,C3,2025-02-04T09:00:00Z',
        'N5,EmailSent,C9,2025-02-05T09:00:00Z',
        'N6,EmailOpened,C2,2026-02-02T09:00:00Z', // after `now`: does not exist yet
      ].join('\n'),
    );
    await load({ kind: 'interactions', path: csv });
    await expectAllMatch();
  });

  it('after a commit the worker was never told about (another connection): the safety net reloads', async () => {
    const other = openDatabase(path.join(dir, 'data.db'), { skipMigrations: true });
    try {
      const city = new CatalogRepo(other).field('contact', 'address1_city');
      if (!city) throw new Error('no address1_city field');
      insertRecords(other, 'ent_contact', [city], [{ key: 'X1', values: ['Seattle'] }]);
      const x1 = other.prepare("SELECT rid FROM ent_contact WHERE key = 'X1'").pluck().get() as number;
      const sent = other.prepare("SELECT id FROM interaction_types WHERE name = 'EmailSent'").pluck().get() as number;
      // As every interaction writer does (docs/storage.md): the log row and its per-contact summary.
      other.prepare('INSERT INTO interactions (type_id, contact_rid, ts) VALUES (?, ?, ?)').run(sent, x1, NOW - 1000);
      other
        .prepare('INSERT INTO contact_type_stats (contact_rid, type_id, n, first_ts, last_ts) VALUES (?, ?, 1, ?, ?)')
        .run(x1, sent, NOW - 1000, NOW - 1000);
    } finally {
      other.close();
    }
    await expectAllMatch();
  });

  it('materialises exactly the reference members, diffing against the current ones', async () => {
    const seg = backend.services.segments.create({
      name: 'columnar-mat',
      type: 'dynamic',
      definition: DEFS.city as SegmentDefinition,
      timeZone: 'UTC',
    });
    const first = await backend.evaluator.materialise(seg.id, NOW);
    const want = [...evaluateDefinition(DEFS.city as SegmentDefinition, loadDataset(backend.db), ctx).members].sort((a, b) => a - b);
    const stored = (): number[] =>
      backend.db
        .prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ? ORDER BY contact_rid')
        .pluck()
        .all(seg.id) as number[];
    expect(stored()).toEqual(want);
    expect(first).toMatchObject({ size: want.length, added: want.length, removed: 0 });
    expect(await backend.evaluator.materialise(seg.id, NOW)).toMatchObject({ size: want.length, added: 0, removed: 0 });
    // A member that should not be there and a missing one: the next materialise repairs both.
    const [keep, drop] = want;
    if (keep === undefined || drop === undefined) throw new Error('fixture: expected at least two members');
    backend.db.prepare('DELETE FROM segment_members WHERE segment_id = ? AND contact_rid = ?').run(seg.id, drop);
    backend.db.prepare("INSERT INTO segment_members (segment_id, contact_rid) SELECT ?, rid FROM ent_contact WHERE key = 'C4'").run(seg.id);
    const repaired = await backend.evaluator.materialise(seg.id, NOW);
    expect(stored()).toEqual(want);
    expect(repaired).toMatchObject({ size: want.length, added: 1, removed: want.includes(4) ? 0 : 1 });
  });

  it('reports what the cache holds and what loading it cost', async () => {
    const stats = await backend.evaluator.cacheStats();
    expect(stats.memory.entities).toBeGreaterThan(0);
    expect(stats.memory.interactions).toBeGreaterThan(0);
    expect(stats.loads.some((l) => l.what.startsWith('contact.') && l.what.includes('address1_city'))).toBe(true);
    expect(stats.rssBytes).toBeGreaterThan(0);
  });

  it('pre-warms what live segments read when the worker starts, and answers jobs meanwhile', async () => {
    const seg = backend.services.segments.create({
      name: 'prewarm-src',
      type: 'dynamic',
      definition: DEFS.sentNotClicked as SegmentDefinition,
      timeZone: 'UTC',
    });
    backend.db.prepare("UPDATE segments SET status = 'live' WHERE id = ?").run(seg.id);
    const warm = new EvaluatorHost({ dbPath: path.join(dir, 'data.db'), prewarm: true });
    try {
      await warm.warmUp();
      const data = loadDataset(backend.db);
      const want = evaluateDefinition(DEFS.city as SegmentDefinition, data, ctx);
      expect((await warm.estimate({ definition: DEFS.city as SegmentDefinition, timeZone: 'UTC', now: NOW })).total).toBe(
        want.members.size,
      );
      // The worker says when its warm-up queue is done; no polling.
      await warm.whenWarm();
      const loads = (await warm.cacheStats()).loads.map((l) => l.what);
      expect(loads).toEqual(expect.arrayContaining(['interactions.EmailSent', 'interactions.EmailClicked']));
      const sent = evaluateDefinition(DEFS.sentNotClicked as SegmentDefinition, data, ctx);
      expect((await warm.estimate({ definition: DEFS.sentNotClicked as SegmentDefinition, timeZone: 'UTC', now: NOW })).total).toBe(
        sent.members.size,
      );
    } finally {
      await warm.close();
    }
  });

  it('runs a job asked for while the worker boots before any pre-warm step', async () => {
    // A live segment that reads interaction logs only: pre-warm's first step loads a log.
    const seg = backend.services.segments.create({
      name: 'prewarm-order',
      type: 'dynamic',
      definition: DEFS.sentNotClicked as SegmentDefinition,
      timeZone: 'UTC',
    });
    backend.db.prepare("UPDATE segments SET status = 'live' WHERE id = ?").run(seg.id);
    const warm = new EvaluatorHost({ dbPath: path.join(dir, 'data.db'), prewarm: true });
    try {
      // Asked at once, as the first API call after the app starts: the worker has not said 'ready' yet.
      const got = await warm.estimate({ definition: DEFS.city as SegmentDefinition, timeZone: 'UTC', now: NOW });
      expect(got.total).toBe(evaluateDefinition(DEFS.city as SegmentDefinition, loadDataset(backend.db), ctx).members.size);
      await warm.whenWarm();
      const loads = (await warm.cacheStats()).loads.map((l) => l.what);
      const job = loads.findIndex((w) => w.startsWith('contact.address1_city'));
      const log = loads.findIndex((w) => w.startsWith('interactions.'));
      expect(job).toBeGreaterThanOrEqual(0);
      expect(log).toBeGreaterThan(job);
    } finally {
      await warm.close();
      backend.db.prepare('DELETE FROM segments WHERE id = ?').run(seg.id);
    }
  });

  it('returns the members of a definition (columnar, and the same from a SQL-only worker)', async () => {
    const sqlOnly = new EvaluatorHost({ dbPath: path.join(dir, 'data.db'), engine: 'sql' });
    try {
      const data = loadDataset(backend.db);
      for (const def of Object.values(DEFS)) {
        const want = [...evaluateDefinition(def, data, ctx).members].sort((a, b) => a - b);
        expect(await backend.evaluator.definitionMembers({ definition: def, timeZone: 'UTC', now: NOW })).toEqual(want);
        expect(await sqlOnly.definitionMembers({ definition: def, timeZone: 'UTC', now: NOW })).toEqual(want);
        expect((await sqlOnly.estimate({ definition: def, timeZone: 'UTC', now: NOW })).path).toBe('sql');
      }
      await expect(
        backend.evaluator.definitionMembers({ definition: { kind: 'static', version: 1 }, timeZone: 'UTC', now: NOW }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
    } finally {
      await sqlOnly.close();
    }
  });

  it('answers right while a bulk load has the interaction indexes dropped and the summary stale', async () => {
    // What a bulk interaction load leaves between its batches (io/interactionImport.ts): no interaction
    // indexes, no summary index, a summary that does not match the log. Readers must neither fail
    // ("no such index") nor trust the summary.
    backend.db.transaction(() => {
      dropInteractionIndexes(backend.db);
      backend.db.exec('DELETE FROM contact_type_stats');
    })();
    const columnar = new EvaluatorHost({ dbPath: path.join(dir, 'data.db') });
    const sqlOnly = new EvaluatorHost({ dbPath: path.join(dir, 'data.db'), engine: 'sql' });
    try {
      const data = loadDataset(backend.db);
      // Not vacuous: the interaction segments have members by now (the earlier tests added interactions).
      expect(evaluateDefinition(DEFS.sentNotClicked as SegmentDefinition, data, ctx).members.size).toBeGreaterThan(0);
      for (const [name, def] of Object.entries(DEFS)) {
        const want = [...evaluateDefinition(def, data, ctx).members].sort((a, b) => a - b);
        expect({ name, members: await columnar.definitionMembers({ definition: def, timeZone: 'UTC', now: NOW }) }).toEqual({
          name,
          members: want,
        });
        expect({ name, members: await sqlOnly.definitionMembers({ definition: def, timeZone: 'UTC', now: NOW }) }).toEqual({
          name,
          members: want,
        });
      }
    } finally {
      await columnar.close();
      await sqlOnly.close();
      ensureInteractionIndexes(backend.db);
    }
    await expectAllMatch();
  });
});
