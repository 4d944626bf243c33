/**
 * Kill + re-run converges (issue 13): a real child process is SIGKILLed at seeded random moments during
 * (a) an entity import, (b) an interaction import into a database with live segments, (c) the go-live of
 * a large segment; the database is then re-run to the end and compared table by table with an
 * uninterrupted run (tableCompare.ts). After the first kills of (b) the next start alone (no re-run) must
 * bring live segments up to what was committed. `SS_DEEP=1` runs 30 moments per case instead of 10;
 * `SS_KILL_SEED=N` picks another seed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import { writeContactsCsv } from '../fixtures/csv/writeContactsCsv.js';
import { diffSnapshots, snapshotTables, type SnapshotOptions } from './tableCompare.js';

const ROOT = path.resolve(__dirname, '../..');
const MOMENTS = process.env['SS_DEEP'] ? 30 : 10;
const SEED = Number(process.env['SS_KILL_SEED'] ?? 1313);

/**
 * Log tables record what happened, so a killed run legitimately adds rows: the interrupted import's
 * row (checked on its own below), the evaluations the killed run committed, the extra go-live attempt.
 */
const COMPARE: SnapshotOptions = {
  ignoreTables: {
    imports: 'one row per run: the killed run has its own (checked separately)',
    import_errors: 'keyed by the run',
    import_rows: 'the undo log (migration 010), keyed by the run: the killed run logged the batches it committed',
    import_created: 'the undo log of created rid ranges (migration 026), keyed by the run',
    import_interactions: 'the undo log of interaction ids, keyed by the run',
    segment_evaluations: 'the evaluation log: a killed run adds the evaluations it committed',
    segment_transitions: 'the lifecycle log: a re-run go-live logs its own transition',
  },
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-kill-converge-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a child to its end (killAfterMs undefined) or SIGKILLs it after killAfterMs; resolves with how it ended and its duration. */
function runChild(
  args: string[],
  killAfterMs?: number,
): Promise<{ killed: boolean; ms: number; firstProgressMs: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstProgressMs: number | null = null;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (firstProgressMs === null && stderr.includes('progress rows=')) firstProgressMs = Date.now() - started;
    });
    child.stdout.resume();
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', ms: Date.now() - started, firstProgressMs, stderr });
    });
  });
}

