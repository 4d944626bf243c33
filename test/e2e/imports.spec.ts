import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const shot = (name: string) => path.join(__dirname, '..', '..', 'docs', 'screenshots', name);

test('contacts and interactions CSVs go through the import wizard, with a bad row in the report', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  const contacts = ['contactid,fullname,address1_city,numberofchildren', `W${stamp}-1,Wanda Import,Tromsø,2`, `W${stamp}-2,Walter Import,Tromsø,not-a-number`, `W${stamp}-3,Wilma Import,Bodø,0`].join('\n');
  const interactions = ['contactid,interactiontype,timestamp,url', `W${stamp}-1,WebsiteVisited,2026-03-01T10:00:00Z,https://example.com/a`, `W${stamp}-3,WebsiteVisited,2026-03-02T11:00:00Z,https://example.com/b`].join('\n');

  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  const wizard = page.getByRole('region', { name: 'Import wizard' });

  // Contacts: pick the file, check the preview and mapping, run, see the bad row in the report.
  await wizard.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contacts) });
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Wanda Import');
  await expect(wizard.getByRole('combobox', { name: 'Key column' })).toHaveText('contactid');
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
  await wizard.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'interactions.csv', mimeType: 'text/csv', buffer: Buffer.from(interactions) });
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
