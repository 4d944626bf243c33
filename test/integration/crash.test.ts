import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
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

  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/cli/index.ts',
      'import',
      '--db',
      dbPath,
      '--entity',
      'contact',
      '--file',
      file,
      '--key',
      'contactid',
      '--batch-size',
      '1000',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
  const committed = raw.prepare('SELECT rows_done, batches, status FROM imports').get() as {
    rows_done: number;
    batches: number;
    status: string;
  };
  raw.close();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(ROWS);
  expect(count % 1000).toBe(0);
  // The import log was committed with each batch, so it says exactly what is there.
  expect(committed).toMatchObject({ rows_done: count, batches: count / 1000, status: 'running' });

  // The next CLI run says what the cut-short one committed (and still does its own job).
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, 'contactid,fullname\nZ1,Zed\n');
  const next = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'electron/cli/index.ts', 'import', '--db', dbPath, '--entity', 'contact', '--file', small, '--key', 'contactid'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(next.status).toBe(0);
  expect(next.stderr).toContain(`The previous import of ${file} (started `);
  expect(next.stderr).toContain(`was interrupted: ${count} rows in ${count / 1000} whole batches were committed.`);

  // The start marked the cut-short import and says what was committed.
  const after = await createBackend({ dbPath, host: 'test' });
  try {
    const summary = after.services.imports.list().find((s) => s.file === file);
    expect(after.services.imports.interrupted).toEqual([]);
    expect(summary).toMatchObject({ status: 'failed', rowsDone: count });
    expect(summary?.message).toMatch(/Interrupted.*whole batches/);
  } finally {
    await after.close();
  }
});

it('a process killed during a bulk interactions load leaves whole batches, and the next start rebuilds indexes and summary', async () => {
  const contacts = path.join(dir, 'contacts.csv');
  const file = path.join(dir, 'interactions.csv');
  const dbPath = path.join(dir, 'data.db');
  writeContactsCsv(contacts, 1000);
  // Over the 64 MiB bulk threshold: the import drops the indexes and leaves the summary to the end.
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'interactiontype,contactid,timestamp,url\n');
    const pad = 'x'.repeat(60);
    for (let i = 0; i < 800_000; i += 10_000) {
      const chunk: string[] = [];
      for (let j = i; j < i + 10_000; j++)
        chunk.push(
          `${j % 3 === 0 ? 'EmailSent' : 'WebsiteVisited'},K${1 + ((j * 7) % 1000)},2025-0${1 + (j % 9)}-1${j % 10}T10:00:00Z,https://example.com/${pad}/${j}\n`,
        );
      fs.writeSync(fd, chunk.join(''));
    }
  } finally {
    fs.closeSync(fd);
  }
  expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024 * 1024);
  const init = await createBackend({ dbPath, host: 'test' });
  const c = await init.dispatch('imports.start', { kind: 'entity', entity: 'contact', path: contacts, key: 'contactid' });
  if (!c.ok) throw new Error(c.error.message);
  await init.services.imports.wait((c.value as { id: string }).id);
  // A live segment on the interactions about to be bulk-loaded (none yet, so no members).
  new CatalogRepo(init.db).ensureInteractionType('EmailSent');
  const seg = await init.dispatch('segments.create', {
    name: 'Emailed',
    type: 'dynamic',
    definition: {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'EmailSent',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'lifetime' },
        },
      ],
    },
  });
  if (!seg.ok) throw new Error(seg.error.message);
  const segmentId = (seg.value as { id: string }).id;
  const live = await init.dispatch('segments.goLive', { id: segmentId });
  if (!live.ok) throw new Error(live.error.message);
  await init.close();

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/cli/index.ts', 'import', '--db', dbPath, '--interactions', '--file', file, '--batch-size', '10000'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('progress rows=')) child.kill('SIGKILL');
  });
  expect(await exited).toBe('SIGKILL');

  const raw = openDatabase(dbPath, { skipMigrations: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  const count = raw.prepare('SELECT count(*) FROM interactions').pluck().get() as number;
  const committed = raw.prepare("SELECT rows_done, batches FROM imports WHERE kind = 'interactions'").get() as {
    rows_done: number;
    batches: number;
  };
  const indexesLeft = raw
    .prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('interactions_contact_type_ts', 'contact_type_stats_type_last')")
    .pluck()
    .get();
  raw.close();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(800_000);
  expect(count % 10_000).toBe(0);
  expect(committed).toEqual({ rows_done: count, batches: count / 10_000 });
  expect(indexesLeft).toBe(0);

  const after = await createBackend({ dbPath, host: 'test' });
  try {
    const db = after.db;
    expect(
      db
        .prepare(
          "SELECT count(*) FROM sqlite_schema WHERE name IN ('interactions_type_ts_contact', 'interactions_contact_type_ts', 'contact_type_stats_type_last')",
        )
        .pluck()
        .get(),
    ).toBe(3);
    expect(db.prepare('SELECT * FROM contact_type_stats ORDER BY 1, 2').raw().all()).toEqual(
      db.prepare('SELECT contact_rid, type_id, count(*), min(ts), max(ts) FROM interactions GROUP BY 1, 2 ORDER BY 1, 2').raw().all(),
    );
    expect(db.prepare('SELECT sum(n) FROM contact_type_stats').pluck().get()).toBe(count);
    expect(after.services.imports.list()[0]).toMatchObject({ status: 'failed', rowsDone: count });
    // A bulk load tells live segments only at its end, so the kill left them behind: the next start
    // re-checks what the cut-short import could have changed.
    await after.services.live.whenIdle();
    const members = db.prepare('SELECT contact_rid FROM segment_members WHERE segment_id = ? ORDER BY 1').pluck().all(segmentId);
    const emailed = db
      .prepare(
        `SELECT DISTINCT contact_rid FROM interactions WHERE type_id = (SELECT id FROM interaction_types WHERE name = 'EmailSent') ORDER BY 1`,
      )
      .pluck()
      .all();
    expect(emailed.length).toBeGreaterThan(0);
    expect(members).toEqual(emailed);
  } finally {
    await after.close();
  }
}, 120_000);
