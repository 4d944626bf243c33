import fs from 'node:fs';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { E2eApi } from './pages/apiClient';

test('contacts and interactions CSVs go through the import wizard, with a bad row in the report', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  const contacts = [
    'contactid,fullname,address1_city,numberofchildren',
    `W${stamp}-1,Wanda Import,Tromsø,2`,
    `W${stamp}-2,Walter Import,Tromsø,not-a-number`,
    `W${stamp}-3,Wilma Import,Bodø,0`,
  ].join('\n');
  const interactions = [
    'contactid,interactiontype,timestamp,url',
    `W${stamp}-1,WebsiteVisited,2026-03-01T10:00:00Z,https://example.com/a`,
    `W${stamp}-3,WebsiteVisited,2026-03-02T11:00:00Z,https://example.com/b`,
  ].join('\n');

  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  const wizard = page.getByRole('region', { name: 'Import wizard' });

  // Contacts: pick the file, check the preview and mapping, run, see the bad row in the report.
  await wizard
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contacts) });
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Wanda Import');
  await expect(wizard.getByRole('combobox', { name: 'Key column' })).toHaveText('contactid');
  // Into which kind of record, by its display name.
  await expect(wizard.getByRole('combobox', { name: 'Import into' })).toHaveValue('Contact');
  await page.screenshot({ path: shot('import-mapping.png'), fullPage: true });
  await wizard.getByRole('button', { name: 'Start import' }).click();
  const summary = wizard.getByRole('status', { name: 'Import summary' });
  await expect(summary).toContainText('2 new, 0 updated, 1 skipped of 3 rows', { timeout: 30_000 });
  const report = wizard.getByRole('table', { name: 'Error report' });
  await expect(report).toContainText('numberofchildren');
  await expect(report).toContainText('not-a-number');
  const download = page.waitForEvent('download');
  await wizard.getByRole('button', { name: 'Download error report' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('not-a-number');
  await page.screenshot({ path: shot('import-summary.png'), fullPage: true });

  // Interactions of those contacts.
  await wizard.getByRole('button', { name: 'Import another file' }).click();
  await wizard
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name: 'interactions.csv', mimeType: 'text/csv', buffer: Buffer.from(interactions) });
  await expect(wizard.getByRole('button', { name: 'Interactions' })).toHaveAttribute('aria-pressed', 'true');
  await wizard.getByRole('button', { name: 'Start import' }).click();
  await expect(summary).toContainText('2 new, 0 updated, 0 skipped of 2 rows', { timeout: 30_000 });

  // The new contacts can be found, with their interactions.
  await page.goto('/#/contacts');
  await page.getByRole('textbox', { name: 'Search contacts' }).fill(`W${stamp}`);
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(grid.getByRole('row')).toHaveCount(3);
  await page.screenshot({ path: shot('contacts-list.png') });
  await grid.getByRole('row', { name: /Wanda Import/ }).click();
  await expect(page.getByRole('heading', { name: 'Wanda Import', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Interaction timeline' })).toContainText('https://example.com/a');

  // The catalog lists the entities and interaction types.
  await page.goto('/#/data');
  await page.getByRole('tab', { name: 'Catalog' }).click();
  await expect(page.getByRole('region', { name: 'Catalog' })).toContainText('Website Visited');
  await page.screenshot({ path: shot('catalog.png'), fullPage: true });
});

test('cancelling a large CSV import mid-way keeps only whole committed batches', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const stamp = Date.now() % 100000;
  const tag = `Cancel${stamp}`;
  const ROWS = 600_000;
  const lines = ['contactid,fullname,address1_city,numberofchildren'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`X${stamp}-${i},${tag} Person${i},Cancelville,${i % 7}`);

  await page.goto('/#/data');
  const wizard = page.getByRole('region', { name: 'Import wizard' });
  await wizard
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name: 'big-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(wizard.getByRole('combobox', { name: 'Key column' })).toHaveText('contactid', { timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Start import' }).click();

  // Cancel once a whole batch or more has been read (100,000+ rows), long before the end of the file.
  await expect(wizard.getByText(/Importing… ([1-9]\d{2},\d{3}|[1-9],\d{3},\d{3}) rows read\./)).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: shot('import-running.png'), fullPage: true });
  await wizard.getByRole('button', { name: 'Cancel import' }).click();

  const summary = wizard.getByRole('status', { name: 'Import summary' });
  await expect(summary).toContainText('Import cancelled', { timeout: 30_000 });
  const text = await summary.innerText();
  const committed =
    /Import cancelled: ([\d,]+) rows were committed in whole batches \(([\d,]+) new, 0 updated, 0 skipped into Contact\); the rest of the file was not imported\./.exec(
      text,
    );
  expect(committed, text).not.toBeNull();
  const rows = Number((committed?.[1] ?? '').replace(/,/g, ''));
  const imported = Number((committed?.[2] ?? '').replace(/,/g, ''));
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThan(ROWS);
  expect(imported).toBe(rows);
  await page.screenshot({ path: shot('import-cancelled.png'), fullPage: true });

  // What was committed is whole: exactly those rows, each with every field, and none of the rest.
  const api = await E2eApi.connect(baseURL ?? '');
  try {
    const found = await api.call<{ total: number; rows: { key: string; values: Record<string, unknown> }[] }>('contacts.list', {
      search: tag,
      limit: 1000,
    });
    expect(found.total).toBe(rows);
    for (const r of found.rows) {
      const i = Number(r.key.split('-')[1]);
      expect(r.values).toMatchObject({ fullname: `${tag} Person${i}`, address1_city: 'Cancelville', numberofchildren: i % 7 });
    }
  } finally {
    api.close();
  }
});

