/**
 * Issue 21, values and exports: a number typed the way the locale writes it is saved as that number
 * (or refused with a sentence), and members exported to CSV and Excel read back with libraries show
 * a lookup by name, a date-time in the segment's zone, a multi-choice list and Yes/No.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { goLive } from './pages/segmentSetup';

const FIELDS = ['parentcustomerid', 'createdon', 'favoritepets', 'donotbulkemail'] as const;

// The few API shapes this spec reads (e2e specs do not import the app's code).
type Catalog = { entities: { name: string; fields: { name: string; label: string }[] }[] };
type ContactRows = {
  rows: { key: string; values: Record<string, unknown>; lookups?: Record<string, { key: string; name: string | null }> }[];
};
type Segment = { id: string; name: string; timeZone: string };

/** The wall clock of `ms` in `timeZone` as 'YYYY-MM-DDTHH:mm:ss' (sv-SE writes ISO-like dates). */
function wallClock(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(new Date(ms)).replace(' ', 'T');
}

async function download(page: Page, button: string): Promise<string> {
  const pending = page.waitForEvent('download');
  await page.getByRole('group', { name: 'Export members' }).getByRole('button', { name: button }).click();
  const file = await (await pending).path();
  await expect(page.getByText(/members exported/)).toBeVisible();
  return file;
}

const CASES = [
  { locale: 'en-US', refused: '1.000,5', typed: '1,000', saved: /<\s*1000(?![\d.])/ },
  { locale: 'de-DE', refused: '1,000.5', typed: '1.000,5', saved: /<\s*1000\.5(?!\d)/ },
];

for (const c of CASES) {
  test.describe(`numbers and exports in ${c.locale}`, () => {
    test.use({ locale: c.locale });

    test(`"${c.typed}" is saved as its number; members export to CSV and xlsx with readable values`, async ({ page, baseURL }) => {
      test.setTimeout(240_000);
      const api = await E2eApi.connect(baseURL ?? '');
      try {
        const catalog = await api.call<Catalog>('catalog.describe', {});
        const contact = catalog.entities.find((e) => e.name === 'contact');
        const label = (n: string): string => contact?.fields.find((f) => f.name === n)?.label ?? n;

        const name = `Values ${c.locale} ${Date.now() % 100000}`;
        const list = new SegmentsPage(page);
        const record = new SegmentRecordPage(page);
        await list.goto();
        await list.createSegment(name, 'Dynamic');
        await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
        await record.estimateValue();
        const row = await record.addRow(record.block(1));
        await record.chooseField(row, label('lifetimevalue'));
        await row.getByRole('combobox', { name: 'Operator' }).selectOption('lt');
        const value = row.getByRole('textbox', { name: 'Value' });
        // What the locale does not write as a number is refused in words, not cut short.
        await value.fill(c.refused);
        await expect(row.getByText(/is not a number/)).toBeVisible();
        await value.fill(c.typed);
        await expect(row.getByText(/is not a number/)).toHaveCount(0);
        await record.save();
        expect(await record.queryText()).toMatch(c.saved);
        await page.reload();
        expect(await record.queryText()).toMatch(c.saved);
        await goLive(page, record);

        // Members with the four value kinds as columns, by their labels.
        await record.tab('Members').click();
        const columns = page.getByRole('combobox', { name: 'Columns' });
        for (const f of FIELDS) {
          await columns.fill(label(f));
          await page.getByRole('option', { name: label(f), exact: true }).click();
        }
        // Leave the column picker: it folds its chips on blur, which moves the buttons below it.
        await page.keyboard.press('Escape');
        await columns.blur();
        const grid = page.getByRole('grid', { name: 'Members' });
        await expect(grid.getByRole('columnheader', { name: label('createdon') })).toBeVisible();
        await expect(grid.getByRole('row').nth(1)).toBeVisible();
        // No row ids, epoch milliseconds or JSON on screen.
        const shown = await grid.innerText();
        expect(shown).not.toMatch(/\b\d{12,}\b|\["/);
        await page.screenshot({ path: shot(`members-values-${c.locale}.png`) });

        const segment = await api.call<Segment>('segments.get', { id: decodeURIComponent(page.url().split('/').pop() ?? '') });
        const csvFile = await download(page, 'Export CSV');
        const xlsxFile = await download(page, 'Export Excel');

        const bytes = fs.readFileSync(csvFile);
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const csv = parse(bytes, { bom: true }) as string[][];
        const header = csv[0] ?? [];
        const at = (f: string): number => header.indexOf(label(f));
        for (const f of FIELDS) expect(at(f)).toBeGreaterThan(0);
        const full = csv.slice(1).find((r) => FIELDS.every((f) => (r[at(f)] ?? '') !== ''));
        if (!full) throw new Error('no member has all four values');
        const key = full[0] ?? '';

        // The truth from the API for that contact.
        const found = await api.call<ContactRows>('contacts.list', { search: key, limit: 5 });
        const truth = found.rows.find((r) => r.key === key);
        if (!truth) throw new Error(`contact ${key} not found`);
        const account = truth.lookups?.['parentcustomerid'];
        expect(full[at('parentcustomerid')]).toBe(account?.name ?? account?.key);
        expect(full[at('parentcustomerid') + 1]).toBe(account?.key);
        const created = Date.parse(String(truth.values['createdon']));
        // ISO 8601 with the offset of the segment's zone: its wall clock, and the same instant.
        expect(full[at('createdon')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/);
        expect(full[at('createdon')]?.slice(0, 19)).toBe(wallClock(created, segment.timeZone));
        expect(Date.parse(full[at('createdon')] ?? '')).toBe(created);
        expect(full[at('favoritepets')]).toBe((truth.values['favoritepets'] as string[]).join('; '));
        expect(full[at('donotbulkemail')]).toBe(truth.values['donotbulkemail'] ? 'Yes' : 'No');

        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(xlsxFile);
        const sheet = wb.worksheets[0];
        if (!sheet) throw new Error('no worksheet');
        const width = header.length;
        const cells = (n: number): unknown[] => Array.from({ length: width }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? null);
        expect(cells(1)).toEqual(header);
        expect(sheet.rowCount).toBe(csv.length);
        const xrow = cells(csv.indexOf(full) + 1);
        expect(xrow[0]).toBe(key);
        expect(xrow[at('parentcustomerid')]).toBe(full[at('parentcustomerid')]);
        expect(xrow[at('favoritepets')]).toBe(full[at('favoritepets')]);
        expect(xrow[at('donotbulkemail')]).toBe(full[at('donotbulkemail')] === 'Yes');
        // A real Excel date on the segment's wall clock: the CSV's local time without the offset.
        expect((xrow[at('createdon')] as Date).toISOString().slice(0, 19)).toBe(full[at('createdon')]?.slice(0, 19));

        // Contacts grid: the same readable values, in the user's zone.
        await page.goto('/#/contacts');
        const contacts = page.getByRole('grid', { name: 'Contacts' });
        await expect(contacts.getByRole('row').nth(1)).toBeVisible();
        expect(await contacts.innerText()).not.toMatch(/\b\d{12,}\b|\["/);
        await page.screenshot({ path: shot(`contacts-values-${c.locale}.png`) });
      } finally {
        api.close();
      }
    });
  });
}
