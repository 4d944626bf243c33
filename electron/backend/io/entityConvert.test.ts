import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.js';
import { CatalogRepo } from '../catalog/catalogRepo.js';
import { dbContent } from '../../../test/support/dbContent.js';
import { loadKeyMap, type StoredValue } from './cells.js';
import type { CsvRecord } from './csvFile.js';
import { EntityConverter, packEntityBatch, unpackEntityBatch, type EntityBatch } from './entityConvert.js';
import { applyEntitySchema, EntitySink, planEntityImport } from './entityImport.js';
import { openSource } from './readers/source.js';
import type { EntityImportOptions } from '../../../shared/api/contract/imports.js';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('a packed batch unpacks to the same values in the same order', () => {
  const value = fc.oneof(fc.constant(null), fc.string({ unit: 'binary' }), fc.double(), fc.integer());
  fc.assert(
    fc.property(fc.array(value, { maxLength: 60 }), (params: StoredValue[]) => {
      const batch: EntityBatch = { params, good: 1, skipped: 2, errors: [], options: [] };
      const back = unpackEntityBatch(packEntityBatch(batch));
      expect(back.params.length).toBe(params.length);
      params.forEach((v, i) => expect(Object.is(back.params[i], v)).toBe(true));
      expect([back.good, back.skipped]).toEqual([1, 2]);
    }),
  );
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-entity-convert-'));
  dirs.push(dir);
  return dir;
}

/** Accounts, then a contacts file with a lookup, a choice field growing over batches, bad rows and repeated keys. */
function files(dir: string, rows = 400): { accounts: string; contacts: string } {
  const accounts = path.join(dir, 'accounts.csv');
  fs.writeFileSync(accounts, ['accountid,name', ...Array.from({ length: 30 }, (_, i) => `A${i + 1},Company ${i + 1}`)].join('\n') + '\n');
  const contacts = path.join(dir, 'contacts.csv');
  const lines = ['contactid,fullname,tier,score,since,parentcustomerid'];
  for (let i = 1; i <= rows; i++) {
    const key = i % 53 === 0 ? '' : i % 41 === 0 ? `C${i - 9}` : `C${i}`;
    const tier = ['Gold', 'silver', 'GOLD', `Tier ${Math.floor(i / 90)}`, ''][i % 5];
    const account = i % 37 === 0 ? 'A999' : i % 6 === 0 ? '' : `A${1 + (i % 30)}`;
    lines.push(
      `${key},Person ${i} Ærø,${tier},${i % 67 === 0 ? 'many' : i * 1.5},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${account}`,
    );
  }
  fs.writeFileSync(contacts, lines.join('\n') + '\n');
  return { accounts, contacts };
}

async function records(file: string): Promise<CsvRecord[]> {
  const source = await openSource(file, {});
  const out: CsvRecord[] = [];
  await source.stream({ onRecord: (r) => (out.push(r), true), onUnreadable: () => {}, onChunk: () => {} });
  return out;
}

/** A database with the accounts and an EntitySink for the contacts (the same start for both paths). */
async function start(file: string, f: { accounts: string; contacts: string }): Promise<{ db: Db; sink: EntitySink }> {
  const db = openDatabase(file);
  dbs.push(db);
  const repo = new CatalogRepo(db);
  const sinkFor = async (opts: EntityImportOptions, seq: number): Promise<EntitySink> => {
    const source = await openSource(opts.path, opts);
    const plan = planEntityImport(repo, source.head, await source.sample(1000), opts);
    const def = db.transaction(() => applyEntitySchema(repo, plan)).immediate();
    return new EntitySink(db, repo, def, plan, undefined, seq, 100);
  };
  const accounts = await sinkFor({ kind: 'entity', entity: 'account', path: f.accounts, key: 'accountid' }, 1);
  const rows = await records(f.accounts);
  db.transaction(() => accounts.writeBatch(rows)).immediate();
  accounts.finish();
  const sink = await sinkFor(
    {
      kind: 'entity',
      entity: 'contact',
      path: f.contacts,
      key: 'contactid',
      lookups: { parentcustomerid: 'account' },
      columns: { tier: { type: 'choice' }, score: { type: 'decimal' } },
    },
    2,
  );
  return { db, sink };
}

it('converted ahead on another connection and packed, the batches write the same database as batch by batch', async () => {
  const dir = tempDir();
  const f = files(dir);
  const all = await records(f.contacts);
  const batches = [0, 1, 2, 3].map((i) => all.slice(i * 100, (i + 1) * 100));

  const plain = await start(path.join(dir, 'plain.db'), f);
  const plainErrors = batches.map((b) => plain.db.transaction(() => plain.sink.writeBatch(b)).immediate().errors);
  plain.sink.finish();

  const piped = await start(path.join(dir, 'piped.db'), f);
  expect(piped.sink.convertsAhead).toBe(true);
  // The convert side: its own read-only connection for the key maps, every batch converted before any is written.
  const reader = openDatabase(path.join(dir, 'piped.db'), { readonly: true });
  dbs.push(reader);
  const setup = structuredClone(piped.sink.convertSetup());
  const converter = new EntityConverter(setup, new Map(setup.lookupTables.map((t) => [t.entity, loadKeyMap(reader, t.table)])));
  const packed = batches.map((b) => packEntityBatch(converter.convert(b)));
  const pipedErrors = packed.map((p) => piped.db.transaction(() => piped.sink.write(unpackEntityBatch(p))).immediate().errors);
  piped.sink.finish();

  expect(pipedErrors).toEqual(plainErrors);
  expect(plainErrors.flat().map((e) => e.column)).toEqual(expect.arrayContaining(['contactid', 'score', 'parentcustomerid']));
  // Options grew in more than one batch, each written with its batch.
  expect(packed.filter((p) => p.options.length > 0).length).toBeGreaterThan(1);
  // A generation is random() per update (migration 018); everything else must be equal.
  for (const db of [plain.db, piped.db]) db.exec('UPDATE data_generations SET gen = 0');
  expect(dbContent(piped.db)).toBe(dbContent(plain.db));
});

it('big batches from a convert thread are written from their packed form, never as one array: the same database', async () => {
  const dir = tempDir();
  // Batches of 1,200 records (more good rows than a change lists), some refused: statements of 100 rows and a shorter last one.
  const f = files(dir, 3600);
  const all = await records(f.contacts);
  const batches = [0, 1, 2].map((i) => all.slice(i * 1200, (i + 1) * 1200));

  const plain = await start(path.join(dir, 'plain.db'), f);
  const plainErrors = batches.map((b) => plain.db.transaction(() => plain.sink.writeBatch(b)).immediate().errors);
  plain.sink.finish();

  const piped = await start(path.join(dir, 'piped.db'), f);
  const reader = openDatabase(path.join(dir, 'piped.db'), { readonly: true });
  dbs.push(reader);
  const setup = structuredClone(piped.sink.convertSetup());
  const converter = new EntityConverter(setup, new Map(setup.lookupTables.map((t) => [t.entity, loadKeyMap(reader, t.table)])));
  const packed = batches.map((b) => packEntityBatch(converter.convert(b)));
  expect(packed.every((p) => p.good > 1000 && p.good % 100 !== 0)).toBe(true);
  const pipedErrors = packed.map((p) => {
    const batch = unpackEntityBatch(p);
    // The table started empty and holds only this import's rows: nothing needs the batch's keys.
    Object.defineProperty(batch, 'params', {
      get: () => {
        throw new Error('the whole batch was unpacked');
      },
    });
    return piped.db.transaction(() => piped.sink.write(batch)).immediate().errors;
  });
  piped.sink.finish();

  expect(pipedErrors).toEqual(plainErrors);
  for (const db of [plain.db, piped.db]) db.exec('UPDATE data_generations SET gen = 0');
  expect(dbContent(piped.db)).toBe(dbContent(plain.db));
});

it('a lookup to the entity itself is not converted ahead (its keys come from the rows earlier batches wrote)', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'contacts.csv');
  fs.writeFileSync(file, 'contactid,parentcontactid\nC1,\nC2,C1\n');
  const db = openDatabase(path.join(dir, 'data.db'));
  dbs.push(db);
  const repo = new CatalogRepo(db);
  const opts: EntityImportOptions = {
    kind: 'entity',
    entity: 'contact',
    path: file,
    key: 'contactid',
    lookups: { parentcontactid: 'contact' },
  };
  const source = await openSource(file, {});
  const plan = planEntityImport(repo, source.head, await source.sample(10), opts);
  const def = db.transaction(() => applyEntitySchema(repo, plan)).immediate();
  expect(new EntitySink(db, repo, def, plan, undefined).convertsAhead).toBe(false);
});
