/**
 * Undo is whole or nothing (issue 16): a real child process undoing a large import (30k records: 10k
 * updated, 20k created, a new field) is SIGKILLed at seeded moments of the undo. After the next start,
 * every table equals either the database before the undo or the one an uninterrupted undo leaves —
 * live segment members included (a kill after the commit but before live segments followed is caught
 * up by the next start). `SS_DEEP=1` runs 20 moments instead of 5; `SS_KILL_SEED=N` picks another seed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { diffSnapshots, snapshotTables, type SnapshotOptions } from './tableCompare.js';
import { liveCitySegment, memberKeys, runImport } from './importUndoFixture.js';

const ROOT = path.resolve(__dirname, '../..');
const MOMENTS = process.env['SS_DEEP'] ? 20 : 5;
const SEED = Number(process.env['SS_KILL_SEED'] ?? 1616);

const COMPARE: SnapshotOptions = {
  ignoreTables: {
    imports: 'the undo marks (undone_at, undo_settled) are checked on their own below',
    segment_evaluations: 'the evaluation log: where the live refresh ran (child or next start) adds its own rows',
    segment_transitions: 'the lifecycle log',
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

/** Runs the child; SIGKILLs it `killAfterMs` after it said `undo-start` (never when undefined). */
function runChild(
  dbPath: string,
  importId: string,
  killAfterMs?: number,
): Promise<{ killed: boolean; undoMs: number; commitMs: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/importUndoKillChild.ts', dbPath, importId], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let startedAt = 0;
    let commitMs = 0;
    let timer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (startedAt === 0 && stderr.includes('undo-start')) {
        startedAt = Date.now();
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
      if (commitMs === 0 && startedAt > 0 && stderr.includes('undo-committed')) commitMs = Date.now() - startedAt;
    });
    child.stdout.resume();
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', undoMs: startedAt === 0 ? 0 : Date.now() - startedAt, commitMs, stderr });
    });
  });
}

/** Opens the backend once (the next start: it catches live segments up) and folds the WAL into the file. */
async function restart(dbPath: string): Promise<void> {
  const b = await createBackend({ dbPath, host: 'test' });
  await b.services.live.whenIdle();
  await b.close();
  const raw = openDatabase(dbPath, { skipMigrations: true });
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

function contactsCsv(file: string, rows: number, from: number, city: (i: number) => string, extra?: (i: number) => string): void {
  const lines = [`contactid,city,score${extra ? ',tier' : ''}`];
  for (let i = from; i < from + rows; i++) lines.push(`K${i},${city(i)},${i % 97}${extra ? `,${extra(i)}` : ''}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-undo-kill-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('undo killed at any moment', () => {
  it('leaves every table as before the undo or as after it, never in between', async () => {
    const template = path.join(dir, 'template.db');
    const before = path.join(dir, 'before-import.db');
    const base = path.join(dir, 'base.csv');
    const second = path.join(dir, 'second.csv');
    contactsCsv(base, 20_000, 0, (i) => (i % 3 === 0 ? 'Oslo' : 'Bergen'));
    contactsCsv(
      second,
      30_000,
      10_000,
      (i) => (i % 2 === 0 ? 'Oslo' : 'Molde'),
      (i) => (i % 5 === 0 ? 'gold' : 'silver'),
    );
    let b = await createBackend({ dbPath: template, host: 'test' });
    await runImport(b, { kind: 'entity', entity: 'contact', key: 'contactid', path: base });
    const seg = await liveCitySegment(b, 'Oslo people', 'Oslo');
    const membersBefore = memberKeys(b, seg);
    await b.close();
    await restart(template);
    fs.copyFileSync(template, before);
    b = await createBackend({ dbPath: template, host: 'test' });
    const imp = await runImport(b, { kind: 'entity', entity: 'contact', key: 'contactid', path: second });
    expect([imp.imported, imp.updated]).toEqual([20_000, 10_000]);
    await b.services.live.whenIdle();
    expect(memberKeys(b, seg)).not.toEqual(membersBefore);
    await b.close();
    await restart(template);
    const notUndone = snapshotTables(template, COMPARE);

    const expectedDb = path.join(dir, 'expected.db');
    fs.copyFileSync(template, expectedDb);
    const full = await runChild(expectedDb, imp.id);
    expect(full.killed, full.stderr).toBe(false);
    expect(full.stderr).toContain('undo-done');
    await restart(expectedDb);
    const undone = snapshotTables(expectedDb, COMPARE);
    // The uninterrupted undo is the state before the import, data, catalog and live members alike.
    for (const t of ['ent_contact', 'catalog_fields', 'segment_member_chunks'])
      expect(undone.get(t), t).toEqual(snapshotTables(before, COMPARE).get(t));

    const random = mulberry32(SEED);
    const outcomes = { killed: 0, nothing: 0, whole: 0 };
    for (let i = 0; i < MOMENTS; i++) {
      const db = path.join(dir, `moment-${i}.db`);
      fs.copyFileSync(template, db);
      // Aim at the transaction: from the start of the undo to a little past its commit in the full run.
      const at = Math.floor(random() * full.commitMs * 1.3);
      const run = await runChild(db, imp.id, at);
      if (run.killed) outcomes.killed++;
      const raw = openDatabase(db, { skipMigrations: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const undoneAt = raw.prepare('SELECT undone_at FROM imports WHERE id = ?').pluck().get(imp.id);
      raw.close();
      await restart(db);
      const got = snapshotTables(db, COMPARE);
      const asBefore = diffSnapshots(notUndone, got);
      const asAfter = diffSnapshots(undone, got);
      expect(
        asBefore.length === 0 || asAfter.length === 0,
        `killed at ${at} ms, commit at ${full.commitMs}: ${[...asBefore, ...asAfter].join('\n')}`,
      ).toBe(true);
      // The undo mark commits with the data it describes.
      expect(undoneAt !== null).toBe(asAfter.length === 0);
      if (asAfter.length === 0) outcomes.whole++;
      else outcomes.nothing++;
      fs.rmSync(db, { force: true });
    }
    expect(outcomes.killed).toBeGreaterThan(0);
    process.stderr.write(`undo kill: ${JSON.stringify(outcomes)} of ${MOMENTS} moments, commit after ${full.commitMs} ms\n`);
  }, 300_000);
});