/** Folds the WAL into the file so a copy of it is whole. */
function checkpoint(dbPath: string): void {
  const db = openDatabase(dbPath, { skipMigrations: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function call<T>(b: Backend, channel: string, input: unknown): Promise<T> {
  const r = await b.dispatch(channel as never, input as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

async function importToEnd(dbPath: string, opts: ImportOptions): Promise<void> {
  const b = await createBackend({ dbPath, host: 'test' });
  try {
    const { id } = await call<{ id: string }>(b, 'imports.start', opts);
    const s = await b.services.imports.wait(id);
    if (s.status !== 'completed') throw new Error(`re-run ${s.status}: ${s.message ?? ''}`);
    await b.services.live.whenIdle();
  } finally {
    await b.close();
  }
}

/**
 * Runs one case: the uninterrupted child gives the expected database and the run's length; then each
 * seeded moment copies the template, kills the child then, re-runs to the end and compares.
 */
async function killCase(
  name: string,
  template: string,
  childArgs: (db: string) => string[],
  rerun: (db: string) => Promise<void>,
  afterKill?: (db: string, moment: number) => void | Promise<void>,
): Promise<{ killed: number }> {
  const expectedDb = path.join(dir, `${name}-expected.db`);
  fs.copyFileSync(template, expectedDb);
  const full = await runChild(childArgs(expectedDb));
  expect(full.killed, full.stderr).toBe(false);
  await rerun(expectedDb);
  checkpoint(expectedDb);
  const expected = snapshotTables(expectedDb, COMPARE);
  const random = mulberry32(SEED + name.length);
  let killed = 0;
  for (let i = 0; i < MOMENTS; i++) {
    const db = path.join(dir, `${name}-${i}.db`);
    fs.copyFileSync(template, db);
    // Most of a short run is the child's start-up: aim the moments at the work (from a little before the
    // first committed batch of the uninterrupted run to its end).
    const from = full.firstProgressMs === null ? 0 : full.firstProgressMs * 0.6;
    const at = Math.floor(from + random() * (full.ms - from));
    const run = await runChild(childArgs(db), at);
    if (run.killed) killed++;
    const raw = openDatabase(db, { skipMigrations: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    await afterKill?.(db, i);
    await rerun(db);
    checkpoint(db);
    expect(diffSnapshots(expected, snapshotTables(db, COMPARE)), `${name}: killed at ${at} ms of ${full.ms}`).toEqual([]);
    fs.rmSync(db, { force: true });
  }
  return { killed };
}

const cli = (db: string, ...rest: string[]): string[] => ['electron/cli/index.ts', 'import', '--db', db, ...rest];

describe('a killed run, re-run to the end, equals an uninterrupted run in every table', () => {
  it('entity import', async () => {
    const template = path.join(dir, 'entity-template.db');
    const file = path.join(dir, 'contacts.csv');
    writeContactsCsv(file, 40_000);
    await (await createBackend({ dbPath: template, host: 'test' })).close();
    checkpoint(template);
    const opts: ImportOptions = { kind: 'entity', entity: 'contact', path: file, key: 'contactid', batchSize: 5000 };
    const { killed } = await killCase(
      'entity',
      template,
      (db) => cli(db, '--entity', 'contact', '--file', file, '--key', 'contactid', '--batch-size', '5000'),
      (db) => importToEnd(db, opts),
      (db) => {
        // The interrupted run's row says what it committed, and that is what the table holds.
        const raw = openDatabase(db, { skipMigrations: true });
        const run = raw.prepare(`SELECT status, rows_done, batches FROM imports`).get() as
          { status: string; rows_done: number; batches: number } | undefined;
        const count = raw.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
        raw.close();
        if (run && run.status === 'running') expect(run.rows_done).toBe(count);
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 300_000);

  it('interaction import into a database with live segments', async () => {
    const template = path.join(dir, 'interactions-template.db');
    const contacts = path.join(dir, 'contacts-5k.csv');
    const seedFile = path.join(dir, 'seed-interactions.csv');
    const file = path.join(dir, 'interactions.csv');
    writeContactsCsv(contacts, 5000);
    fs.writeFileSync(
      seedFile,
      'interactionid,interactiontype,contactid,timestamp,channel\nS1,EmailSent,K1,2025-01-01T00:00:00Z,mail\nS2,WebsiteVisited,K2,2025-01-01T00:00:00Z,web\n',
    );
    const lines = ['interactionid,interactiontype,contactid,timestamp,channel'];
    // Grouped by contact: a batch touches ~800 contacts, so live segments re-check them one by one
    // (the per-contact path), and merged batches sometimes take the whole-refresh path.
    for (let j = 0; j < 60_000; j++) {
      lines.push(
        `I${j},${j % 3 === 0 ? 'EmailSent' : 'WebsiteVisited'},K${1 + Math.floor(j / 12)},2025-0${1 + (j % 9)}-1${j % 10}T10:00:00Z,${j % 2 ? 'mail' : 'web'}`,
      );
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const b = await createBackend({ dbPath: template, host: 'test' });
    for (const opts of [
      { kind: 'entity', entity: 'contact', path: contacts, key: 'contactid' },
      { kind: 'interactions', path: seedFile },
    ] as ImportOptions[]) {
      const { id } = await call<{ id: string }>(b, 'imports.start', opts);
      await b.services.imports.wait(id);
    }
    const emailed: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'EmailSent',
          count: { op: 'atLeast', value: 3 },
          window: { kind: 'lifetime' },
        },
      ],
    };
    const visitedNotEmailed: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'interaction',
          id: 'b1',
          combine: 'union',
          interactionType: 'WebsiteVisited',
          count: { op: 'atLeast', value: 1 },
          window: { kind: 'lifetime' },
        },
        {
          kind: 'interaction',
          id: 'b2',
          combine: 'except',
          interactionType: 'EmailSent',
          count: { op: 'atLeast', value: 5 },
          window: { kind: 'lifetime' },
        },
      ],
    };
    for (const [segName, definition] of [
      ['Emailed', emailed],
      ['Visited', visitedNotEmailed],
    ] as const) {
      const s = await call<{ id: string }>(b, 'segments.create', { name: segName, type: 'dynamic', definition });
      await call(b, 'segments.goLive', { id: s.id });
    }
    const liveIds = b.db.prepare(`SELECT id FROM segments WHERE status = 'live'`).pluck().all() as string[];
    await b.close();
    checkpoint(template);
    const opts: ImportOptions = { kind: 'interactions', path: file, batchSize: 10_000 };
    const { killed } = await killCase(
      'interactions',
      template,
      (db) => cli(db, '--interactions', '--file', file, '--batch-size', '10000'),
      (db) => importToEnd(db, opts),
      // Without a re-run: the next start alone brings live segments up to what the killed run committed,
      // exactly as a whole manual refresh of each segment does.
      async (db, moment) => {
        if (moment >= 4) return;
        const started = `${db}-start.db`;
        const refreshed = `${db}-refresh.db`;
        fs.copyFileSync(db, started);
        fs.copyFileSync(db, refreshed);
        const s = await createBackend({ dbPath: started, host: 'test' });
        await s.services.live.whenIdle();
        await s.close();
        const r = await createBackend({ dbPath: refreshed, host: 'test' });
        await r.services.live.whenIdle();
        for (const id of liveIds) await call(r, 'segments.refresh', { id });
        await r.close();
        const members: SnapshotOptions = { ignoreTables: { ...COMPARE.ignoreTables } };
        expect(diffSnapshots(snapshotTables(refreshed, members), snapshotTables(started, members)), 'next start after a kill').toEqual([]);
        fs.rmSync(started, { force: true });
        fs.rmSync(refreshed, { force: true });
      },
    );
    expect(killed).toBeGreaterThan(0);
  }, 300_000);

  it('go-live of a large segment', async () => {
    const template = path.join(dir, 'golive-template.db');
    const contacts = path.join(dir, 'contacts-golive.csv');
    writeContactsCsv(contacts, 60_000);
    const b = await createBackend({ dbPath: template, host: 'test' });
    const { id: importId } = await call<{ id: string }>(b, 'imports.start', {
      kind: 'entity',
      entity: 'contact',
      path: contacts,
      key: 'contactid',
    });
    await b.services.imports.wait(importId);
    // City i % 97 for contact i: "City 1".."City 48" is about half of them.
    const values = Array.from({ length: 48 }, (_, i) => `City ${i + 1}`);
    const definition: SegmentDefinition = {
      kind: 'dynamic',
      version: 1,
      blocks: [
        {
          kind: 'profile',
          id: 'b1',
          combine: 'union',
          entity: 'contact',
          root: {
            kind: 'group',
            id: 'g1',
            combinator: 'and',
            children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values }],
          },
        },
      ],
    };
    const seg = await call<{ id: string }>(b, 'segments.create', { name: 'Half', type: 'dynamic', definition });
    await b.close();
    checkpoint(template);
    const goLiveToEnd = async (db: string): Promise<void> => {
      const after = await createBackend({ dbPath: db, host: 'test' });
      try {
        const status = after.db.prepare('SELECT status FROM segments WHERE id = ?').pluck().get(seg.id) as string;
        if (status !== 'live') await call(after, 'segments.goLive', { id: seg.id });
        await after.services.live.whenIdle();
      } finally {
        await after.close();
      }
    };
    const { killed } = await killCase('golive', template, (db) => [path.join(__dirname, 'killGoLiveChild.ts'), db, seg.id], goLiveToEnd);
    expect(killed).toBeGreaterThan(0);
  }, 300_000);
});
