import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SegmentsPage } from './pages/SegmentsPage';

// One web host and database serve the whole run (demo data on a fresh file), so every test uses its own names.
const screenshots = path.join(__dirname, '..', '..', 'docs', 'screenshots');

test('a new installation opens on the Segments list with the demo segments', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  expect((await segments.names()).length).toBeGreaterThan(0);
  await expect(segments.table.getByRole('row').nth(1)).toContainText(/Dynamic|Static|Compound/);
});

test('a segment created in the UI is stored and still listed after a reload', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.openNewSegmentDialog();
  await page.screenshot({ path: path.join(screenshots, 'new-segment-dialog.png') });
  await segments.submitNewSegment('Berlin newsletter readers', 'Dynamic');
  await expect(segments.dialog).toBeHidden();
  await expect(segments.row('Berlin newsletter readers')).toContainText('Draft');
  await expect(page.getByRole('alert').filter({ hasText: 'created as a draft' })).toBeVisible();

  await page.reload();
  await expect(segments.row('Berlin newsletter readers')).toBeVisible();
  await expect(segments.row('Berlin newsletter readers')).toContainText('Dynamic');
  // Wait for the snackbar to go so the screenshot shows the list as a user returns to it.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: path.join(screenshots, 'segments-list.png') });
});

test('a duplicate name is refused inline and nothing is added', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.createSegment('Trade fair leads', 'Static');
  const before = await segments.names();
  await segments.openNewSegmentDialog();
  await segments.submitNewSegment('TRADE FAIR leads', 'Static');
  await expect(segments.dialog.getByText(/already exists/i)).toBeVisible();
  await segments.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(segments.dialog).toBeHidden();
  await page.reload();
  await expect(segments.row('Trade fair leads')).toBeVisible();
  expect(await segments.names()).toEqual(before);
});

test('search narrows the list by name', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.createSegment('Quarterly webinar guests', 'Static');
  await segments.search.fill('WEBINAR');
  await expect.poll(() => segments.names()).toEqual(['Quarterly webinar guests']);
  await segments.search.fill('no such segment');
  await expect(page.getByRole('status')).toContainText('No segment name contains');
});
