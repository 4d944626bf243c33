/**
 * A member export says what its segment is: the Excel file carries an "About" sheet with the segment's
 * name and its definition in plain words (the natural view, shared/segments/naturalView.ts), written
 * from a real SQLite database and read back with exceljs; the CSV file stays one table.
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

let dir: string;
let backend: Backend;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-export-about-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test' });
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: [
        { rid: 1, key: 'c1', values: { fullname: 'Ada', address1_city: 'Seattle', creditlimit: 2500, parentcustomerid: 1 } },
        { rid: 2, key: 'c2', values: { fullname: 'Bo', address1_city: 'Seattle', creditlimit: 10 } },
        { rid: 3, key: 'c3', values: { fullname: 'Cy', address1_city: 'Berlin', creditlimit: 5000 } },
      ],
      account: [{ rid: 1, key: 'A1', values: { name: 'Contoso' } }],
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

describe('member export: what the segment is', () => {
  it('writes the natural view on an About sheet of the Excel file, and leaves the CSV one table', async () => {
    const s = await call('segments.create', {
      name: 'Big spenders in Seattle',
      type: 'dynamic',
      timeZone: 'Europe/Berlin',
      definition: profileDefinition([
        { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
        { kind: 'rule', id: 'r2', field: 'creditlimit', operator: 'gt', values: [1000] },
        { kind: 'rule', id: 'r3', field: 'parentcustomerid', operator: 'eq', values: ['A1'] },
      ]),
    });
    await call('segments.goLive', { id: s.id });
    const xlsx = path.join(dir, 'members.xlsx');
    const csv = path.join(dir, 'members.csv');
    expect((await call('segments.exportMembers', { id: s.id, path: xlsx, format: 'xlsx' })).rows).toBe(1);
    expect((await call('segments.exportMembers', { id: s.id, path: csv })).rows).toBe(1);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Members', 'About']);
    const about = new Map<string, string>();
    wb.getWorksheet('About')?.eachRow((row, n) => {
      if (n > 1) about.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(about.get('Segment')).toBe('Big spenders in Seattle');
    // Labels as the stored catalog derives them from the field names (address1_city → City); the lookup by its name.
    expect(about.get('Definition')).toBe('Contacts whose City is “Seattle”, whose Creditlimit is over 1,000 and whose Company is Contoso.');
    expect(about.get('Time zone')).toBe('Europe/Berlin');
    expect(about.get('Members')).toBe('1');
    expect(Date.parse(about.get('Exported at') ?? '')).not.toBeNaN();

    const rows = parse(fs.readFileSync(csv), { bom: true }) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[0]).toBe('c1');
  });
});
