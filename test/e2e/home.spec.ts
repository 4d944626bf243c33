// Issue 21: a first start that orients (the home view on the demo data) and the rough edges of the
// record page that need a real browser (layout: the query-error caret in view).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { startHost } from './webHost';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

test('the app opens on Home: demo data, its counts, nothing needing attention, recent segments that open', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  const data = page.getByRole('region', { name: 'Your data' });
  await expect(data.getByText('Demo data', { exact: true })).toBeVisible();
  const records = data.getByRole('list', { name: 'Records' });
  await expect(records).toContainText('Contacts');
  await expect(records).toContainText('Accounts');
  await expect(data).toContainText('made-up contacts generated on');
  const byType = data.getByRole('table', { name: 'Interactions by type' });
  await expect(byType.getByRole('row')).toHaveCount(7);
  await expect(page.getByRole('region', { name: 'Needs attention' })).toContainText(/live segments are up to date/);
  await page.screenshot({ path: shot('home.png'), fullPage: true });
  const recent = page.getByRole('region', { name: 'Recent segments' });
  await recent.getByRole('button', { name: 'US expo audience' }).click();
  await expect(page.getByRole('heading', { name: 'US expo audience', level: 1 })).toBeVisible();
  const record = new SegmentRecordPage(page);
  await record.tab('Definition').click();
  // The demo compound has its steps, each with a count.
  await expect(page.getByRole('combobox', { name: 'Live segment' })).toHaveCount(3);
});

test('a query error far along a long line keeps its caret in view', async ({ page }) => {
  // A narrow window: the excerpt (80 characters) is wider than the error box, so it must scroll to the caret.
  await page.setViewportSize({ width: 820, height: 760 });
  const list = new SegmentsPage(page);
  await list.goto();
  await list.createSegment(`Long line ${Date.now()}`, 'Dynamic');
  const record = new SegmentRecordPage(page);
  await record.tab('Definition').click();
  await page.getByRole('button', { name: 'Query text' }).click();
  const box = page.getByRole('textbox', { name: 'Query text' });
  const padding = Array.from({ length: 12 }, (_, i) => `contact.address1_city == 'City number ${i}'`).join(' OR ');
  await box.fill(`PROFILE(contact).FILTER(${padding} OR contact.nosuchfield == 1)`);
  const excerpt = page.getByTestId('parse-error-excerpt').first();
  await expect(excerpt).toBeVisible();
  // While the text has an error the estimate is not shown as current.
  await expect(page.getByTestId('estimate-total')).toHaveText('—');
  const caret = excerpt.locator('span').last();
  await expect(caret).toHaveText('^');
  const [outer, mark] = await Promise.all([excerpt.boundingBox(), caret.boundingBox()]);
  if (!outer || !mark) throw new Error('The excerpt or its caret has no box.');
  expect(mark.x).toBeGreaterThanOrEqual(outer.x);
  expect(mark.x + mark.width).toBeLessThanOrEqual(outer.x + outer.width);
});

test('an empty database opens on Home with what to do first', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-home-empty-'));
  const dbPath = path.join(dir, 'empty.db');
  // An existing (empty) file gets no demo data: the host only seeds files it creates.
  fs.writeFileSync(dbPath, '');
  const host = await startHost(dbPath);
  try {
    await page.goto(host.url);
    const start = page.getByRole('region', { name: 'Get started' });
    await expect(start).toContainText('This database holds no contacts yet.');
    await expect(page.getByRole('region', { name: 'Your data' })).toContainText('No contacts yet.');
    await expect(page.getByRole('region', { name: 'Recent segments' })).toContainText('No segments yet.');
    await page.screenshot({ path: shot('home-empty.png'), fullPage: true });
    await start.getByRole('button', { name: 'Import your data' }).click();
    await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  } finally {
    await page.close();
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
