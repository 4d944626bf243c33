/**
 * Member and contact exports from a real SQLite database, read back with libraries (csv-parse,
 * exceljs): the same columns and values in CSV and Excel, headed by catalog labels, lookups by the
 * related record's name (one query per batch), date-times in the segment's zone, multi-choice lists,
 * Yes/No; typed Excel cells; cancel between batches; the contacts grid's sort and filters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import { profileDefinition } from '../fixtures/definitions.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset } from './liveFixture.js';

const N = 12_500; // two export batches and a half
const CREATED = Date.UTC(2026, 6, 15, 12, 30); // 14:30 in Berlin (summer time)
let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-export-values-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => Date.UTC(2026, 7, 1) });
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: Array.from({ length: N }, (_, i) => ({
        rid: i + 1,
        key: `c${i + 1}`,
        values: {
          fullname: i === 0 ? 'Seán Ó Briain' : `Person ${i + 1}`,
          createdon: CREATED + i * 60_000,
          favoritepets: i % 2 === 0 ? '["Birds","Cats"]' : null,
          donotbulkemail: i % 3 === 0 ? 1 : 0,
          creditlimit: 1234.5 + i,
          birthdate: '1990-02-03',
          parentcustomerid: (i % 3) + 1,
        },
      })),
      account: [
        { rid: 1, key: 'A0001', values: { name: 'Contoso' } },
        { rid: 2, key: 'A0002', values: { name: 'Fabrikam, Inc.' } },
        { rid: 3, key: 'A0003', values: { name: 'Ärzte "Nord"' } },
      ],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
});
afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}

const COLUMNS = ['parentcustomerid', 'createdon', 'favoritepets', 'donotbulkemail', 'creditlimit', 'birthdate'];

async function labels(): Promise<Record<string, string>> {
  const catalog = await call('catalog.describe', {});
  const contact = catalog.entities.find((e) => e.name === 'contact');
  return Object.fromEntries((contact?.fields ?? []).map((f) => [f.name, f.label]));
}

async function readXlsx(file: string): Promise<{ rows: unknown[][]; sheet: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: unknown[][] = [];
  // columnCount walks every row: read it once.
  const columns = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= columns; c++) {
      const v = row.getCell(c).value;
      cells.push(v === undefined ? null : v);
    }
    rows.push(cells);
  });
  return { rows, sheet };
}

describe('member exports', () => {
  let segmentId = '';
  beforeAll(async () => {
    const s = await call('segments.create', {
      name: 'Everyone in Berlin time',
      type: 'dynamic',
      timeZone: 'Europe/Berlin',
      definition: profileDefinition([]),
    });
    await call('segments.goLive', { id: s.id });
    segmentId = s.id;
  });

  it('writes the same labelled columns and formatted values to CSV and xlsx', async () => {
    const label = await labels();
    const csvFile = path.join(dir, 'members.csv');
    const xlsxFile = path.join(dir, 'members.xlsx');
    const progress: number[] = [];
    const off = backend.events.onAny((e, p) => e === 'membersExport.progressed' && progress.push((p as { rowsDone: number }).rowsDone));
    expect((await call('segments.exportMembers', { id: segmentId, path: csvFile, columns: COLUMNS })).rows).toBe(N);
    expect((await call('segments.exportMembers', { id: segmentId, path: xlsxFile, columns: COLUMNS, format: 'xlsx' })).rows).toBe(N);
    off();
    expect(progress).toEqual([10_000, N, 10_000, N]);

    const bytes = fs.readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const csv = parse(bytes, { bom: true }) as string[][];
    const header = [
      label['contactid'],
      label['fullname'],
      label['parentcustomerid'],
      `${label['parentcustomerid']} key`,
      label['createdon'],
      label['favoritepets'],
      label['donotbulkemail'],
      label['creditlimit'],
      label['birthdate'],
    ];
    expect(csv[0]).toEqual(header);
    expect(csv).toHaveLength(N + 1);
    // Lookup by name (with its key beside it), date-time in the segment's zone, list, Yes/No, plain number.
    expect(csv[1]).toEqual([
      'c1',
      'Seán Ó Briain',
      'Contoso',
      'A0001',
      '2026-07-15T14:30:00+02:00',
      'Birds; Cats',
      'Yes',
      '1234.5',
      '1990-02-03',
    ]);
    expect(csv[2]).toEqual(['c2', 'Person 2', 'Fabrikam, Inc.', 'A0002', '2026-07-15T14:31:00+02:00', '', 'No', '1235.5', '1990-02-03']);
    expect(csv[3]?.slice(2, 4)).toEqual(['Ärzte "Nord"', 'A0003']);
    expect(Date.parse(csv[1]?.[4] ?? '')).toBe(CREATED);

    const { rows, sheet } = await readXlsx(xlsxFile);
    expect(rows[0]).toEqual(header);
    expect(rows).toHaveLength(N + 1);
    const first = rows[1] ?? [];
    // Typed cells: text, a real date carrying Berlin's wall clock, numbers and booleans as such.
    expect(first).toEqual([
      'c1',
      'Seán Ó Briain',
      'Contoso',
      'A0001',
      new Date(Date.UTC(2026, 6, 15, 14, 30)),
      'Birds; Cats',
      true,
      1234.5,
      new Date(Date.UTC(1990, 1, 3)),
    ]);
    expect(rows[2]?.[5]).toBeNull();
    expect(rows[2]?.[6]).toBe(false);
    expect(sheet.getRow(2).getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(9).numFmt).toBe('yyyy-mm-dd');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(20);

    // The same values cell for cell: the CSV text is what the typed cell means.
    for (const i of [1, 2, 3, N]) {
      const c = csv[i] ?? [];
      const x = rows[i] ?? [];
      expect(x.map((v, j) => (j === 4 || j === 8 || j === 6 || j === 7 ? c[j] : (v ?? '')))).toEqual(c);
      expect(x[6]).toBe(c[6] === 'Yes');
      expect(x[7]).toBe(Number(c[7]));
      expect((x[8] as Date).toISOString().slice(0, 10)).toBe(c[8]);
      expect((x[4] as Date).toISOString().slice(0, 19)).toBe(c[4]?.slice(0, 19));
    }
  }, 120_000);

  it('resolves lookup names in one query per batch, not per row', async () => {
    const db = backend.db;
    const prepare = db.prepare.bind(db);
    const lookups: string[] = [];
    db.prepare = ((sql: string) => {
      if (/FROM "ent_account"/.test(sql)) lookups.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      await call('segments.exportMembers', { id: segmentId, path: path.join(dir, 'count.csv'), columns: ['parentcustomerid'] });
    } finally {
      db.prepare = prepare;
    }
    // Statements are cached per connection (db/statements.ts): at most one preparation per batch.
    expect(lookups.length).toBeLessThanOrEqual(Math.ceil(N / 10_000));
  });

  it('shows lookup names on member pages', async () => {
    const page = await call('segments.members', { id: segmentId, limit: 3, columns: ['parentcustomerid'] });
    expect(page.rows.map((r) => r.lookups?.['parentcustomerid'])).toEqual([
      { key: 'A0001', name: 'Contoso' },
      { key: 'A0002', name: 'Fabrikam, Inc.' },
      { key: 'A0003', name: 'Ärzte "Nord"' },
    ]);
  });

  it('stops a running export on exports.cancel and leaves no file behind', async () => {
    const file = path.join(dir, 'cancelled.xlsx');
    const off = backend.events.onAny((e) => {
      if (e === 'membersExport.progressed') void backend.dispatch('exports.cancel', { exportId: 'x1' });
    });
    const r = await backend.dispatch('segments.exportMembers', { id: segmentId, path: file, format: 'xlsx', exportId: 'x1' });
    off();
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(await call('exports.cancel', { exportId: 'x1' })).toEqual({ cancelled: false });
  });

  it('refuses an unknown format or a bad export id before writing anything', async () => {
    const file = path.join(dir, 'bad.ods');
    const bad = await backend.dispatch('segments.exportMembers', { id: segmentId, path: file, format: 'ods' as 'csv' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const badId = await backend.dispatch('segments.exportMembers', { id: segmentId, path: file, exportId: '../x' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('contacts grid: sort, filter, export', () => {
  it('sorts by a lookup by the related name and filters by type', async () => {
    const byAccount = await call('contacts.list', { sort: { field: 'parentcustomerid', direction: 'desc' }, limit: 2 });
    expect(byAccount.rows.map((r) => r.lookups?.['parentcustomerid']?.name)).toEqual(['Fabrikam, Inc.', 'Fabrikam, Inc.']);
    expect(byAccount.rows[0]?.values['parentcustomerid']).toBe('A0002');
    const named = await call('contacts.list', { filters: [{ field: 'parentcustomerid', operator: 'contains', value: 'arzte' }] });
    expect(named.total).toBe(Math.floor(N / 3));
    const rich = await call('contacts.list', { filters: [{ field: 'creditlimit', operator: '>=', value: 1234.5 + N - 10 }] });
    expect(rich.total).toBe(10);
    // The day in Berlin: 14:30 + i minutes stays on 2026-07-15 until 23:59 → 570 contacts.
    const day = await call('contacts.list', {
      filters: [{ field: 'createdon', operator: 'is', value: '2026-07-15' }],
      timeZone: 'Europe/Berlin',
    });
    expect(day.total).toBe(570);
    const yes = await call('contacts.list', { filters: [{ field: 'donotbulkemail', operator: 'is', value: 'true' }] });
    expect(yes.total).toBe(Math.ceil(N / 3));
    const cats = await call('contacts.list', { filters: [{ field: 'favoritepets', operator: 'is', value: 'cats' }] });
    expect(cats.total).toBe(Math.ceil(N / 2));
  });

  it('refuses a filter that does not fit the field, saying where', async () => {
    const r = await backend.dispatch('contacts.list', { filters: [{ field: 'creditlimit', operator: 'contains', value: 'x' }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'filters.0' }] } });
    const n = await backend.dispatch('contacts.list', { filters: [{ field: 'creditlimit', operator: '>', value: '1,000' }] });
    expect(n).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const f = await backend.dispatch('contacts.list', { sort: { field: 'shoe_size', direction: 'asc' } });
    expect(f).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'sort.field' }] } });
  });

  it('exports what the grid shows, in its order, identically to CSV and xlsx', async () => {
    const input = {
      filters: [{ field: 'parentcustomerid', operator: 'equals' as const, value: 'contoso' }],
      sort: { field: 'creditlimit', direction: 'desc' as const },
      columns: ['parentcustomerid', 'creditlimit', 'createdon'],
      timeZone: 'America/New_York',
    };
    const csvFile = path.join(dir, 'contacts.csv');
    const xlsxFile = path.join(dir, 'contacts.xlsx');
    const n = (await call('contacts.export', { ...input, path: csvFile })).rows;
    expect(n).toBe(Math.ceil(N / 3));
    expect((await call('contacts.export', { ...input, path: xlsxFile, format: 'xlsx' })).rows).toBe(n);
    const csv = parse(fs.readFileSync(csvFile), { bom: true }) as string[][];
    const { rows } = await readXlsx(xlsxFile);
    expect(rows[0]).toEqual(csv[0]);
    expect(csv[1]?.slice(0, 4)).toEqual([`c${N - 1}`, `Person ${N - 1}`, 'Contoso', 'A0001']);
    expect(csv[1]?.[5]).toMatch(/-04:00$/);
    expect(rows[1]?.[4]).toBe(Number(csv[1]?.[4]));
    expect(csv.slice(1).every((r) => r[2] === 'Contoso')).toBe(true);
    expect(rows.length).toBe(csv.length);
  }, 60_000);
});
