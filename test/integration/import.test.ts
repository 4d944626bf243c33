import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { DataChange } from '../../electron/backend/dataChange.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { ImportSummary } from '../../shared/models/import.js';

const FIX = path.resolve(__dirname, '../fixtures/csv');
const fx = (name: string): string => path.join(FIX, name);

let dir: string;
let backend: Backend;
let changes: DataChange[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-import-'));
  backend = await createBackend({ dbPath: path.join(dir, 'data.db'), host: 'test', now: () => Date.UTC(2026, 0, 1) });
  changes = [];
  backend.dataChanges.subscribe((c) => changes.push(c));
});

afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const r = await backend.dispatch('imports.start', opts);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return backend.services.imports.wait((r.value as { id: string }).id);
}

async function importAll(): Promise<{ accounts: ImportSummary; contacts: ImportSummary; interactions: ImportSummary }> {
  const accounts = await runImport({
    kind: 'entity',
    entity: 'account',
    path: fx('accounts.csv'),
    key: 'accountid',
    columns: { industry: { type: 'choice' } },
  });
  const contacts = await runImport({
    kind: 'entity',
    entity: 'Contact',
    path: fx('contacts.csv'),
    key: 'ContactId',
    lookups: { parentcustomerid: 'ACCOUNT' },
    columns: { numberofchildren: { type: 'integer' }, birthdate: { type: 'date' }, favoritepets: { type: 'multichoice' } },
  });
  const interactions = await runImport({ kind: 'interactions', path: fx('interactions.csv') });
  return { accounts, contacts, interactions };
}

const contactRow = (key: string): Record<string, unknown> =>
  backend.db.prepare('SELECT * FROM ent_contact WHERE key = ?').get(key) as Record<string, unknown>;

