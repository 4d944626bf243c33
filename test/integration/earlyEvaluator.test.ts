/**
 * The evaluator worker the web host starts in its first lines (evaluator/earlyStart.ts) is the one the
 * app's backend then uses: a web backend on the same file adopts it (its jobs' answers come from that
 * worker), one asking for another worker stops it, and a database this app has not migrated yet (or not
 * in WAL mode, or not SQLite) gets no early start at all. It pre-warms nothing until the host says so
 * (it listens): jobs run meanwhile. Real SQLite files, real worker threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { SCHEMA_VERSION } from '../../electron/backend/db/migrations/index.js';
import {
  appWorkerOptions,
  readyForEarlyStart,
  startEvaluatorEarly,
  stopEarlyEvaluator,
  takeEarlyWorker,
} from '../../electron/backend/evaluator/earlyStart.js';
import { profileDefinition } from '../fixtures/definitions.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset } from './liveFixture.js';

const N = 120;
let dir: string;
let dbPath: string;
let backend: Backend | null = null;

const fewerChildren = profileDefinition([{ kind: 'rule', id: 'r', field: 'numberofchildren', operator: 'lt', values: [2] }]);
const cityDefinition = profileDefinition([{ kind: 'rule', id: 'r', field: 'address1_city', operator: 'eq', values: ['Paris'] }]);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-early-evaluator-'));
  dbPath = path.join(dir, 'app.db');
  const first = await createBackend({ dbPath, host: 'test' });
  loadDataset(first.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: N }, (_, i) => ({
        rid: i + 1,
        key: `c${i + 1}`,
        values: { contactid: `c${i + 1}`, numberofchildren: i % 3 },
      })),
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
  await first.close();
}, 120_000);

afterEach(async () => {
  await stopEarlyEvaluator();
  await backend?.close();
  backend = null;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function estimate(b: Backend): Promise<number> {
  const r = await b.dispatch('segments.estimate', { definition: fewerChildren });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { total: number }).total;
}

/** Resolves with the ids of the jobs `worker` answered (its 'done' messages) until `until` settles. */
function answeredBy(worker: Worker): { ids: number[] } {
  const seen = { ids: [] as number[] };
  worker.on('message', (m: { type: string; id?: number }) => {
    if (m.type === 'done' && typeof m.id === 'number') seen.ids.push(m.id);
  });
  return seen;
}

describe('the evaluator worker started before the backend', () => {
  it('is adopted by a web backend on the same file: the first estimate is answered by it', async () => {
    const worker = startEvaluatorEarly(appWorkerOptions(dbPath));
    expect(worker).not.toBeNull();
    const seen = answeredBy(worker as Worker);
    let exited = false;
    worker?.on('exit', () => (exited = true));
    backend = await createBackend({ dbPath, host: 'web' });
    // Taken: nothing is left to adopt.
    expect(takeEarlyWorker(appWorkerOptions(dbPath))).toBeNull();
    expect(await estimate(backend)).toBe(N - Math.floor(N / 3));
    expect(seen.ids.length).toBeGreaterThan(0);
    // Its 'ready' and 'warmed', sent before the adoption, reached the host.
    await backend.evaluator.whenWarm();
    expect(exited).toBe(false);
  });

  it('is stopped when the backend asks for another worker, which then answers', async () => {
    const worker = startEvaluatorEarly({ ...appWorkerOptions(dbPath), prewarm: false });
    expect(worker).not.toBeNull();
    const seen = answeredBy(worker as Worker);
    const exited = new Promise<void>((resolve) => worker?.on('exit', () => resolve()));
    backend = await createBackend({ dbPath, host: 'web' });
    expect(await estimate(backend)).toBe(N - Math.floor(N / 3));
    await exited;
    expect(seen.ids).toEqual([]);
  });

  it('holds its pre-warm until the host releases it, and answers jobs meanwhile', async () => {
    // A live segment reading a column the estimate below does not read.
    const setup = await createBackend({ dbPath, host: 'test' });
    const seg = setup.services.segments.create({ name: 'held', type: 'dynamic', definition: cityDefinition, timeZone: 'UTC' });
    setup.db.prepare("UPDATE segments SET status = 'live' WHERE id = ?").run(seg.id);
    await setup.close();
    try {
      expect(startEvaluatorEarly(appWorkerOptions(dbPath))).not.toBeNull();
      backend = await createBackend({ dbPath, host: 'web' });
      expect(await estimate(backend)).toBe(N - Math.floor(N / 3));
      const held = await backend.evaluator.cacheStats();
      expect(held.prewarm).toBe('held');
      expect(held.loads.some((l) => l.what.startsWith('contact.address1_city'))).toBe(false);
      backend.evaluator.releasePrewarm();
      await backend.evaluator.whenWarm();
      const warmed = await backend.evaluator.cacheStats();
      expect(warmed.prewarm).toBe('done');
      expect(warmed.loads.some((l) => l.what.startsWith('contact.address1_city'))).toBe(true);
    } finally {
      await backend?.close();
      backend = null;
      const cleanup = openDatabase(dbPath);
      cleanup.prepare('DELETE FROM segments WHERE id = ?').run(seg.id);
      cleanup.close();
    }
  });

  it('starts only for a database of this schema version in WAL mode', () => {
    expect(readyForEarlyStart(dbPath)).toBe(true);
    expect(readyForEarlyStart(path.join(dir, 'missing.db'))).toBe(false);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database '.repeat(20));
    expect(readyForEarlyStart(text)).toBe(false);
    const older = path.join(dir, 'older.db');
    // An app of an older version left it (this app would migrate it first).
    const o = openDatabase(older);
    o.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    o.close();
    expect(readyForEarlyStart(older)).toBe(false);
    expect(startEvaluatorEarly(appWorkerOptions(older))).toBeNull();
    const rollback = path.join(dir, 'rollback.db');
    const r = openDatabase(rollback);
    r.pragma('journal_mode = DELETE');
    r.close();
    expect(readyForEarlyStart(rollback)).toBe(false);
  });
});
