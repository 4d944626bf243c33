import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

test('a new user builds a dynamic segment, takes it live, edits its query text, stops and deletes it', async ({ page }) => {
  test.setTimeout(180_000);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const name = 'Seattle contacts who clicked';

  // Create a dynamic segment and open it.
  await list.goto();
  await list.createSegment(name, 'Dynamic');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(record.status).toHaveText('Draft');
  await expect(record.tab('Members')).toHaveCount(0);
  const everyone = await record.estimateValue();
  expect(everyone).toBeGreaterThan(0);

  // A new row without a value is flagged in place, on that row.
  const block1 = record.block(1);
  const row = await record.addRow(block1);
  await record.chooseField(row, 'City');
  await expect(block1.getByRole('alert').first()).toContainText(/value/i);
  await expect(record.command('Save and go live')).toBeEnabled();
  await page.screenshot({ path: shot('workspace-validation-in-place.png'), fullPage: true });

  // Fix it: the error goes and the estimate narrows.
  await record.typeValues(row, 'Seattle');
  await expect(block1.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => record.estimateValue()).toBeLessThan(everyone);
  const seattle = await record.estimateValue();

  // A related-account group: contacts that have a company (an empty related group means "has one").
  await block1.getByRole('button', { name: 'Add related entity' }).first().click();
  await expect(block1.getByRole('combobox', { name: 'Related entity' })).toHaveText('Company Name (Account)');

  // An interaction block, intersected: clicked an email at least once.
  await page.getByRole('button', { name: 'Interaction block' }).click();
  const block2 = record.block(2);
  await block2.getByRole('combobox', { name: 'Interaction' }).click();
  await page.getByRole('option', { name: 'Email Clicked' }).click();
  await expect(record.flow).toBeVisible();
  await expect.poll(() => record.estimateValue()).toBeLessThanOrEqual(seattle);
  await expect(record.flow.getByTestId('flow-result').last()).toContainText('estimated');
  await page.screenshot({ path: shot('workspace-designer.png'), fullPage: true });

  // Save, then go live: the go-live review shows the member count, then the segment is live.
  await record.save();
  const expected = await record.estimateValue();
  await record.command('Go live').click();
  const dialog = page.getByRole('dialog', { name: /Go live/ });
  await expect(dialog.getByText(/will go live with/)).toBeVisible();
  await page.screenshot({ path: shot('workspace-go-live.png') });
  await dialog.getByRole('button', { name: 'Go live' }).click();
  await expect(dialog.getByText(/is live with/)).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(record.status).toHaveText('Live');
  await expect(record.members).toHaveText(new RegExp(`^${expected.toLocaleString('en-US')} members?$`));
  await expect(record.tab('Members')).toBeVisible();
  await expect(record.command('Save')).toBeDisabled();
  await page.screenshot({ path: shot('workspace-live.png'), fullPage: true });

  // Stop it: nothing depends on it, so no warning; it is editable again.
  await record.command('Stop').click();
  const stop = page.getByRole('dialog', { name: /Stop/ });
  await stop.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(record.status).toHaveText('Stopped');

  // Edit the query text: the designer follows.
  await page.getByRole('button', { name: 'Query text' }).click();
  const text = page.getByRole('textbox', { name: 'Query text' });
  await expect(text).toHaveValue(/Seattle/);
  await page.screenshot({ path: shot('workspace-query-text.png'), fullPage: true });
  const edited = (await text.inputValue()).replace('Seattle', 'Redmond');
  await text.fill(edited);
  await expect(page.getByRole('button', { name: 'Designer' })).toBeEnabled();
  await page.getByRole('button', { name: 'Designer' }).click();
  await expect(record.block(1).getByText('Redmond')).toBeVisible();
  await expect(record.block(1).getByText('Seattle')).toHaveCount(0);
  await expect(page.getByText('(unsaved changes)')).toBeVisible();

  // Leaving with unsaved changes asks first; stay.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Segments' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // Delete it and land back on the list without it.
  await record.command('Delete').click();
  const del = page.getByRole('dialog', { name: /Delete/ });
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(list.heading).toBeVisible();
  await expect(list.row(name)).toHaveCount(0);
});
