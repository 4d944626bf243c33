/**
 * Issue 16, "Done when" 1: the same contacts written in each shape marketers bring — `;` with decimal
 * commas and DD/MM/YYYY (Excel, European locale), tab-separated UTF-16 LE with BOM (Excel "Unicode
 * text"), Windows-1252 with accented names, an .xlsx with typed dates and numbers (written with exceljs),
 * a file with embedded newlines — each previewed and imported into a fresh SQLite database through the
 * real import service, with the reading and locale the preview proposes (as the wizard sends them).
 * Every shape must store exactly the contacts (keys, values, field types) of the plain UTF-8 comma file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/index.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import type { ImportOptions } from '../../shared/api/contract/imports.js';
import type { ImportPreview } from '../../shared/models/import.js';

interface Person {
  key: string;
  first: string;
  last: string;
  email: string;
  city: string;
  /** Birth date (UTC midnight). */
  born: Date;
  /** Lifetime value; null = empty cell. */
  value: number | null;
  /** Street: some hold a newline, a comma and a semicolon (quoted in every CSV). */
  street: string;
}

const FIRST = ['Zoë', 'Jürgen', 'Amélie', 'Søren', 'François', 'Ana', 'Bob', 'Łukasz'.replace('Ł', 'L'), 'Inès', 'Håkon'];
const LAST = ['Müller', 'García', 'Øster', 'Dupré', 'Smith', 'Nuñez', 'Brontë', 'Ångström', 'Ó Briain', 'Lee'];
const CITY = ['Oslo', 'Köln', 'Málaga', 'Zürich', 'Besançon', 'Reykjavík', 'Århus', 'Lyon'];

const people: Person[] = Array.from({ length: 60 }, (_, i) => ({
  key: `C${String(i + 1).padStart(4, '0')}`,
  first: FIRST[i % FIRST.length] as string,
  last: LAST[(i * 7) % LAST.length] as string,
  email: `person${i}@example.com`,
  city: CITY[(i * 3) % CITY.length] as string,
  // Days up to 28 across all months: the sample shows days above 12, so DD/MM is not ambiguous.
  born: new Date(Date.UTC(1950 + (i % 50), i % 12, 1 + ((i * 5) % 28))),
  value: i % 9 === 4 ? null : Math.round((i * 1234.567 + 0.5) * 100) / 100,
  street: i % 4 === 0 ? `${i} Rue de l'Église\nBât. B; 2e étage, porte ${i}` : `${i} Main Street`,
}));

const HEADER = ['contactid', 'firstname', 'lastname', 'emailaddress1', 'address1_city', 'birthdate', 'lifetimevalue', 'address1_line1'];
const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const dmy = (d: Date, sep: string): string => `${pad(d.getUTCDate())}${sep}${pad(d.getUTCMonth() + 1)}${sep}${d.getUTCFullYear()}`;