test('a file refused by the whole-file check brings the wizard back to the mapping, with the reason', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  // 8,000 rows: the preview samples the first 1,000 and the encoding is detected from the first 256 KiB, so
  // only the import's whole-file check meets the bad byte (read as UTF-8).
  const head = ['contactid,fullname,address1_city'];
  for (let i = 0; i < 8000; i += 1) head.push(`R${stamp}-${i},Refused Person${i},Oslo`);
  const bytes = Buffer.concat([Buffer.from(`${head.join('\n')}\nR${stamp}-x,Bad`), Buffer.from([0xc3, 0x28]), Buffer.from('name,Oslo\n')]);

  await page.goto('/#/data');
  const wizard = page.getByRole('region', { name: 'Import wizard' });
  await wizard.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'refused.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Refused Person0');
  await wizard.getByRole('button', { name: 'Start import' }).click();
  // Back at the mapping (the person can change the reading options and start again), the reason in words.
  const alert = wizard.getByRole('alert');
  await expect(alert).toContainText('The import cannot start', { timeout: 30_000 });
  await expect(alert).toContainText('row 8002, column "fullname"');
  // Named as the marketer picked it, not by where the app keeps the upload.
  await expect(alert).toContainText('refused.csv: row 8002');
  await expect(alert).not.toContainText('segment-studio-files');
  await expect(wizard.getByRole('button', { name: 'Start import' })).toBeEnabled();
  await expect(alert).toBeInViewport();
  await expect(page.getByRole('table', { name: 'Recent imports' })).toContainText('refused');
  await page.screenshot({ path: shot('import-refused.png') });
  // Nothing was imported, and the history says the import was refused.
  const api = await E2eApi.connect(baseURL ?? '');
  try {
    expect((await api.call<{ total: number }>('contacts.list', { search: `R${stamp}-`, limit: 10 })).total).toBe(0);
    const [last] = await api.call<{ status: string; message: string; file: string }[]>('imports.list', { limit: 1 });
    expect(last).toMatchObject({ status: 'refused', message: expect.stringContaining('row 8002') });
  } finally {
    api.close();
  }
});
