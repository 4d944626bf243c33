import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { countIn } from './pages/segmentSetup';

test('a static segment is built with the contact picker and add-by-query', async ({ page }) => {
  test.setTimeout(120_000);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const name = `Hand-picked ${Date.now() % 100000}`;
  await list.goto();
  await list.createSegment(name, 'Static');
  await record.tab('Definition').click();
  const members = page.getByRole('region', { name: 'Static members' });
  await expect(members).toContainText('No members yet');

  // Pick two contacts one by one from a search.
  const picker = page.getByRole('grid', { name: 'Contacts to pick' });
  await page.getByRole('textbox', { name: 'Search contacts to add' }).fill('Fatima');
  await expect(picker.getByRole('row').nth(1)).toContainText('Fatima');
  await picker.getByRole('row').nth(1).getByRole('checkbox').check();
  await picker.getByRole('row').nth(2).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Add 2 picked' }).click();
  await expect(members.getByRole('heading').or(members.getByText(/^Members · 2$/))).toBeVisible();
  // The record header counts a static draft's stored members (it said "No members yet" before).
  await expect(record.members).toHaveText('2 members');
  await page.screenshot({ path: shot('static-picker.png'), fullPage: true });

  // Add by query: City is Seattle; the matches are shown before anything changes.
  const adder = page.getByRole('region', { name: 'Add contacts' });
  await adder.getByRole('tab', { name: 'Add or remove by query' }).click();
  const row = await record.addRow(adder);
  await record.chooseField(row, 'City');
  await record.typeValues(row, 'Seattle');
  await adder.getByRole('button', { name: 'Show matches' }).click();
  const status = adder.getByRole('status');
  await expect(status).toContainText('contacts match');
  const matches = countIn(await status.innerText());
  expect(matches).toBeGreaterThan(0);
  await expect(members.getByText(/^Members · 2$/)).toBeVisible();
  // Add selected: only the matches picked among those shown (issue 21, item 9).
  const shown = adder.getByRole('group', { name: /First matches/ });
  await shown.getByRole('button').nth(0).click();
  await shown.getByRole('button').nth(1).click();
  await expect(shown.getByRole('button', { pressed: true })).toHaveCount(2);
  await page.screenshot({ path: shot('static-add-by-query.png'), fullPage: true });
  await adder.getByRole('button', { name: 'Add 2 selected' }).click();
  await expect(page.getByText(/^Added 2 selected contacts/)).toBeVisible();
  await expect(members.getByText(/^Members · 4$/)).toBeVisible();
  await adder.getByRole('button', { name: `Add all ${matches.toLocaleString('en-US')}` }).click();
  await expect(page.getByText(/^Added [\d,]+ contacts/)).toBeVisible();
  const memberCount = async () => countIn((await members.getByText(/^Members · /).innerText()).replace('Members · ', ''));
  // The list refetches after the toast: wait for it.
  await expect.poll(memberCount).toBeGreaterThanOrEqual(matches);
  const total = await memberCount();
  expect(total).toBeLessThanOrEqual(matches + 2);

  // Remove one member from the list.
  const memberGrid = page.getByRole('grid', { name: 'Static members' });
  await memberGrid.getByRole('row').nth(1).getByRole('checkbox').check();
  await members.getByRole('button', { name: 'Remove 1 selected' }).click();
  await expect(members.getByText(`Members · ${(total - 1).toLocaleString('en-US')}`)).toBeVisible();
});
