/**
 * kill -9 in the middle of writing a column or log snapshot: the next start (a real worker with
 * snapshots on) answers exactly like the reference evaluator, and the dead process's temp files are
 * gone. The database holds changes the old snapshots do not (an update and appended interactions), so
 * the killed child was rewriting them. More kill moments with SS_DEEP=1.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { EvaluatorHost } from '../../electron/backend/evaluator/host.js';
import { openDatabase } from '../../electron/backend/db/connection.js';
import { loadDataset } from '../../electron/backend/segments/loadDataset.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import { evaluateDefinition } from '../../shared/segments/evaluate.js';
import { SNAPSHOT_DEFS } from './columnSnapshotDefs.js';

const fx = (name: string): string => path.resolve(__dirname, '../fixtures/csv', name);
const NOW = Date.parse('2025-06-01T00:00:00Z');
let dir: string;
let template: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-snapkill-'));
  template = path.join(dir, 'template.db');
  const backend = await createBackend({ dbPath: template, host: 'test' });
  const load = async (opts: ImportOptions): Promise<void> => {
    const r = await backend.dispatch('imports.start', opts);
    if (!r.ok) throw new Error(r.error.message);
    await backend.services.imports.wait((r.value as { id: string }).id);
  };
  await load({ kind: 'entity', entity: 'account', path: fx('accounts.csv'), key: 'accountid', columns: { industry: { type: 'choice' } } });
  await load({ kind: 'entity', entity: 'contact', path: fx('contacts.csv'), key: 'contactid', lookups: { parentcustomerid: 'account' } });
  await load({ kind: 'interactions', path: fx('interactions.csv') });
  // Snapshots of this state…
  const host = new EvaluatorHost({ dbPath: template, snapshots: true });
  for (const def of Object.values(SNAPSHOT_DEFS)) await host.estimate({ definition: def, timeZone: 'UTC', now: NOW });
  await host.flushSnapshots();
  await host.close();
  // …then changes they do not hold: an update (stale generation) and appended interactions.
  const rid = backend.db.prepare("SELECT rid FROM ent_contact WHERE key = 'C1'").pluck().get() as number;
  const r = await backend.dispatch('contacts.update', { rid, values: { address1_city: 'Seattle', lifetimevalue: 500 } });
  if (!r.ok) throw new Error(r.error.message);
  const csv = path.join(dir, 'more.csv');
  fs.writeFileSync(
    csv,
    'interactionid,interactiontype,contactid,timestamp\nK1,EmailOpened,C2,2025-02-01T09:00:00Z\nK2,EmailOpened,C2,2025-03-01T09:00:00Z\n',
  );
  await load({ kind: 'interactions', path: csv });
  await backend.close();
  const db = openDatabase(template, { skipMigrations: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it reports being mid-write, then SIGKILLs it; returns what it printed. */
function killMidWrite(dbPath: string, pattern: string, chunk: string, mode: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'snapshotKillChild.ts'), dbPath, pattern, chunk, String(NOW), mode],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('mid ')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', () => resolve(out + err));
  });
}

/** [file pattern, chunk, who writes: the worker's estimates or the background builder's pass]. */
const MOMENTS: [string, string, string][] = [
  ['^log-', '0', 'estimates'],
  ['^ent-ent_contact\\.col-', 'last', 'estimates'],
  // The builder writes files no estimate asked for (here: every account field, then the logs).
  ['^ent-ent_account\\.col-', '1', 'builder'],
  ...(process.env.SS_DEEP === '1'
    ? ([
        ['^log-', '1', 'estimates'],
        ['^log-', 'last', 'estimates'],
        ['^ent-ent_contact\\.rid', '1', 'estimates'],
        ['^ent-ent_contact\\.col-', '0', 'estimates'],
        ['^ent-ent_contact\\.col-', '2', 'estimates'],
        ['^log-', 'last', 'builder'],
        ['^ent-ent_contact\\.col-', '0', 'builder'],
      ] as [string, string, string][])
    : []),
];

describe('kill -9 while a snapshot is being written', () => {
  it.each(MOMENTS)(
    'files %s, chunk %s, written by %s: the next start gives the reference members',
    async (pattern, chunk, mode) => {
      const round = fs.mkdtempSync(path.join(dir, 'round-'));
      const dbPath = path.join(round, 'data.db');
      fs.copyFileSync(template, dbPath);
      fs.cpSync(`${template}.columns`, `${dbPath}.columns`, { recursive: true });

      const out = await killMidWrite(dbPath, pattern, chunk, mode);
      expect(out).toMatch(/^mid /m);
      expect(out).not.toContain('done');
      // The dead process left its temp file behind, never under the real name.
      expect(fs.readdirSync(`${dbPath}.columns`).some((f) => f.includes('.tmp-'))).toBe(true);

      const host = new EvaluatorHost({ dbPath, snapshots: true });
      try {
        const reader = openDatabase(dbPath, { skipMigrations: true });
        const data = loadDataset(reader);
        reader.close();
        for (const [name, def] of Object.entries(SNAPSHOT_DEFS)) {
          const want = evaluateDefinition(def, data, { now: NOW, timeZone: 'UTC' });
          const got = await host.estimate({ definition: def, timeZone: 'UTC', now: NOW }, name);
          expect({ name, total: got.total, blockCounts: got.blockCounts }).toEqual({
            name,
            total: want.members.size,
            blockCounts: want.blockCounts,
          });
        }
        await host.flushSnapshots();
      } finally {
        await host.close();
      }
      expect(fs.readdirSync(`${dbPath}.columns`).some((f) => f.includes('.tmp-'))).toBe(false);
    },
    120_000,
  );
});