/** Quotes a cell when it holds the delimiter, a quote or a line break. */
const quote = (s: string, sep: string): string => (s.includes(sep) || /["\r\n;,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** European number: `1.234,56` for big values, `12,5` for small ones (as Excel writes them). */
function euro(n: number): string {
  const [int, frac] = n.toFixed(2).split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped},${frac}`;
}

function csv(sep: string, eol: string, cells: (p: Person) => string[]): string {
  return (
    [
      HEADER.join(sep),
      ...people.map((p) =>
        cells(p)
          .map((c) => quote(c, sep))
          .join(sep),
      ),
    ].join(eol) + eol
  );
}

const plainCells = (p: Person): string[] => [
  p.key,
  p.first,
  p.last,
  p.email,
  p.city,
  iso(p.born),
  p.value === null ? '' : String(p.value),
  p.street,
];

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-import-formats-'));
  const write = (name: string, bytes: Buffer): void => {
    files[name] = path.join(dir, name);
    fs.writeFileSync(files[name] as string, bytes);
  };
  write('plain.csv', Buffer.from(csv(',', '\n', plainCells), 'utf8'));
  // Excel "CSV UTF-8" in a European locale: BOM, `;`, decimal commas with thousands dots, DD/MM/YYYY, CRLF.
  write(
    'semicolon.csv',
    Buffer.from(
      '\uFEFF' +
        csv(';', '\r\n', (p) => [
          p.key,
          p.first,
          p.last,
          p.email,
          p.city,
          dmy(p.born, '/'),
          p.value === null ? '' : euro(p.value),
          p.street,
        ]),
      'utf8',
    ),
  );
  // Excel "Unicode text": UTF-16 LE with BOM, tab-separated.
  write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv('\t', '\r\n', plainCells), 'utf-16le')]));
  // Excel "CSV" on Windows in a Western European locale: Windows-1252, `;`, decimal commas, DD.MM.YYYY.
  write(
    'latin.csv',
    iconv.encode(
      csv(';', '\r\n', (p) => [
        p.key,
        p.first,
        p.last,
        p.email,
        p.city,
        dmy(p.born, '.'),
        p.value === null ? '' : p.value.toFixed(2).replace('.', ','),
        p.street,
      ]),
      'win1252',
    ),
  );
  // CRLF line ends and every cell quoted (as some CRMs write), a quarter of the streets with a line break,
  // a comma and a semicolon inside their quotes.
  const all = [HEADER, ...people.map(plainCells)].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','));
  write('newlines.csv', Buffer.from(all.join('\r\n') + '\r\n', 'utf8'));
  // A workbook with typed cells: dates as dates (dd/mm/yyyy display), numbers as numbers.
  files['book.xlsx'] = path.join(dir, 'book.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: files['book.xlsx'], useSharedStrings: true, useStyles: true });
  wb.addWorksheet('Notes').addRow(['this sheet is not the contacts']).commit();
  const ws = wb.addWorksheet('Contacts');
  ws.getColumn(6).numFmt = 'dd/mm/yyyy';
  ws.getColumn(7).numFmt = '#,##0.00';
  ws.addRow(HEADER).commit();
  for (const p of people) ws.addRow([p.key, p.first, p.last, p.email, p.city, p.born, p.value, p.street]).commit();
  await wb.commit();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Imported {
  preview: ImportPreview;
  types: Record<string, string>;
  rows: Record<string, unknown>[];
}

/** Previews `file` (as a US computer would), starts the import with what the preview proposes, reads back every contact. */
async function importFile(file: string, extra: Partial<ImportOptions> = {}): Promise<Imported> {
  const dbDir = fs.mkdtempSync(path.join(dir, 'db-'));
  const backend = await createBackend({ dbPath: path.join(dbDir, 'data.db'), host: 'test' });
  try {
    const preview = await backend.services.imports.preview({
      path: file,
      locale: 'en-US',
      ...('sheet' in extra ? { sheet: extra.sheet } : {}),
    });
    const r = preview.reading;
    const l = preview.locale;
    const opts: ImportOptions = {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      path: file,
      ...(r?.format === 'csv' && r.delimiter && r.encoding ? { delimiter: r.delimiter, encoding: r.encoding } : {}),
      ...(r?.format === 'csv' && l ? { decimalSeparator: l.decimalSeparator } : {}),
      ...(l?.dateFormat ? { dateFormat: l.dateFormat } : {}),
      ...extra,
    } as ImportOptions;
    const started = await backend.services.imports.start(opts);
    const summary = await backend.services.imports.wait(started.id);
    expect(summary).toMatchObject({ status: 'completed', message: null, imported: people.length, skipped: 0 });
    const def = new CatalogRepo(backend.db).entity('contact');
    if (!def) throw new Error('no contact entity');
    const types = Object.fromEntries(def.fields.map((f) => [f.name, f.type]));
    const rows = (backend.db.prepare(`SELECT * FROM "${def.table}" ORDER BY key`).all() as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(def.fields.map((f) => [f.name, f.name === def.keyField ? row.key : row[f.column]])),
    );
    return { preview, types, rows };
  } finally {
    await backend.close();
  }
}

describe('the same contacts from every shape Excel and CRMs write', () => {
  let plain: Imported;
  beforeAll(async () => {
    plain = await importFile(files['plain.csv'] as string);
  }, 60_000);

  it('the plain UTF-8 comma file stores typed values', () => {
    expect(plain.types).toMatchObject({ birthdate: 'date', lifetimevalue: 'decimal', firstname: 'text', address1_line1: 'text' });
    expect(plain.rows).toHaveLength(people.length);
    const first = plain.rows[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      contactid: 'C0001',
      firstname: 'Zoë',
      birthdate: '1950-01-01',
      address1_line1: "0 Rue de l'Église\nBât. B; 2e étage, porte 0",
    });
    expect(plain.preview.reading).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
  });

  it.each([
    ['semicolon.csv', { encoding: 'utf-8', delimiter: ';', encodingReason: 'bom' }, { decimalSeparator: ',', dateFormat: 'DD/MM/YYYY' }],
    ['unicode.txt', { encoding: 'utf-16le', delimiter: '\t', encodingReason: 'bom' }, { decimalSeparator: '.', dateFormat: null }],
    [
      'latin.csv',
      { encoding: 'windows-1252', delimiter: ';', encodingReason: 'not-utf8' },
      { decimalSeparator: ',', dateFormat: 'DD.MM.YYYY' },
    ],
    ['newlines.csv', { encoding: 'utf-8', delimiter: ',' }, { decimalSeparator: '.' }],
  ])('%s: detected reading and locale, same contacts as the plain file', async (name, reading, locale) => {
    const got = await importFile(files[name] as string);
    expect(got.preview.reading).toMatchObject({ format: 'csv', ...reading, delimiterConfidence: 1 });
    expect(got.preview.locale).toMatchObject(locale);
    expect(got.preview.warnings).toEqual([]);
    expect(got.types).toEqual(plain.types);
    expect(got.rows).toEqual(plain.rows);
  });

  it('book.xlsx: the chosen sheet, typed dates and numbers, same contacts as the plain file', async () => {
    const got = await importFile(files['book.xlsx'] as string, { sheet: 'Contacts' });
    expect(got.preview.reading).toMatchObject({ format: 'xlsx', sheet: 'Contacts', sheets: ['Notes', 'Contacts'] });
    expect(got.preview.sampleRows[0]?.[5]).toBe('1950-01-01');
    expect(got.types).toEqual(plain.types);
    expect(got.rows).toEqual(plain.rows);
  });
});

describe('guards the preview shows before anything is written', () => {
  async function preview(name: string, content: string, locale = 'en-GB'): Promise<ImportPreview> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const backend = await createBackend({ dbPath: path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'data.db'), host: 'test' });
    try {
      return await backend.services.imports.preview({ path: file, locale });
    } finally {
      await backend.close();
    }
  }

  it('dates with no day above 12 are flagged, not guessed: both formats offered, the computer ranks them', async () => {
    const content = 'contactid,birthdate\nC1,03/04/2025\nC2,05/06/2024\nC3,12/12/2020\n';
    const gb = await preview('ambiguous.csv', content, 'en-GB');
    expect(gb.locale).toMatchObject({ dateFormat: 'DD/MM/YYYY', dateFrom: 'default', dateAlternatives: ['DD/MM/YYYY', 'MM/DD/YYYY'] });
    expect(gb.locale?.ambiguousDates).toEqual(['03/04/2025', '05/06/2024']);
    expect(gb.warnings?.map((w) => w.code)).toEqual(['ambiguous_dates']);
    const us = await preview('ambiguous.csv', content, 'en-US');
    expect(us.locale?.dateFormat).toBe('MM/DD/YYYY');
  });

  it('numbers that read as thousands or decimals are flagged', async () => {
    const p = await preview('thousands.csv', 'contactid,score\nC1,"1,234"\nC2,"5,678"\n', 'en-US');
    expect(p.warnings?.map((w) => w.code)).toEqual(['ambiguous_numbers']);
    expect(p.locale).toMatchObject({ decimalSeparator: '.', decimalFrom: 'default', ambiguousNumbers: ['1,234', '5,678'] });
  });

  it('duplicate values per column: how many and which rows', async () => {
    const p = await preview('dupes.csv', 'contactid,name\nC1,Ann\nC2,Bo\nC1,Ann B\nC3,Cy\nC1,Ann C\nC2,Bob\n');
    expect(p.columns[0]?.duplicates).toEqual({
      count: 3,
      examples: [
        { value: 'C1', rows: [2, 4, 6] },
        { value: 'C2', rows: [3, 7] },
      ],
    });
    expect(p.columns[1]?.duplicates?.count).toBe(0);
  });

  it('more than 5% of sampled rows with the wrong column count is a warning naming the rows', async () => {
    const rows = Array.from({ length: 18 }, (_, i) => `C${i},N${i}`);
    rows.splice(3, 0, 'X1,a,b');
    rows.splice(9, 0, 'X2');
    const p = await preview('failing.csv', `contactid,name\n${rows.join('\n')}\n`);
    const w = p.warnings?.find((x) => x.code === 'failing_rows');
    expect(w?.message).toMatch(/^2 of 20 sampled rows \(10%\).*rows 5, 11\)/);
  });
});

describe('workbooks: cancel and the one-cell header', () => {
  it('a cancelled .xlsx import stops after whole batches and leaves the reader closed', async () => {
    const file = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('Contacts');
    ws.addRow(['contactid', 'fullname']).commit();
    for (let i = 0; i < 20_000; i++) ws.addRow([`K${i}`, `Person ${i}`]).commit();
    await wb.commit();
    const backend = await createBackend({ dbPath: path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'data.db'), host: 'test' });
    try {
      const svc = backend.services.imports;
      let cancelled: Promise<unknown> | null = null;
      const off = backend.events.onAny((event, payload) => {
        if (event === 'import.progressed') cancelled ??= svc.cancel((payload as { id: string }).id);
      });
      const { id } = await svc.start({ kind: 'entity', entity: 'contact', key: 'contactid', path: file, batchSize: 500 });
      const s = await svc.wait(id);
      off();
      await cancelled;
      expect(s.status).toBe('cancelled');
      expect(s.rowsDone % 500).toBe(0);
      expect(s.rowsDone).toBeLessThan(20_000);
      expect(backend.db.prepare('SELECT count(*) FROM ent_contact').pluck().get()).toBe(s.imported);
      // The next import of the same workbook runs to the end.
      const again = await svc.wait((await svc.start({ kind: 'entity', entity: 'contact', key: 'contactid', path: file })).id);
      expect(again).toMatchObject({ status: 'completed', rowsDone: 20_000, skipped: 0 });
    } finally {
      await backend.close();
    }
  }, 60_000);

  it('a broken workbook is refused with a clear message', async () => {
    const file = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    const backend = await createBackend({ dbPath: path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'data.db'), host: 'test' });
    try {
      const r = await backend.dispatch('imports.preview', { path: file });
      expect(r.ok ? '' : r.error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/broken\.xlsx: this workbook could not be read/),
      });
    } finally {
      await backend.close();
    }
  });

  it('a sheet whose header is one cell holding `;` is a guard in the preview and refused by the import', async () => {
    const file = path.join(dir, 'pasted.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['contactid;firstname']).commit();
    ws.addRow(['C1;Ann']).commit();
    await wb.commit();
    const backend = await createBackend({ dbPath: path.join(fs.mkdtempSync(path.join(dir, 'db-')), 'data.db'), host: 'test' });
    try {
      const p = await backend.services.imports.preview({ path: file });
      expect(p.warnings?.map((w) => w.code)).toEqual(['single_column']);
      const r = await backend.dispatch('imports.start', { kind: 'entity', entity: 'contact', key: 'contactid;firstname', path: file });
      if (!r.ok) throw new Error(r.error.message);
      const s = await backend.services.imports.wait((r.value as { id: string }).id);
      expect(s.status).toBe('refused');
      expect(s.message).toMatch(/one cell holding semicolon/);
      expect(new CatalogRepo(backend.db).entity('contact')?.fields.map((f) => f.name)).not.toContain('contactid;firstname');
    } finally {
      await backend.close();
    }
  });
});
