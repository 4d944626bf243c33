/**
 * Imports run on the import thread (io/importThread.ts): the main thread keeps answering API calls while
 * a batch is being written, readers see whole batches only, and a big append is loaded like an empty
 * table's bulk load (indexes dropped, rebuilt once) with the same result as batch-by-batch upkeep.
 * Real backend, real SQLite files, real worker thread. No timing thresholds: the test asserts ORDER — an
 * API call is answered while the import's write transaction is open on the other connection (impossible
 * when the import wrote on the main thread: its transactions opened and committed inside one call).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import type { Db } from '../../electron/backend/db/connection.js';
import type { DataChange } from '../../electron/backend/dataChange.js';
import { EventBus } from '../../electron/backend/events.js';
import { ImportService } from '../../electron/backend/io/importService.js';
import type { ImportSummary } from '../../shared/models/import.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';
import { useTempFiles } from '../support/tempFiles.js';

/** Large enough that the import takes many batches; `SS_DEEP=1` for a bigger one. */
const ROWS = process.env['SS_DEEP'] ? 300_000 : 60_000;
const BATCH = 2000;

const temp = useTempFiles('ss-import-thread-');
const tempDir = (): string => temp.dir();

/** One turn of the event loop: lets the import thread's messages in between the calls. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

it('answers API calls while the import thread has a batch open, and every read sees whole batches', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'contacts.csv');
  writeContactsCsv(file, ROWS);
  const backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test' });
  // A second connection that never waits: BEGIN IMMEDIATE fails with SQLITE_BUSY exactly while another
  // connection holds the write lock — here only the import thread writes.
  const probe = temp.db(path.join(dir, 'data.db'), { skipMigrations: true });
  probe.pragma('busy_timeout = 0');
  const writing = (): boolean => {
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
      return false;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      return true;
    }
  };
  try {
    let finished = false;
    backend.events.onAny((event) => {
      if (event === 'import.finished') finished = true;
    });
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const r = await backend.dispatch('imports.start', {
      kind: 'entity',
      entity: 'contact',
      path: file,
      key: 'contactid',
      batchSize: BATCH,
    });
    if (!r.ok) throw new Error(r.error.message);
    const id = (r.value as { id: string }).id;
    const whileWriting: ImportSummary[] = [];
    let calls = 0;
    // One statement, one snapshot: the rows readers see and what the import's record says was committed.
    const seen = backend.db.prepare('SELECT (SELECT count(*) FROM ent_contact) AS n, (SELECT rows_done FROM imports WHERE id = ?) AS done');
    while (!finished) {
      const before = writing();
      const got = await backend.dispatch('imports.get', { id });
      if (!got.ok) throw new Error(got.error.message);
      calls++;
      const { n, done } = seen.get(id) as { n: number; done: number | null };
      // `start` answers before the thread writes the import's record: until then nothing is committed.
      expect(n).toBe(done ?? 0);
      expect(n % BATCH === 0 || n === ROWS).toBe(true);
      if (before && writing()) whileWriting.push(got.value as ImportSummary);
      await turn();
    }
    lag.disable();
    const summary = await backend.services.imports.wait(id);
    console.log(
      `[import thread] ${calls} API calls answered, ${whileWriting.length} while a batch was being written; main-thread event-loop ` +
        `delay max ${(lag.max / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms (load ${os.loadavg()[0]?.toFixed(2)})`,
    );
    expect(summary).toMatchObject({ status: 'completed', imported: ROWS, rowsDone: ROWS });
    // Order: API calls were answered while the import thread had a batch open, mid-import. A call may also
    // land after the last batch, while the thread still writes the end of the load (the lookup indexes a
    // bulk entity load builds): the import is still running then, with every row done.
    expect(whileWriting.filter((s) => s.rowsDone < ROWS).length).toBeGreaterThan(0);
    for (const s of whileWriting) expect(s.status).toBe('running');
    expect(backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(ROWS);
  } finally {
    await backend.close();
  }
}, 180_000);

/** Interactions of 240 contacts, a few unknown contacts among them. */
function writeInteractions(file: string, rows: number, shift: number): void {
  const lines = ['interactiontype,contactid,timestamp,url'];
  for (let i = 0; i < rows; i++) {
    const contact = i % 53 === 0 ? 'NOPE' : `K${1 + ((i * 31 + shift) % 240)}`;
    const ts = `2025-03-${String(1 + ((i * 13 + shift) % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`;
    lines.push(
      `${['EmailSent', 'EmailOpened', 'WebsiteVisited'][i % 3]},${contact},${ts},${i % 3 === 0 ? `https://e.com/p${i % 11}` : ''}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

it('an interactions file big next to the log it joins is bulk-loaded, with the same rows and summary as batch-by-batch upkeep', async () => {
  const dir = tempDir();
  const contacts = path.join(dir, 'contacts.csv');
  const first = path.join(dir, 'first.csv');
  const big = path.join(dir, 'big.csv');
  const small = path.join(dir, 'small.csv');
  writeContactsCsv(contacts, 240);
  writeInteractions(first, 3000, 0);
  writeInteractions(big, 4000, 7);
  writeInteractions(small, 200, 3);
  const run = async (name: string, bulkBytes: number | undefined): Promise<{ db: Db; changes: DataChange[][] }> => {
    const db = temp.db(path.join(dir, name));
    const changes: DataChange[][] = [];
    const svc = new ImportService({
      db,
      events: new EventBus(),
      now: () => Date.UTC(2026, 0, 1),
      onDataChanged: (c) => changes.at(-1)?.push(c),
      ...(bulkBytes === undefined ? {} : { bulkBytes }),
    });
    for (const [opts, batchSize] of [
      [{ kind: 'entity', entity: 'contact', path: contacts, key: 'contactid' }, 1000],
      [{ kind: 'interactions', path: first }, 500],
      [{ kind: 'interactions', path: big }, 500],
      [{ kind: 'interactions', path: small }, 50],
    ] as const) {
      changes.push([]);
      const s = await svc.wait((await svc.start({ ...opts, batchSize })).id);
      expect(s.status).toBe('completed');
    }
    await svc.stopAll();
    return { db, changes };
  };
  const plain = await run('plain.db', undefined);
  const bulk = await run('bulk.db', 0);
  const state = (db: Db): unknown => ({
    rows: db.prepare('SELECT id, type_id, contact_rid, ts, c_url FROM interactions ORDER BY id').raw().all(),
    stats: db.prepare('SELECT * FROM contact_type_stats ORDER BY 1, 2').raw().all(),
    errors: db
      .prepare(
        'SELECT i.seq, e.seq, row, column_name, value, reason FROM import_errors e JOIN imports i ON i.id = e.import_id ORDER BY 1, 2',
      )
      .raw()
      .all(),
  });
  expect(state(bulk.db)).toEqual(state(plain.db));
  expect(bulk.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBeGreaterThan(6500);
  expect(bulk.db.pragma('integrity_check', { simple: true })).toBe('ok');
  // Batch by batch everywhere without a bulk threshold. With one: the first file (empty log) and the big
  // append (more rows than half the log) are told once, at the end; the small append batch by batch.
  expect(plain.changes.slice(1).map((c) => c.length > 1)).toEqual([true, true, true]);
  expect(bulk.changes.slice(1).map((c) => c.length)).toEqual([1, 1, plain.changes[3]?.length]);
  expect(bulk.changes[3]?.length).toBeGreaterThan(1);
}, 120_000);
