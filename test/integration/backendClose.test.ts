/**
 * A backend's connections end with it: after close() — or after a start that failed once the database
 * was open — no connection of ours holds the file. Observed the way a user would: the last connection to
 * a WAL database checkpoints and removes the -wal file on close, which a leaked connection prevents.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { openDatabase } from '../../electron/backend/db/connection.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-backend-close-'));
  file = path.join(dir, 'app.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('backend close', () => {
  it('leaves no WAL behind when closed while the evaluator worker is pre-warming', async () => {
    const backend = await createBackend({ dbPath: file, host: 'web', seedDemo: true });
    await backend.evaluator.warmUp();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await backend.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('closes the database again when the start fails after opening it', async () => {
    const setup = openDatabase(file);
    // A current schema with a table gone: the file opens and migrates, the import service then fails.
    setup.exec('ALTER TABLE imports RENAME TO imports_gone');
    setup.close();
    await expect(createBackend({ dbPath: file, host: 'web' })).rejects.toThrow(/imports/);
    // Were the failed start's connection still open, this one would not be the last to close.
    const probe = openDatabase(file, { skipMigrations: true });
    probe.exec('CREATE TABLE probe (x)');
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    probe.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
