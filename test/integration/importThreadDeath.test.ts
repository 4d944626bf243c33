/**
 * Recovery when the import thread dies mid-import (io/importThread.ts): the real worker thread is ended
 * in the middle of a big import, as a crash of it would end it. The import then ends `failed` with a
 * clear message, only whole committed batches stay (and the record says how many), nothing holds the
 * write lock, the app keeps answering and writing, and the next import runs on a new thread. A bulk
 * load cut short gets its dropped indexes back. Order, not timing: the thread is ended after the third
 * committed batch and before the last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import type { Db } from '../../electron/backend/db/connection.js';
import { EventBus } from '../../electron/backend/events.js';
import { ImportService } from '../../electron/backend/io/importService.js';
import type { ImportSummary } from '../../shared/models/import.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';
import { useTempFiles } from '../support/tempFiles.js';

const ROWS = 40_000;
const BATCH = 2000;

const temp = useTempFiles('ss-import-death-');
const tempDir = (): string => temp.dir();

/** True when another connection holds the write lock (BEGIN IMMEDIATE fails at once, no waiting). */
function lockedBy(probe: Db): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    return true;
  }
}

it('an import whose thread dies mid-way ends failed with its whole batches only, and the app and the next import go on', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'contacts.csv');
  writeContactsCsv(file, ROWS);
  const dbPath = path.join(dir, 'data.db');
  const backend = await createBackend({ dbPath, host: 'test', now: () => Date.UTC(2026, 0, 1) });
  const probe = temp.db(dbPath, { skipMigrations: true });
  probe.pragma('busy_timeout = 0');
  try {
    const svc = backend.services.imports;
    const ended: ImportSummary[] = [];
    let batches = 0;
    let killed: Promise<void> | null = null;
    backend.events.onAny((event, payload) => {
      if (event === 'import.finished') ended.push(payload as ImportSummary);
      if (event === 'import.progressed' && ++batches === 3) killed = svc.thread.terminate();
    });
    const r = await backend.dispatch('imports.start', {
      kind: 'entity',
      entity: 'contact',
      path: file,
      key: 'contactid',
      batchSize: BATCH,
    });
    if (!r.ok) throw new Error(r.error.message);
    const { id } = r.value as { id: string };
    const s = await svc.wait(id);
    await killed;
    expect(s).toMatchObject({ id, status: 'failed', message: expect.stringMatching(/import thread stopped.*whole batches/) });
    expect(ended).toEqual([s]);
    // Only whole batches, exactly those the record counts, and fewer than the file.
    const count = backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
    expect(count).toBe(s.rowsDone);
    expect(s.batchesCommitted).toBeGreaterThanOrEqual(3);
    expect(s.rowsDone).toBe(s.batchesCommitted * BATCH);
    expect(s.rowsDone).toBeLessThan(ROWS);
    expect(svc.running()).toBe(false);
    // Nothing holds the write lock (the dead thread's open batch was rolled back), and the app answers and writes.
    expect(lockedBy(probe)).toBe(false);
    expect(await backend.dispatch('imports.get', { id })).toEqual({ ok: true, value: s });
    expect(backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The next import runs on a new thread, to the end: the file's rows once each.
    const again = await backend.dispatch('imports.start', { kind: 'entity', entity: 'contact', path: file, key: 'contactid' });
    if (!again.ok) throw new Error(again.error.message);
    const s2 = await svc.wait((again.value as { id: string }).id);
    expect(s2).toMatchObject({ status: 'completed', rowsDone: ROWS, imported: ROWS - count, updated: count });
    expect(backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(ROWS);
  } finally {
    await backend.close();
  }
}, 180_000);

