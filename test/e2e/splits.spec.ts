/**
 * Splits and holdouts in the UI: split a live segment 50/50 with a seed, the groups' sizes add up to
 * the parent; export the members with the Group column; export group A as a segment file and import it
 * into a fresh database with the same contacts (a second web host on the same demo data) — group A has
 * the same size there, and the same contacts as the Group column says. Axe checks the dialog and the tab.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AxeAudit } from './axe';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { exportSegmentFile, importSegmentFile, startSecondHost } from './pages/segmentFiles';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { countIn, createLiveCitySegment, goLive } from './pages/segmentSetup';

test('split a live segment 50/50 with a seed; groups add up; the same groups in a fresh database', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const axe = new AxeAudit(page);
  const stamp = Date.now() % 100000;
  const parent = `Bostonians ${stamp}`;
  const record = await createLiveCitySegment(page, parent, 'Boston');
  const parentSize = countIn(await record.members.innerText());
  expect(parentSize).toBeGreaterThan(10);

  await record.tab('Splits').click();
  await expect(page.getByText('This segment has no splits yet.')).toBeVisible();
  await page.getByRole('button', { name: 'New split…' }).click();
  const dialog = page.getByRole('dialog', { name: `Split “${parent}”` });
  // A bad entry is refused on its field before anything is sent.
  await dialog.getByLabel('Group 1 %').fill('60');
  await dialog.getByRole('button', { name: 'Create split' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Percentages: must add up to 100, they add up to 110');
  await dialog.getByLabel('Group 1 %').fill('50');
  await dialog.getByLabel('Seed').fill('e2e-42');
  await expect(dialog.getByText('Adds up to 100 %')).toBeVisible();
  await axe.check('split dialog');
  await page.screenshot({ path: shot('split-dialog.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Create split' }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });

  const card = page.getByRole('region', { name: /^Split 50 % \/ 50 % · seed e2e-42/ });
  await expect(card.getByTestId('parent-size')).toHaveText(`of ${parentSize.toLocaleString('en-US')}`);
  const a = countIn(await card.getByTestId('group-size-0').innerText());
  const b = countIn(await card.getByTestId('group-size-1').innerText());
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(0);
  expect(a + b).toBe(parentSize);
  await expect(card.getByTestId('groups-total')).toHaveText(parentSize.toLocaleString('en-US'));
  await expect(card.getByRole('table', { name: /^Composition by / })).toBeVisible();
  await axe.check('splits tab');
  await page.screenshot({ path: shot('splits-tab.png'), fullPage: true });

  // Members with the Group column.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'splits-e2e-'));
  const csvDownload = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export with groups' }).click();
  const csvFile = path.join(dir, 'members.csv');
  await (await csvDownload).saveAs(csvFile);
  const rows = parse(fs.readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(parentSize);
  expect(rows.filter((r) => r['Group'] === 'Group A')).toHaveLength(a);
  expect(rows.filter((r) => r['Group'] === 'Group B')).toHaveLength(b);

  // Group A's own segment: live, following the parent; its file carries the parent too.
  await card.getByRole('button', { name: `${parent} — Group A (50 %)` }).click();
  const groupRecord = new SegmentRecordPage(page);
  await expect(page.getByRole('heading', { name: `${parent} — Group A (50 %)`, level: 1 })).toBeVisible();
  await expect(groupRecord.status).toHaveText('Live');
  expect(countIn(await groupRecord.members.innerText())).toBe(a);
  await groupRecord.tab('Definition').click();
  await expect(page.getByText('Only Group A: group 1 of a 50 % / 50 % split, seed e2e-42')).toBeVisible();
  await page.screenshot({ path: shot('split-group-definition.png'), fullPage: true });
  const download = await exportSegmentFile(page, groupRecord);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);

  const host = await startSecondHost();
  const other = await browser.newPage();
  try {
    await other.goto(`${host.url}/#/segments`);
    await expect(other.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
    const imp = await importSegmentFile(other, file);
    await imp.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(imp.getByRole('status', { name: 'Imported segments' }).getByRole('button')).toHaveCount(2);
    await imp.getByRole('button', { name: 'Close' }).click();
    const otherRecord = new SegmentRecordPage(other);
    for (const name of [parent, `${parent} — Group A (50 %)`]) {
      await other.goto(`${host.url}/#/segments`);
      await other.getByRole('rowheader', { name, exact: true }).click();
      await goLive(other, otherRecord);
    }
    expect(countIn(await otherRecord.members.innerText())).toBe(a);
    // The same contacts: the fresh database's group A members are the CSV's Group A keys.
    await otherRecord.tab('Members').click();
    const keyHeader = Object.keys(rows[0]!)[0]!;
    const total = other.getByTestId('members-total');
    await expect(total).toHaveText(`${a.toLocaleString('en-US')} members`);
    const search = other.getByRole('textbox', { name: 'Search members' });
    for (const r of rows.filter((x) => x['Group'] === 'Group A').slice(0, 2)) {
      await search.fill(r[keyHeader]!);
      await expect(total).toContainText('1 matching member');
    }
    for (const r of rows.filter((x) => x['Group'] === 'Group B').slice(0, 2)) {
      await search.fill(r[keyHeader]!);
      await expect(total).toContainText('0 matching members');
    }
    await search.fill('');
    await other.screenshot({ path: shot('split-imported-group.png'), fullPage: true });
  } finally {
    await host.close();
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  axe.assertClean();
});
