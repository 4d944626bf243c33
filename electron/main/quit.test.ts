import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPage } from '../../shared/models/contact.js';
import type { ImportSummary } from '../../shared/models/import.js';
import { createBackend } from '../backend/index.js';
import { Databases } from './databases.js';
import { holdQuitUntilClosed, quitsWithLastWindow, type QuitAppLike } from './quit.js';
import { SettingsStore } from './settings.js';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-quit-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in for `app`: `requestQuit` fires before-quit as Electron does; `quit()` from our code counts. */
function fakeApp() {
  let listener: ((e: { preventDefault(): void }) => void) | undefined;
  let quits = 0;
  let resolveQuit: () => void = () => {};
  const quitted = new Promise<void>((r) => (resolveQuit = r));
  const app: QuitAppLike = {
    on: (_event, l) => (listener = l),
    quit: () => {
      quits++;
      // Electron fires before-quit again for our own quit(); the guard must let it through.
      if (!requestQuit()) resolveQuit();
    },
  };
  /** True when the quit was held. */
  function requestQuit(): boolean {
    let prevented = false;
    listener?.({ preventDefault: () => (prevented = true) });
    return prevented;
  }
  return { app, requestQuit, quitted, quits: () => quits };
}

const BATCH = 200;
const ROWS = 60_000;

function writeContactsCsv(file: string) {
  const lines = ['contactid,firstname,city'];
  for (let i = 0; i < ROWS; i++) lines.push(`c${i},Name ${i},City ${i % 50}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('quit', () => {
  it('during an import: waits for the backend to close; the database keeps whole batches and reports them', async () => {
    const csv = path.join(dir, 'contacts.csv');
    writeContactsCsv(csv);
    const dbPath = path.join(dir, 'studio.db');
    const settings = new SettingsStore(path.join(dir, 'settings.json'), () => {});
    const log: string[] = [];
    const dbs = new Databases({ createBackend: (p) => createBackend({ dbPath: p, host: 'test' }), settings, log: (m) => log.push(m) });
    const { backend } = await dbs.switchTo(dbPath);
    const f = fakeApp();
    holdQuitUntilClosed(
      f.app,
      () => dbs.close(),
      (m) => log.push(m),
    );

    const firstBatch = new Promise<void>((resolve) => backend.events.onAny((event) => event === 'import.progressed' && resolve()));
    const started = await backend.dispatch('imports.start', {
      kind: 'entity',
      entity: 'contact',
      path: csv,
      key: 'contactid',
      batchSize: BATCH,
    });
    if (!started.ok) throw new Error(started.error.message);
    await firstBatch;

    expect(f.requestQuit()).toBe(true);
    // A second Cmd+Q while closing is held too, and closes nothing twice.
    expect(f.requestQuit()).toBe(true);
    await f.quitted;
    expect(f.quits()).toBe(1);
    expect(dbs.open).toBeUndefined();
    // The WAL was checkpointed into the database file on close.
    expect(fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0).toBe(0);

    const reopened = await createBackend({ dbPath, host: 'test' });
    try {
      const summary = await reopened.dispatch('imports.get', { id: (started.value as { id: string }).id });
      if (!summary.ok) throw new Error(summary.error.message);
      const s = summary.value as ImportSummary;
      expect(s.status).toBe('cancelled');
      expect(s.rowsDone).toBeGreaterThan(0);
      expect(s.rowsDone).toBeLessThan(ROWS);
      expect(s.rowsDone % BATCH).toBe(0);
      expect(s.batchesCommitted).toBe(s.rowsDone / BATCH);
      const contacts = await reopened.dispatch('contacts.list', {});
      if (!contacts.ok) throw new Error(contacts.error.message);
      expect((contacts.value as ContactPage).total).toBe(s.imported);
      expect(s.imported).toBe(s.rowsDone);
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await reopened.close();
    }
  });

  it('a close that fails is logged and the app still quits', async () => {
    const f = fakeApp();
    const log: string[] = [];
    holdQuitUntilClosed(
      f.app,
      () => Promise.reject(new Error('disk gone')),
      (m) => log.push(m),
    );
    expect(f.requestQuit()).toBe(true);
    await f.quitted;
    expect(log.join('\n')).toMatch(/disk gone/);
  });

  it('macOS keeps running without windows; Windows and Linux quit with the last one', () => {
    expect(quitsWithLastWindow('darwin')).toBe(false);
    expect(quitsWithLastWindow('win32')).toBe(true);
    expect(quitsWithLastWindow('linux')).toBe(true);
  });
});
