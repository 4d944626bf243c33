// A big entity CSV imports on two threads (io/convertPipeline.ts, kind 'entity'): a convert thread converts while the import
// thread writes. The database it leaves — rows, error report, options, undo log, counters — must be the one
// the one-thread loop leaves on the same file; a cancel leaves whole batches only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { runImportJob, type ImportJobMessage, type ImportJobRequest } from '../../electron/backend/io/importJob.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import { dbContent } from '../support/dbContent.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function files(dir: string): { accounts: string; contacts: string } {
  const accounts = path.join(dir, 'accounts.csv');
  fs.writeFileSync(accounts, ['accountid,name', ...Array.from({ length: 50 }, (_, i) => `A${i + 1},Company ${i + 1}`)].join('\n') + '\n');
  const contacts = path.join(dir, 'contacts.csv');
  const lines = ['contactid;fullname;tier;score;parentcustomerid'];
  for (let i = 1; i <= 2500; i++) {
    const key = i % 97 === 0 ? '' : i % 83 === 0 ? `C${i - 11}` : `C${i}`;
    const tier = ['Gold', 'silver', 'GOLD', `Tier ${Math.floor(i / 400)}`, ''][i % 5];
    const account = i % 71 === 0 ? 'A999' : i % 6 === 0 ? '' : `A${1 + (i % 50)}`;
    const cells = [key, `Person ${i} Ærø`, tier, i % 59 === 0 ? 'many' : `${i},5`, account];
    // A row with a missing cell, and one with a cell over the length limit.
    lines.push(
      i === 1234 ? cells.slice(0, 3).join(';') : i === 1500 ? [key, 'x'.repeat(70_000), tier, '1', ''].join(';') : cells.join(';'),
    );
  }
  fs.writeFileSync(contacts, lines.join('\n') + '\n');
  return { accounts, contacts };
}

async function job(db: Db, id: string, opts: ImportOptions, more: Partial<ImportJobRequest> = {}, cancel = (): boolean => false) {
  const messages: ImportJobMessage[] = [];
  await runImportJob(
    db,
    { id, opts, startedAt: 0, batchSize: 300, bulkBytes: Number.MAX_SAFE_INTEGER, ...more },
    (m) => messages.push(m),
    cancel,
  );
  return messages;
}

async function load(file: string, f: { accounts: string; contacts: string }, pipelineRows: number, cancel?: () => boolean) {
  const db = openDatabase(file);
  dbs.push(db);
  await job(
    db,
    'accounts',
    { kind: 'entity', entity: 'account', path: f.accounts, key: 'accountid' },
    { entityPipelineRows: Number.MAX_SAFE_INTEGER },
  );
  const opts: ImportOptions = {
    kind: 'entity',
    entity: 'contact',
    path: f.contacts,
    key: 'contactid',
    lookups: { parentcustomerid: 'account' },
    columns: { tier: { type: 'choice' }, score: { type: 'decimal' } },
  };
  const messages = await job(db, 'contacts', opts, { entityPipelineRows: pipelineRows }, cancel);
  // A generation is random() per update (migration 018); everything else must be equal.
  db.exec('UPDATE data_generations SET gen = 0');
  return { db, messages };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-entity-pipeline-'));
  dirs.push(dir);
  return dir;
}

it('two threads leave the same database as one: rows, errors, options, undo log, counters, changes', async () => {
  const dir = tempDir();
  const f = files(dir);
  const one = await load(path.join(dir, 'one.db'), f, Number.MAX_SAFE_INTEGER);
  const two = await load(path.join(dir, 'two.db'), f, 1);
  expect(two.messages.at(-1)).toMatchObject({ type: 'loaded', status: 'completed' });
  expect(two.messages).toEqual(one.messages);
  const reasons = one.db.prepare('SELECT DISTINCT column_name FROM import_errors').pluck().all();
  expect(reasons).toEqual(expect.arrayContaining(['contactid', 'score', 'parentcustomerid', 'fullname', null]));
  expect(dbContent(two.db)).toBe(dbContent(one.db));
});

it('a cancel during a two-thread import leaves whole batches only, counted', async () => {
  const dir = tempDir();
  const f = files(dir);
  // Asked once when the file is checked, then before each batch's commit: the fourth answer is yes.
  let asked = 0;
  const { db, messages } = await load(path.join(dir, 'cancel.db'), f, 1, () => ++asked > 3);
  const seen = messages.filter((m) => m.type === 'batch');
  expect(messages.at(-1)).toMatchObject({ type: 'loaded', status: 'cancelled' });
  const row = db.prepare("SELECT rows_done, imported, updated, skipped, batches FROM imports WHERE id = 'contacts'").get() as Record<
    string,
    number
  >;
  expect(row['batches']).toBe(2);
  expect(seen.length).toBe(2);
  expect(row['rows_done']).toBe(600);
  const stored = db.prepare('SELECT count(*) FROM ent_contact').pluck().get() as number;
  expect(stored).toBe(row['imported']);
  expect(Number(row['imported']) + Number(row['updated']) + Number(row['skipped'])).toBe(600);
});
