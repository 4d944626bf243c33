import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-crash-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a process killed during a large import leaves a sound database holding whole batches only', async () => {
  const file = path.join(dir, 'contacts.csv');
  const dbPath = path.join(dir, 'data.db');
  const ROWS = 400_000;
  writeContactsCsv(file, ROWS);
  const init = await createBackend({ dbPath, host: 'test' });
  await init.close();

  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'import', '--db', dbPath, '--entity', 'contact', '--file', file, '--key', 'contactid', '--batch-size', '1000'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('progress rows=')) child.kill('SIGKILL');
  });
  expect(await exited).toBe('SIGKILL');

  const raw = openDatabase(dbPath, { skipMigrations: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  const count = raw.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  const committed = raw.prepare('SELECT rows_done, batches, status FROM imports').get() as { rows_done: number; batches: number; status: string };
  raw.close();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(ROWS);
  expect(count % 1000).toBe(0);
  // The import log was committed with each batch, so it says exactly what is there.
  expect(committed).toMatchObject({ rows_done: count, batches: count / 1000, status: 'running' });

  // The next start marks the cut-short import and says what was committed.
  const after = await createBackend({ dbPath, host: 'test' });
  try {
    const [summary] = after.services.imports.list();
    expect(summary).toMatchObject({ status: 'failed', rowsDone: count });
    expect(summary?.message).toMatch(/Interrupted.*whole batches/);
  } finally {
    await after.close();
  }
});