describe('CSV import of entities and interactions', () => {
  it('imports accounts, contacts and interactions and reports imported / skipped counts', async () => {
    const { accounts, contacts, interactions } = await importAll();
    expect(accounts).toMatchObject({ status: 'completed', imported: 3, updated: 0, skipped: 0, rowsDone: 3 });
    expect(contacts).toMatchObject({ status: 'completed', imported: 4, updated: 0, skipped: 5, rowsDone: 9, batchesCommitted: 1 });
    expect(interactions).toMatchObject({ status: 'completed', imported: 5, skipped: 4 });
    expect(contacts.bytesDone).toBe(contacts.totalBytes);
  });

  it('builds a typed catalog with options, lookups, relationships and interaction types', async () => {
    await importAll();
    const r = await backend.dispatch('catalog.describe', {});
    if (!r.ok) throw new Error(r.error.message);
    const cat = r.value as import('../../shared/models/catalog.js').Catalog;
    const contact = cat.entities.find((e) => e.name === 'contact');
    expect(contact).toMatchObject({ keyField: 'contactid', displayField: 'fullname', recordCount: 4 });
    const types = Object.fromEntries(contact?.fields.map((f) => [f.name, f.type]) ?? []);
    expect(types).toEqual({
      contactid: 'text',
      fullname: 'text',
      emailaddress1: 'text',
      address1_city: 'text',
      birthdate: 'date',
      createdon: 'datetime',
      donotbulkemail: 'boolean',
      lifetimevalue: 'decimal',
      numberofchildren: 'integer',
      parentcustomerid: 'lookup',
      favoritepets: 'multichoice',
    });
    expect(contact?.fields.find((f) => f.name === 'parentcustomerid')?.lookupEntity).toBe('account');
    expect(contact?.fields.find((f) => f.name === 'favoritepets')?.options?.map((o) => o.value)).toEqual(['Cats', 'Dogs', 'Birds']);
    const account = cat.entities.find((e) => e.name === 'account');
    expect(account?.fields.find((f) => f.name === 'industry')).toMatchObject({
      type: 'choice',
      options: [{ value: 'Retail' }, { value: 'Software' }],
    });
    expect(cat.relationships).toEqual([
      {
        name: 'contact_account_parentcustomerid',
        referencingEntity: 'contact',
        referencedEntity: 'account',
        lookupField: 'parentcustomerid',
        // Named by its lookup field's derived label until someone renames it.
        label: 'Company',
        labelSet: false,
      },
    ]);
    expect(cat.interactionTypes.map((t) => [t.name, t.count])).toEqual([
      ['EmailSent', 1],
      ['EmailOpened', 1],
      ['EmailClicked', 1],
      ['WebsiteVisited', 2],
    ]);
    const visited = cat.interactionTypes.find((t) => t.name === 'WebsiteVisited');
    expect(visited?.fields.map((f) => [f.name, f.type])).toEqual([
      ['url', 'text'],
      ['visitDuration', 'decimal'],
    ]);
    // A type gets only the fields it has values for.
    expect(cat.interactionTypes.find((t) => t.name === 'EmailSent')?.fields.map((f) => f.name)).toEqual(['messageId']);
  });

  it('stores typed values, NULLs for empty cells, folded shadows and lookup rids', async () => {
    await importAll();
    const c1 = contactRow('C1');
    const a1 = backend.db.prepare(`SELECT rid FROM ent_account WHERE key = 'A1'`).pluck().get();
    expect(c1).toMatchObject({
      c_fullname: 'Ada Lovelace',
      c_emailaddress1: 'Ada@Example.com',
      c_emailaddress1__f: 'ada@example.com',
      c_birthdate: '1815-12-10',
      c_createdon: Date.UTC(2024, 2, 1, 10),
      c_donotbulkemail: 0,
      c_lifetimevalue: 1200.5,
      c_numberofchildren: 2,
      c_parentcustomerid: a1,
      c_favoritepets: '["Cats","Dogs"]',
      c_favoritepets__f: '["cats","dogs"]',
    });
    const c2 = contactRow('C2');
    expect(c2).toMatchObject({
      c_address1_city: 'SEATTLE',
      c_address1_city__f: 'seattle',
      c_createdon: Date.UTC(2024, 2, 2, 9, 30),
      c_donotbulkemail: 1,
      c_favoritepets: '["Dogs"]',
    });
    const c3 = contactRow('C3');
    expect(c3).toMatchObject({
      c_emailaddress1: null,
      c_emailaddress1__f: null,
      c_birthdate: null,
      c_createdon: Date.UTC(2024, 2, 3),
      c_donotbulkemail: 1,
      c_parentcustomerid: null,
    });
    const c8 = contactRow('C8');
    expect(c8).toMatchObject({
      c_fullname: 'Hopper, Grace Jr.',
      c_createdon: Date.UTC(2024, 2, 8, 13),
      c_donotbulkemail: 1,
      c_favoritepets: '["Birds","Cats"]',
    });
    const account3 = backend.db.prepare(`SELECT * FROM ent_account WHERE key = 'A3'`).get() as Record<string, unknown>;
    expect(account3).toMatchObject({
      c_name: 'Northwind, Traders',
      c_industry: 'Retail',
      c_industry__f: 'retail',
      c_numberofemployees: null,
      c_revenue: 99.5,
    });
    const visits = backend.db.prepare(`SELECT ts, c_url, c_visitduration FROM interactions WHERE ikey IN ('I4','I5') ORDER BY ts`).all();
    expect(visits).toEqual([
      { ts: Date.UTC(2025, 0, 2, 10), c_url: 'https://example.com/', c_visitduration: 120 },
      { ts: Date.UTC(2025, 0, 3, 11), c_url: 'https://example.com/pricing', c_visitduration: 30.5 },
    ]);
  });

  it('keeps an error report with row, column, value and reason, pageable and as CSV', async () => {
    const { contacts, interactions } = await importAll();
    const page = await backend.dispatch('imports.errors', { id: contacts.id });
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value).toEqual({
      total: 5,
      rows: [
        { row: 5, column: 'numberofchildren', value: 'many', reason: 'not a whole number for integer field numberofchildren' },
        { row: 6, column: 'parentcustomerid', value: 'A999', reason: 'unknown account "A999" (no account has this key)' },
        { row: 7, column: 'contactid', value: null, reason: 'missing key' },
        { row: 8, column: null, value: null, reason: 'wrong column count: expected 11, found 3' },
        { row: 9, column: 'birthdate', value: '1999-02-30', reason: 'no such calendar date for date field birthdate' },
      ],
    });
    const second = backend.services.imports.errors(contacts.id, 3, 10);
    expect(second.rows.map((r) => r.row)).toEqual([8, 9]);
    const csv = backend.services.imports.errorsCsv(interactions.id).trim().split('\n');
    expect(csv[0]).toBe('row,column,value,reason');
    expect(csv.slice(1)).toEqual([
      '7,contactid,C404,"unknown contact ""C404"" (no contact has this key)"',
      '8,timestamp,not a date,"not a date/time (expected ISO 8601, e.g. 2025-03-01T14:30:00Z)"',
      '9,interactiontype,,missing interaction type',
      '10,timestamp,,missing timestamp',
    ]);
  });

  it('upserts by key: re-importing updates rows, adds new ones and adds new columns without losing data', async () => {
    await importAll();
    const before = contactRow('C1');
    const again = await runImport({ kind: 'entity', entity: 'contact', path: fx('contacts-update.csv'), key: 'contactid' });
    expect(again).toMatchObject({ status: 'completed', imported: 1, updated: 2, skipped: 0 });
    const c1 = contactRow('C1');
    expect(c1['rid']).toBe(before['rid']);
    expect(c1).toMatchObject({
      c_fullname: 'Ada King',
      c_fullname__f: 'ada king',
      c_jobtitle: 'Countess',
      c_birthdate: '1815-12-10',
      c_lifetimevalue: 1200.5,
    });
    expect(contactRow('C9')).toMatchObject({ c_fullname: 'New Person', c_jobtitle: null, c_birthdate: null });
    expect(contactRow('C2')).toMatchObject({ c_jobtitle: null, c_fullname: 'Grace Hopper' });
    expect(backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(5);
  });

  it('upserts interactions by interaction id and keeps the per-contact summary exact', async () => {
    await importAll();
    const stats = (): unknown =>
      backend.db.prepare('SELECT contact_rid, type_id, n, first_ts, last_ts FROM contact_type_stats ORDER BY contact_rid, type_id').all();
    const recount = (): unknown =>
      backend.db
        .prepare(
          'SELECT contact_rid, type_id, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM interactions GROUP BY contact_rid, type_id ORDER BY contact_rid, type_id',
        )
        .all();
    expect(stats()).toEqual(recount());
    const again = await runImport({ kind: 'interactions', path: fx('interactions.csv') });
    expect(again).toMatchObject({ imported: 0, updated: 5, skipped: 4 });
    expect(backend.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(5);
    expect(stats()).toEqual(recount());
    const forms = await runImport({
      kind: 'interactions',
      path: fx('form-submissions.csv'),
      type: 'FormSubmitted',
      timestampColumn: 'submittedon',
    });
    expect(forms).toMatchObject({ imported: 3, updated: 0, target: 'FormSubmitted' });
    expect(stats()).toEqual(recount());
  });

  it('reads a declared date format for dates and date-times', async () => {
    const s = await runImport({
      kind: 'entity',
      entity: 'contact',
      path: fx('contacts-eu-dates.csv'),
      key: 'contactid',
      dateFormat: 'DD/MM/YYYY',
    });
    expect(s).toMatchObject({ imported: 2, skipped: 0 });
    expect(contactRow('D1')).toMatchObject({ c_birthdate: '1970-12-31', c_lastcontacted: Date.UTC(2025, 1, 1, 14, 30) });
    expect(contactRow('D2')).toMatchObject({ c_birthdate: '1867-11-07', c_lastcontacted: null });
  });

  it('reports each committed batch to the data-change hook after commit', async () => {
    await importAll();
    expect(changes).toEqual([
      { kind: 'profile', entity: 'account', fields: ['accountid', 'name', 'industry', 'numberofemployees', 'revenue'], rids: [1, 2, 3] },
      {
        kind: 'profile',
        entity: 'contact',
        fields: [
          'contactid',
          'fullname',
          'emailaddress1',
          'address1_city',
          'birthdate',
          'createdon',
          'donotbulkemail',
          'lifetimevalue',
          'numberofchildren',
          'parentcustomerid',
          'favoritepets',
        ],
        rids: [1, 2, 3, 4],
      },
      { kind: 'interactions', types: ['EmailSent', 'EmailOpened', 'EmailClicked', 'WebsiteVisited'], contactRids: [1, 2] },
    ]);
  });

  it('emits progress after each batch and a finished event with the summary', async () => {
    const seen: string[] = [];
    backend.events.onAny((e, p) => seen.push(`${e}:${(p as { rowsDone: number }).rowsDone}`));
    await runImport({ kind: 'entity', entity: 'contact', path: fx('contacts.csv'), key: 'contactid', batchSize: 4 });
    expect(seen.filter((s) => s.startsWith('import.'))).toEqual([
      'import.progressed:4',
      'import.progressed:8',
      'import.progressed:9',
      'import.finished:9',
    ]);
  });
});

describe('files and options refused before anything is written', () => {
  const snapshot = (): unknown => ({
    tables: backend.db.prepare(`SELECT name FROM sqlite_master ORDER BY name`).pluck().all(),
    fields: backend.db.prepare('SELECT entity, name FROM catalog_fields ORDER BY entity, name').all(),
    contacts: backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get(),
    imports: backend.db.prepare('SELECT count(*) FROM imports').pluck().get(),
  });

  const cases: [string, ImportOptions, RegExp][] = [
    ['a binary file', { kind: 'entity', entity: 'contact', path: fx('not-csv.png'), key: 'contactid' }, /not a CSV file/],
    ['an empty file', { kind: 'entity', entity: 'contact', path: fx('empty.csv'), key: 'contactid' }, /empty/],
    ['a file without header', { kind: 'entity', entity: 'contact', path: fx('headerless.csv'), key: 'contactid' }, /no header row/],
    [
      'a file without the key column',
      { kind: 'entity', entity: 'contact', path: fx('nokey.csv'), key: 'contactid' },
      /key column "contactid" is not in the header/,
    ],
    [
      'a lookup to an entity not imported yet',
      { kind: 'entity', entity: 'contact', path: fx('contacts.csv'), key: 'contactid', lookups: { parentcustomerid: 'account' } },
      /import account first/,
    ],
    [
      'an interactions file without a contact column',
      { kind: 'interactions', path: fx('accounts.csv'), type: 'X' },
      /contact column "contactid" is not in the header/,
    ],
    [
      'an interactions file without a type',
      { kind: 'interactions', path: fx('form-submissions.csv'), timestampColumn: 'submittedon' },
      /no "interactiontype" column/,
    ],
  ];

  it.each(cases)('refuses %s with a clear message and changes nothing', async (_name, opts, message) => {
    const before = snapshot();
    const ended: unknown[] = [];
    const off = backend.events.onAny((event, payload) => void (event === 'import.finished' && ended.push(payload)));
    // `start` answers before the whole file is checked; the refusal is how the import ends.
    const r = await backend.dispatch('imports.start', opts);
    if (!r.ok) throw new Error(r.error.message);
    const { id } = r.value as { id: string };
    const summary = await backend.services.imports.wait(id);
    off();
    expect(summary).toMatchObject({ id, status: 'refused', rowsDone: 0, imported: 0, batchesCommitted: 0 });
    expect(summary.message).toMatch(message);
    expect(summary.finishedAt).not.toBeNull();
    expect(ended).toEqual([summary]);
    expect(await backend.dispatch('imports.get', { id })).toEqual({ ok: true, value: summary });
    expect(await backend.dispatch('imports.list', {})).toMatchObject({ ok: true, value: [summary] });
    // Nothing changed but the refused import's own record (no schema, no fields, no rows, no saved mapping).
    const after = snapshot() as { imports: number };
    expect({ ...after, imports: after.imports - 1 }).toEqual(before);
    expect(backend.db.prepare('SELECT count(*) FROM import_mappings').pluck().get()).toBe(0);
    // A refused import has nothing to undo, and the next import runs.
    expect(await backend.dispatch('imports.undo', { id })).toMatchObject({ ok: false, error: { message: /nothing to undo/ } });
    expect((await runImport({ kind: 'entity', entity: 'account', path: fx('accounts.csv'), key: 'accountid' })).status).toBe('completed');
  });

  it('refuses a missing file at `start` itself (a cheap check), writing nothing', async () => {
    const before = snapshot();
    const r = await backend.dispatch('imports.start', { kind: 'entity', entity: 'contact', path: fx('nope.csv'), key: 'contactid' });
    expect(r.ok ? r.value : r.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/File not found: .*nope\.csv/),
    });
    expect(snapshot()).toEqual(before);
    expect(backend.services.imports.running()).toBe(false);
  });

  it('previews a file: header, sample rows and inferred types', async () => {
    const r = await backend.dispatch('imports.preview', { path: fx('contacts.csv') });
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value as import('../../shared/models/import.js').ImportPreview;
    expect(p.header[0]).toBe('contactid');
    expect(p.sampledRows).toBe(9);
    expect(p.sampleRows[0]?.[1]).toBe('Ada Lovelace');
    expect(Object.fromEntries(p.columns.map((c) => [c.name, c.inferredType]))).toMatchObject({
      contactid: 'text',
      createdon: 'datetime',
      donotbulkemail: 'boolean',
      lifetimevalue: 'decimal',
      numberofchildren: 'text',
      birthdate: 'text',
    });
  });

  it('writes the error report so that no value from the file can run as a spreadsheet formula', async () => {
    await importAll();
    const file = path.join(dir, 'formulas.csv');
    fs.writeFileSync(file, 'interactiontype,contactid,timestamp\nEmailOpened,=HYPERLINK("http://x"),2025-03-01T10:00:00Z\n');
    const s = await runImport({ kind: 'interactions', path: file });
    expect(s.skipped).toBe(1);
    const rows = parse(backend.services.imports.errorsCsv(s.id)) as string[][];
    expect(rows[1]?.slice(0, 2)).toEqual(['2', 'contactid']);
    expect(rows[1]?.[2]).toMatch(/^'=HYPERLINK\(/);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
