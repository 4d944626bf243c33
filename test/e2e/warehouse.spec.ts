/**
 * The warehouse walk (issue 18): a real PostgreSQL 15 (test/support/postgres.ts; the spec fails loudly
 * when it is absent) loaded with this run's demo data by `segment-studio warehouse push`; the app
 * connected through the Warehouse page; a segment built in the designer, set to run on the warehouse,
 * its estimate counted there, taken live there and its Members paged; then the warehouse goes away and
 * the app says so while the members stay. Every state is checked with axe (WCAG 2.2 A/AA).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requirePostgres, type TestPostgres } from '../support/postgres';
import { AxeAudit } from './axe';
import { expect, test } from './fixtures';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { shot } from './pages/screenshots';
import { countIn, goLive } from './pages/segmentSetup';

const CLI = path.join(__dirname, '..', '..', 'bin', 'segment-studio.js');
let server: TestPostgres;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await requirePostgres();
  const template = process.env.SS_E2E_TEMPLATE_DB;
  if (!template) throw new Error('No e2e template database (test/e2e/globalSetup.ts makes it).');
  // The spec's own database is a copy of the same template: push a copy, so the template stays untouched.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-wh-'));
  const copy = path.join(dir, 'push.db');
  fs.copyFileSync(template, copy);
  execFileSync(process.execPath, [CLI, 'warehouse', 'push', '--db', copy, '--to', server.url], { stdio: 'pipe', timeout: 170_000 });
});
test.afterAll(() => {
  server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('connect the app to the warehouse, estimate and go live there, page the members, survive an outage', async ({ page }) => {
  test.setTimeout(300_000);
  const axe = new AxeAudit(page);
  await page.goto('/#/warehouse');
  await expect(page.getByRole('heading', { name: 'Warehouse', level: 1 })).toBeVisible();
  await expect(page.getByTestId('warehouse-status')).toContainText('Not connected');

  // A bad port is refused at the boundary, next to the field.
  await page.getByLabel('Server').fill('127.0.0.1');
  await page.getByLabel('Port').fill('99999');
  await page.getByLabel('Database').fill('postgres');
  await page.getByLabel('User').fill('postgres');
  await page.getByRole('combobox', { name: 'Encryption' }).click();
  await page.getByRole('option', { name: /^Off/ }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('The port is 1–65535')).toBeVisible();
  await axe.check('warehouse: invalid settings');

  await page.getByLabel('Port').fill(String(server.port));
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('warehouse-status')).toContainText('Connected to postgres on 127.0.0.1 (PostgreSQL 15');
  await page.screenshot({ path: shot('warehouse-connected.png') });
  await axe.check('warehouse: connected');

  // Build a segment in the designer: City is Seattle.
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const name = `Seattle on the warehouse ${Date.now() % 100000}`;
  await list.goto();
  await list.createSegment(name, 'Dynamic');
  await record.estimateValue();
  const row = await record.addRow(record.block(1));
  await record.chooseField(row, 'City');
  // Typed and confirmed with Enter where the focus is (the box's name changes once suggestions open).
  await row.getByRole('textbox', { name: 'Values' }).fill('Seattle');
  await page.keyboard.press('Enter');
  await expect(row.getByText('enter at least one value')).toHaveCount(0);
  await record.save();
  const local = await record.estimateValue();
  expect(local).toBeGreaterThan(0);

  // Run on: warehouse — the estimate is counted there, and says so.
  const runOn = page.getByTestId('run-on');
  await runOn.getByRole('button', { name: 'Warehouse' }).click();
  await expect(runOn.getByRole('button', { name: 'Warehouse' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('estimate-source')).toHaveText('· counted on the warehouse');
  expect(await record.estimateValue()).toBe(local);
  await page.screenshot({ path: shot('warehouse-estimate.png') });
  await axe.check('segment: runs on the warehouse');

  await goLive(page, record);
  expect(countIn(await record.members.innerText())).toBe(local);
  await expect(page.getByTestId('run-on-last')).toContainText(`${local.toLocaleString('en-US')} members`);

  // Members: paged from the copy kept on this computer.
  await record.tab('Members').click();
  const grid = page.getByRole('grid', { name: 'Members' });
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('members-total')).toHaveText(`${local.toLocaleString('en-US')} members`);
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: shot('warehouse-members.png') });
  await axe.check('segment: warehouse members');

  // The warehouse goes away: the app says so; the members stay.
  server.stop();
  await page.getByRole('button', { name: 'Refresh from the warehouse' }).click();
  await expect(page.getByTestId('run-on-error')).toContainText('The warehouse is unreachable');
  await expect(page.getByTestId('members-total')).toHaveText(`${local.toLocaleString('en-US')} members`);
  await page.screenshot({ path: shot('warehouse-unreachable-segment.png') });
  await axe.check('segment: warehouse unreachable');
  await page.goto('/#/warehouse');
  await expect(page.getByTestId('warehouse-status')).toContainText('The warehouse is unreachable: nothing answers at "postgres"');
  await page.screenshot({ path: shot('warehouse-unreachable.png') });
  await axe.check('warehouse: unreachable');
  axe.assertClean();
});