it('a bulk interactions load whose thread dies gets its indexes back, and the next import works', async () => {
  const dir = tempDir();
  const contacts = path.join(dir, 'contacts.csv');
  const log = path.join(dir, 'log.csv');
  writeContactsCsv(contacts, 500);
  const lines = ['interactiontype,contactid,timestamp'];
  for (let i = 0; i < 30_000; i++) lines.push(`EmailSent,K${1 + (i % 500)},2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`);
  fs.writeFileSync(log, `${lines.join('\n')}\n`);
  const db = temp.db(path.join(dir, 'data.db'));
  const events = new EventBus();
  // bulkBytes 0: every interactions file into this small log is a bulk load (indexes dropped first).
  const svc = new ImportService({ db, events, now: () => Date.UTC(2026, 0, 1), onDataChanged: () => undefined, bulkBytes: 0 });
  const indexes = (): string[] =>
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions' ORDER BY name`).pluck().all() as string[];
  try {
    expect((await svc.wait((await svc.start({ kind: 'entity', entity: 'contact', path: contacts, key: 'contactid' })).id)).status).toBe(
      'completed',
    );
    const before = indexes();
    let batches = 0;
    let killed: Promise<void> | null = null;
    events.onAny((event) => {
      if (event === 'import.progressed' && ++batches === 3) killed = svc.thread.terminate();
    });
    const s = await svc.wait((await svc.start({ kind: 'interactions', path: log, batchSize: 1000 })).id);
    await killed;
    expect(s.status).toBe('failed');
    expect(s.rowsDone).toBeLessThan(30_000);
    expect(db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(s.imported);
    expect(indexes()).toEqual(before);
    const next = await svc.wait((await svc.start({ kind: 'interactions', path: log, batchSize: 10_000 })).id);
    expect(next).toMatchObject({ status: 'completed', imported: 30_000 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    await svc.stopAll();
  }
}, 180_000);

it('a two-thread interactions import whose import thread dies keeps whole batches, and its convert thread goes with it', async () => {
  const dir = tempDir();
  const contacts = path.join(dir, 'contacts.csv');
  const log = path.join(dir, 'log.csv');
  writeContactsCsv(contacts, 500);
  const lines = ['interactiontype,contactid,timestamp,url'];
  for (let i = 0; i < 30_000; i++)
    lines.push(
      `${i < 15_000 ? 'EmailSent' : 'WebsiteVisited'},K${1 + (i % 500)},2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,/p${i % 9}`,
    );
  fs.writeFileSync(log, `${lines.join('\n')}\n`);
  const dbPath = path.join(dir, 'data.db');
  const db = temp.db(dbPath);
  const probe = temp.db(dbPath, { skipMigrations: true });
  probe.pragma('busy_timeout = 0');
  const events = new EventBus();
  // pipelineBytes 0: every interactions CSV is read and converted on a convert thread beside the import thread.
  const svc = new ImportService({ db, events, now: () => Date.UTC(2026, 0, 1), onDataChanged: () => undefined, pipelineBytes: 0 });
  try {
    expect((await svc.wait((await svc.start({ kind: 'entity', entity: 'contact', path: contacts, key: 'contactid' })).id)).status).toBe(
      'completed',
    );
    let batches = 0;
    let killed: Promise<void> | null = null;
    // OS threads of this process (Linux lists them; elsewhere this part is not checked): the idle import
    // thread is one; its convert thread, while it runs, another.
    const linux = fs.existsSync('/proc/self/task');
    const threads = (): number => (linux ? fs.readdirSync('/proc/self/task').length : 0);
    const idle = threads();
    let during = 0;
    events.onAny((event) => {
      if (event !== 'import.progressed' || ++batches !== 3) return;
      during = threads();
      killed = svc.thread.terminate();
    });
    const s = await svc.wait((await svc.start({ kind: 'interactions', path: log, batchSize: 1000 })).id);
    await killed;
    if (linux) {
      expect(during).toBeGreaterThan(idle);
      // Both gone: the import thread and the convert thread it had started.
      expect(threads()).toBeLessThan(idle);
    }
    expect(s).toMatchObject({ status: 'failed', message: expect.stringMatching(/import thread stopped.*whole batches/) });
    expect(s.rowsDone).toBeLessThan(30_000);
    expect(s.rowsDone).toBe(s.batchesCommitted * 1000);
    expect(db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(s.imported);
    expect(lockedBy(probe)).toBe(false);
    // The summary holds exactly the committed rows.
    expect(db.prepare('SELECT coalesce(sum(n), 0) FROM contact_type_stats').pluck().get()).toBe(s.imported);
    // The next import (new import thread, new convert thread) runs to the end: the file's rows once each, on top.
    const next = await svc.wait((await svc.start({ kind: 'interactions', path: log, batchSize: 10_000 })).id);
    expect(next).toMatchObject({ status: 'completed', imported: 30_000 });
    expect(db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(s.imported + 30_000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    await svc.stopAll();
  }
}, 180_000);

it('an import whose thread dies before `start`’s answer is read ends failed, keeping only what it committed', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'contacts.csv');
  writeContactsCsv(file, 5000);
  const db = temp.db(path.join(dir, 'data.db'));
  const events = new EventBus();
  const ended: ImportSummary[] = [];
  events.onAny((event, payload) => void (event === 'import.finished' && ended.push(payload as ImportSummary)));
  const svc = new ImportService({ db, events, now: () => Date.UTC(2026, 0, 1), onDataChanged: () => undefined });
  try {
    await svc.warm();
    const { id } = await svc.start({ kind: 'entity', entity: 'contact', path: file, key: 'contactid', batchSize: 1000 });
    // No turn of the event loop in between: the thread's first message has not been read yet.
    await svc.thread.terminate();
    const s = await svc.wait(id);
    expect(s).toMatchObject({ id, status: 'failed' });
    expect(ended).toEqual([s]);
    expect(svc.list()).toEqual([s]);
    expect(db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(s.rowsDone);
    const next = await svc.wait((await svc.start({ kind: 'entity', entity: 'contact', path: file, key: 'contactid' })).id);
    expect(next).toMatchObject({ status: 'completed', imported: 5000 });
  } finally {
    await svc.stopAll();
  }
}, 120_000);
