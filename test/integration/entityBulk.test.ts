import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/backend/db/connection.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { EventBus } from '../../electron/backend/events.js';
import { ImportService } from '../../electron/backend/io/importService.js';
import { runImportJob, type ImportJobMessage } from '../../electron/backend/io/importJob.js';
import { applyEntitySchema, BULK_ENTITY_ROWS, EntitySink, planEntityImport } from '../../electron/backend/io/entityImport.js';
import { openSource } from '../../electron/backend/io/readers/source.js';
import type { CsvRecord } from '../../electron/backend/io/csvFile.js';
import { entityImportLog } from '../../electron/backend/io/importLog.js';
import type { EntityImportOptions } from '../../shared/api/contract/imports.js';

/** The lookup field's index (catalogRepo.ts names it after the table and column). */
const LOOKUP_INDEX = 'ent_contact_c_parentcustomerid';

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-entity-bulk-'));
  dirs.push(dir);
  return dir;
}

function open(file: string): Db {
  const db = openDatabase(file);
  dbs.push(db);
  return db;
}

function writeAccounts(file: string, rows: number): void {
  const lines = ['accountid,name'];
  for (let i = 1; i <= rows; i++) lines.push(`A${i},Company ${i}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Contacts with a lookup to accounts; unknown accounts, bad numbers, missing and repeated keys among them. */
function writeContacts(file: string, rows: number): void {
  const lines = ['contactid,fullname,lifetimevalue,parentcustomerid'];
  for (let i = 1; i <= rows; i++) {
    const key = i % 101 === 0 ? '' : i % 89 === 0 ? `C${i - 7}` : `C${i}`;
    const account = i % 61 === 0 ? 'A999999' : i % 7 === 0 ? '' : `A${1 + ((i * 13) % 40)}`;
    lines.push(`${key},Person ${i},${i % 97 === 0 ? 'lots' : (i % 1000) / 10},${account}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

const CONTACTS: Omit<EntityImportOptions, 'path'> = {
  kind: 'entity',
  entity: 'contact',
  key: 'contactid',
  lookups: { parentcustomerid: 'account' },
};

async function importAccounts(db: Db, file: string): Promise<void> {
  const messages: ImportJobMessage[] = [];
  await runImportJob(
    db,
    {
      id: 'accounts',
      opts: { kind: 'entity', entity: 'account', path: file, key: 'accountid' },
      startedAt: 0,
      batchSize: 1000,
      bulkBytes: Number.MAX_SAFE_INTEGER,
    },
    (m) => messages.push(m),
    () => false,
  );
  expect(messages.at(-1)).toMatchObject({ type: 'loaded', status: 'completed' });
}

/** Loads the contacts file through the sink in batches of `batch` rows, as the import job does, bulk or not. */
async function loadContacts(db: Db, file: string, bulkRows: number, batch: number, finish = true): Promise<EntitySink> {
  const repo = new CatalogRepo(db);
  const opts = { ...CONTACTS, path: file };
  const source = await openSource(file, opts);
  const plan = planEntityImport(repo, source.head, await source.sample(1000), opts);
  const def = db.transaction(() => applyEntitySchema(repo, plan)).immediate();
  const sink = new EntitySink(db, repo, def, plan, undefined, null, bulkRows);
  const pending: CsvRecord[] = [];
  const errors: unknown[] = [];
  const commit = (): void => {
    const records = pending.splice(0);
    const r = db.transaction(() => sink.writeBatch(records)).immediate();
    errors.push(...r.errors);
  };
  await source.stream({
    onRecord: (rec) => {
      pending.push(rec);
      if (pending.length >= batch) commit();
      return true;
    },
    onUnreadable: () => {},
    onChunk: () => {},
  });
  commit();
  if (finish) sink.finish();
  db.prepare('CREATE TABLE test_errors (e TEXT)').run();
  db.prepare('INSERT INTO test_errors VALUES (?)').run(JSON.stringify(errors));
  return sink;
}

const hasLookupIndex = (db: Db): boolean =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(LOOKUP_INDEX) !== undefined;

const snapshot = (db: Db): unknown => ({
  rows: db.prepare('SELECT * FROM ent_contact ORDER BY rid').raw().all(),
  errors: db.prepare('SELECT e FROM test_errors').pluck().get(),
  // Served by the rebuilt index, and equal to a scan of the table.
  byAccount: db
    .prepare(`SELECT c_parentcustomerid, count(*) FROM ent_contact INDEXED BY ${LOOKUP_INDEX} GROUP BY 1 ORDER BY 1`)
    .raw()
    .all(),
});

it('a bulk entity load stores the same rows and error report as row-by-row upkeep, and its lookup index is back at the end', async () => {
  const dir = tempDir();
  const accounts = path.join(dir, 'accounts.csv');
  const contacts = path.join(dir, 'contacts.csv');
  writeAccounts(accounts, 40);
  writeContacts(contacts, 3000);
  const plain = open(path.join(dir, 'plain.db'));
  const bulk = open(path.join(dir, 'bulk.db'));
  await importAccounts(plain, accounts);
  await importAccounts(bulk, accounts);

  const plainSink = await loadContacts(plain, contacts, Number.POSITIVE_INFINITY, 700);
  const bulkSink = await loadContacts(bulk, contacts, 0, 700);
  expect(plainSink.dropped).toEqual([]);
  expect(bulkSink.dropped.map((ix) => ix.name)).toEqual([LOOKUP_INDEX]);

  const a = snapshot(plain) as { rows: unknown[]; errors: string };
  expect(a.rows.length).toBeGreaterThan(2800);
  expect(JSON.parse(a.errors).length).toBeGreaterThan(30);
  expect(snapshot(bulk)).toEqual(a);
  expect(hasLookupIndex(bulk)).toBe(true);
  expect(bulk.pragma('integrity_check', { simple: true })).toBe('ok');
});

it('a big entity file goes in as a bulk load through the import job: no lookup index while it loads, the index back when it ends', async () => {
  const dir = tempDir();
  const accounts = path.join(dir, 'accounts.csv');
  const contacts = path.join(dir, 'contacts.csv');
  writeAccounts(accounts, 40);
  writeContacts(contacts, Math.ceil(BULK_ENTITY_ROWS * 1.2));
  const db = open(path.join(dir, 'data.db'));
  await importAccounts(db, accounts);
  const indexDuringBatches: boolean[] = [];
  const messages: ImportJobMessage[] = [];
  await runImportJob(
    db,
    { id: 'contacts', opts: { ...CONTACTS, path: contacts }, startedAt: 0, batchSize: 10_000, bulkBytes: Number.MAX_SAFE_INTEGER },
    (m) => {
      messages.push(m);
      if (m.type === 'batch') indexDuringBatches.push(hasLookupIndex(db));
    },
    () => false,
  );
  expect(messages.at(-1)).toMatchObject({ type: 'loaded', status: 'completed' });
  expect(indexDuringBatches.length).toBeGreaterThan(3);
  expect(indexDuringBatches.every((x) => !x)).toBe(true);
  expect(hasLookupIndex(db)).toBe(true);
  // A small file (below the bulk size) goes batch by batch with the index in place.
  const small = path.join(dir, 'small.csv');
  writeContacts(small, 300);
  indexDuringBatches.length = 0;
  await runImportJob(
    db,
    { id: 'small', opts: { ...CONTACTS, path: small }, startedAt: 0, batchSize: 100, bulkBytes: Number.MAX_SAFE_INTEGER },
    (m) => {
      if (m.type === 'batch') indexDuringBatches.push(hasLookupIndex(db));
    },
    () => false,
  );
  expect(indexDuringBatches).toEqual([true, true, true]);
});

it('a bulk entity load cut short (no finish) gets its lookup index back at the next start', async () => {
  const dir = tempDir();
  const accounts = path.join(dir, 'accounts.csv');
  const contacts = path.join(dir, 'contacts.csv');
  writeAccounts(accounts, 40);
  writeContacts(contacts, 2000);
  const file = path.join(dir, 'data.db');
  const db = open(file);
  await importAccounts(db, accounts);
  await loadContacts(db, contacts, 0, 500, false);
  expect(hasLookupIndex(db)).toBe(false);
  db.close();

  const next = open(file);
  // The import service's constructor finishes whatever a bulk load left undone.
  const svc = new ImportService({ db: next, events: new EventBus(), now: () => 0, onDataChanged: () => {} });
  await svc.stopAll();
  expect(hasLookupIndex(next)).toBe(true);
  expect(next.prepare(`SELECT count(*) FROM ent_contact INDEXED BY ${LOOKUP_INDEX} WHERE c_parentcustomerid > 0`).pluck().get()).toBe(
    next.prepare('SELECT count(*) FROM ent_contact NOT INDEXED WHERE c_parentcustomerid > 0').pluck().get(),
  );
});

it('undo logging into a table the import started empty: no prior values while every row is its own, prior values again once another writer adds one', async () => {
  const dir = tempDir();
  const accounts = path.join(dir, 'accounts.csv');
  const contacts = path.join(dir, 'contacts.csv');
  writeAccounts(accounts, 40);
  writeContacts(contacts, 50);
  const db = open(path.join(dir, 'data.db'));
  await importAccounts(db, accounts);
  const repo = new CatalogRepo(db);
  const opts = { ...CONTACTS, path: contacts };
  const source = await openSource(contacts, opts);
  const plan = planEntityImport(repo, source.head, await source.sample(1000), opts);
  const def = db.transaction(() => applyEntitySchema(repo, plan)).immediate();
  const sink = new EntitySink(db, repo, def, plan, undefined, 7);
  const batch = (keys: string[], row: number): void => {
    const records = keys.map((k, i) => ({ row: row + i, cells: [k, `Name ${k}`, '1.5', 'A1'] }));
    db.transaction(() => sink.writeBatch(records)).immediate();
  };
  // The import's log as undo reads it (prior values, null for created records), by key.
  const logged = (): [string, string | null][] => {
    const keyOf = db.prepare('SELECT key FROM ent_contact WHERE rid = ?').pluck();
    return [...entityImportLog(db, 7)]
      .map(([rid, prior]): [string, string | null] => [keyOf.get(rid) as string, prior])
      .sort((a, b) => a[0].localeCompare(b[0]));
  };

  batch(['K1', 'K2', 'K3'], 2);
  batch(['K2', 'K4'], 5);
  expect(logged()).toEqual([
    ['K1', null],
    ['K2', null],
    ['K3', null],
    ['K4', null],
  ]);
  // Another writer (here a second import, not logged) adds a contact between two batches; the next batch
  // updates it: its prior values are logged.
  const other = new EntitySink(db, repo, def, plan, undefined, null);
  db.transaction(() => other.writeBatch([{ row: 2, cells: ['X1', 'Someone', '2.5', 'A2'] }])).immediate();
  batch(['X1', 'K1', 'K5'], 7);
  const after = logged();
  expect(after.filter(([, prior]) => prior === null).map(([k]) => k)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
  const x1 = after.find(([k]) => k === 'X1');
  expect(x1?.[1]).toContain('Someone');
});
