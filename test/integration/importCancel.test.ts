import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';

let dir: string;
let backend: Backend;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-cancel-'));
  backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test' });
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('cancelling an import keeps whole committed batches only and reports them', async () => {
  const file = path.join(dir, 'contacts.csv');
  writeContactsCsv(file, 50_000);
  let id = '';
  let cancelled: Promise<unknown> | null = null;
  backend.events.onAny((event) => {
    if (event === 'import.progressed' && !cancelled) cancelled = backend.services.imports.cancel(id);
  });
  const r = await backend.dispatch('imports.start', { kind: 'entity', entity: 'contact', path: file, key: 'contactid', batchSize: 1000 });
  if (!r.ok) throw new Error(r.error.message);
  id = (r.value as { id: string }).id;
  const summary = await backend.services.imports.wait(id);
  expect(summary.status).toBe('cancelled');
  expect(summary.rowsDone).toBeGreaterThan(0);
  expect(summary.rowsDone).toBeLessThan(50_000);
  expect(summary.rowsDone % 1000).toBe(0);
  expect(summary.batchesCommitted).toBe(summary.rowsDone / 1000);
  expect(summary.message).toMatch(/whole batches/);
  expect(backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(summary.rowsDone);
  const got = await backend.dispatch('imports.get', { id });
  expect(got).toEqual({ ok: true, value: summary });
});

it('refuses to cancel an import that is not running', async () => {
  const r = await backend.dispatch('imports.start', {
    kind: 'entity',
    entity: 'account',
    path: path.resolve(__dirname, '../fixtures/csv/accounts.csv'),
    key: 'accountid',
  });
  if (!r.ok) throw new Error(r.error.message);
  const id = (r.value as { id: string }).id;
  await backend.services.imports.wait(id);
  const c = await backend.dispatch('imports.cancel', { id });
  expect(c.ok).toBe(false);
  if (!c.ok) expect(c.error.code).toBe('invalid_state');
});
