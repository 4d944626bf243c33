/**
 * CSV injection: free text that a spreadsheet would run as a formula is written with a leading
 * apostrophe in CSV (headers too), typed values are untouched, and Excel files keep the text as plain
 * string cells. Real files, read back with csv-parse and exceljs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedValue } from '../../../../shared/values/format.js';
import { csvSafeText, openTableFile, type TableColumn } from './tableFile.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-table-file-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COLUMNS: TableColumn[] = [
  { header: 'Name', type: 'text' },
  { header: '=Danger', type: 'text' },
  { header: 'Credit', type: 'decimal' },
  { header: 'Pets', type: 'multichoice' },
  { header: 'Account', type: 'lookup' },
];
const text = (t: string): TypedValue => ({ kind: 'text', text: t });
const ROWS: TypedValue[][] = [
  [
    text('=HYPERLINK("http://evil.example","click")'),
    text('+1'),
    { kind: 'number', value: -5 },
    { kind: 'list', items: ['=A1', 'Cats'] },
    { kind: 'lookup', key: 'A1', name: '@SUM(A1)' },
  ],
  [text('-2+3'), text('\tTabbed'), { kind: 'number', value: 12.5 }, null, { kind: 'lookup', key: 'A2', name: 'Contoso' }],
  [text("Seán - O'Brien"), text('a=b'), { kind: 'number', value: 0 }, { kind: 'list', items: ['Birds'] }, null],
];

describe('csvSafeText', () => {
  it('prefixes exactly the formula starts', () => {
    for (const t of ['=1', '+1', '-1', '@x', '\tx', '\rx']) expect(csvSafeText(t)).toBe(`'${t}`);
    for (const t of ['', 'a=1', ' =1', "'=1", 'Seán', '1-2']) expect(csvSafeText(t)).toBe(t);
  });
});

describe('exports and formulas', () => {
  it('CSV: free text and headers cannot start a formula; numbers stay numbers', async () => {
    const file = path.join(dir, 'members.csv');
    const w = openTableFile(file, 'csv', COLUMNS, 'UTC', 'Members');
    await w.writeRows(ROWS);
    await w.finish();
    const rows = parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual(['Name', "'=Danger", 'Credit', 'Pets', 'Account']);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://evil.example","click")', "'+1", '-5', "'=A1; Cats", "'@SUM(A1)"]);
    expect(rows[2]).toEqual(["'-2+3", "'\tTabbed", '12.5', '', 'Contoso']);
    expect(rows[3]).toEqual(["Seán - O'Brien", 'a=b', '0', 'Birds', '']);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('Excel: the same text as plain string cells, never formulas', async () => {
    const file = path.join(dir, 'members.xlsx');
    const w = openTableFile(file, 'xlsx', COLUMNS, 'UTC', 'Members');
    await w.writeRows(ROWS);
    await w.finish();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const first = sheet.getRow(2);
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(1).value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(first.getCell(3).value).toBe(-5);
    for (let r = 1; r <= sheet.rowCount; r++) sheet.getRow(r).eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));
  });
});
