/**
 * Builder drag and drop and lookup by record name (issue 6), in Chromium against the real backend:
 * a row dragged into another group changes the query text and the estimate; a drop onto another
 * entity's group is refused; a lookup value is picked by the account's name and stored as its key.
 */
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

test('drag a row into another group: query text and estimate follow; a drop onto another entity is refused', async ({ page }) => {
  test.setTimeout(180_000);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment('Dragged rows', 'Dynamic');
  await record.estimateValue();
  const block = record.block(1);

  // City is Seattle AND (a group: City is Redmond) — nobody lives in both.
  const seattle = await record.addRow(block);
  await record.chooseField(seattle, 'City');
  await record.typeValues(seattle, 'Seattle');
  const group = await record.addGroup(block);
  await record.setCombinator(group, 'OR');
  const redmond = await record.addRow(group);
  await record.chooseField(redmond, 'City');
  await record.typeValues(redmond, 'Redmond');
  await expect.poll(() => record.estimateValue()).toBe(0);
  expect(await record.queryText()).toMatch(/Seattle'[\s\S]*&&[\s\S]*Redmond'/);

  // Drag the Seattle row into the OR group: now City is Seattle OR Redmond.
  await record.dragRowIntoGroup(seattle, group);
  await expect(group.locator('.rule')).toHaveCount(2);
  await expect.poll(() => record.estimateValue()).toBeGreaterThan(0);
  const both = await record.estimateValue();
  expect(await record.queryText()).toMatch(/Redmond'[\s\S]*\|\|[\s\S]*Seattle'|Seattle'[\s\S]*\|\|[\s\S]*Redmond'/);
  await page.screenshot({ path: shot('builder-dragged-row.png'), fullPage: true });

  // A related-account group: dropping a contact row into it would make it read the account's City.
  await block.getByRole('button', { name: 'Add related entity' }).first().click();
  const account = block.locator('.ruleGroup .ruleGroup').filter({ has: page.getByRole('combobox', { name: 'Related entity' }) });
  await expect(account).toHaveCount(1);
  // While dragging over it, the account group is marked as no place to drop; letting go changes nothing.
  await record.startDrag(group.locator('.rule').first(), account.locator('.ruleGroup-header').first());
  await expect(block.locator('.dndDropNotAllowed')).not.toHaveCount(0);
  await page.screenshot({ path: shot('builder-drop-not-allowed.png'), fullPage: true });
  await page.mouse.up();
  await expect(account.locator('.rule')).toHaveCount(0);
  await expect(group.locator('.rule')).toHaveCount(2);
  await expect.poll(() => record.estimateValue()).toBeLessThanOrEqual(both);
});

test('a lookup value is picked by the record name and stored as its key', async ({ page }) => {
  test.setTimeout(120_000);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment('Contoso people', 'Dynamic');
  const everyone = await record.estimateValue();
  const block = record.block(1);

  const row = await record.addRow(block);
  await record.chooseField(row, 'Company Name');
  const picker = row.getByRole('combobox', { name: 'Account' });
  await picker.click();
  await picker.pressSequentially('contoso', { delay: 30 });
  const option = page.getByRole('option', { name: /^Contoso/ }).first();
  await expect(option).toBeVisible();
  const chosen = (await option.locator('span').first().innerText()).trim();
  await page.screenshot({ path: shot('builder-lookup-search.png') });
  await option.click();
  await expect(row.getByRole('button', { name: chosen })).toBeVisible();
  await expect.poll(() => record.estimateValue()).toBeLessThan(everyone);
  await expect.poll(() => record.estimateValue()).toBeGreaterThan(0);
  // The query text holds the account's key, not its name.
  expect(await record.queryText()).toMatch(/parentcustomerid == 'A\d{7}'/);
  await page.screenshot({ path: shot('builder-lookup-chip.png'), fullPage: true });
});
