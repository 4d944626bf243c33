/**
 * The designer's group tools and natural view (issue 17, F5), in real Chromium against the web host:
 * check three rows and group them, collapse the group, duplicate a row and undo it, ungroup, delete
 * and undo, the full-screen designer (Esc leaves, focus stays), the natural view following every edit
 * and shown on the General tab, a keyboard-only path, and axe over each new state.
 */
import type { Locator, Page } from '@playwright/test';
import { AxeAudit } from './axe';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

const CITIES = ['Seattle', 'Redmond', 'Bellevue'];

function checkbox(page: Page, name: string): Locator {
  return page.getByRole('checkbox', { name, exact: true });
}

async function buildThreeRows(page: Page, record: SegmentRecordPage, name: string): Promise<Locator> {
  const list = new SegmentsPage(page);
  await list.goto();
  await list.createSegment(name, 'Dynamic');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const block = record.block(1);
  for (const city of CITIES) {
    const row = await record.addRow(block);
    await record.chooseField(row, 'City');
    await record.typeValues(row, city);
  }
  return block;
}

test('group three rows, collapse, duplicate and undo, ungroup, delete and undo, full screen, natural view', async ({ page }) => {
  test.setTimeout(240_000);
  const record = new SegmentRecordPage(page);
  const audit = new AxeAudit(page);
  const block = await buildThreeRows(page, record, 'Eastside cities');
  const natural = page.getByRole('region', { name: 'In plain words' });
  const tools = block.getByRole('toolbar', { name: 'Group tools' });

  // The natural view reads the three rows as one sentence, live.
  await expect(natural).toHaveText(/Contacts whose City is “Seattle”, whose City is “Redmond” and whose City is “Bellevue”\./);

  // Check the three rows (named after their row) and group them.
  for (const city of CITIES) await checkbox(page, `Select rule City equals ${city}`).check();
  await expect(tools.getByTestId('selected-count')).toHaveText('3 selected');
  await page.screenshot({ path: shot('group-tools-selected.png'), fullPage: true });
  await audit.check('three rows checked');
  await tools.getByRole('button', { name: 'Group selected', exact: true }).click();
  const group = block.locator('.ruleGroup .ruleGroup');
  await expect(group).toHaveCount(1);
  await expect(group.locator('.rule')).toHaveCount(3);
  await expect(tools.getByTestId('group-tools-notice')).toContainText('Grouped 3 rows.');
  await expect(checkbox(page, 'Select rule City equals Seattle')).not.toBeChecked();

  // OR inside the group: the natural view says "either … or …".
  await record.setCombinator(group, 'OR');
  await expect(natural).toHaveText(/Contacts either whose City is “Seattle”, whose City is “Redmond” or whose City is “Bellevue”\./);
  await page.screenshot({ path: shot('group-tools-grouped.png'), fullPage: true });
  await audit.check('grouped, natural view');

  // Collapse and expand the group (its rows stay in the definition).
  await page.getByRole('button', { name: 'Collapse group of 3 rows' }).click();
  await expect(group.locator('.rule').first()).toBeHidden();
  await expect(group.getByTestId('collapsed-note')).toHaveText('3 rows hidden');
  await expect(page.getByRole('button', { name: 'Expand group of 3 rows' })).toHaveAttribute('aria-expanded', 'false');
  await audit.check('group collapsed');
  await page.getByRole('button', { name: 'Expand group of 3 rows' }).click();
  await expect(group.locator('.rule')).toHaveCount(3);

  // Duplicate a row, then undo it.
  await checkbox(page, 'Select rule City equals Seattle').check();
  await tools.getByRole('button', { name: 'Duplicate selected', exact: true }).click();
  await expect(group.locator('.rule')).toHaveCount(4);
  await expect(natural).toContainText('whose City is “Seattle”, whose City is “Seattle”');
  await tools.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(group.locator('.rule')).toHaveCount(3);
  await expect(tools.getByRole('button', { name: 'Group selected', exact: true })).toBeFocused();

  // Ungroup the group: the rows are back at the top.
  await checkbox(page, 'Select group of 3 rows').check();
  await tools.getByRole('button', { name: 'Ungroup selected', exact: true }).click();
  await expect(group).toHaveCount(0);
  await expect(block.locator('.rule')).toHaveCount(3);

  // Delete one row, then undo.
  await checkbox(page, 'Select rule City equals Bellevue').check();
  await tools.getByRole('button', { name: 'Delete selected', exact: true }).click();
  await expect(block.locator('.rule')).toHaveCount(2);
  await expect(natural).not.toContainText('Bellevue');
  await tools.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(block.locator('.rule')).toHaveCount(3);
  await expect(natural).toContainText('Bellevue');

  // Full screen: the designer covers the window; Esc leaves and the focus stays on the toggle.
  const toggle = page.getByRole('button', { name: 'Full screen' });
  await toggle.click();
  const full = page.getByRole('dialog', { name: 'Full-screen designer' });
  await expect(full).toBeVisible();
  const box = await full.boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport && Math.round(box.width) === viewport.width && Math.round(box.height) === viewport.height).toBe(true);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: shot('group-tools-full-screen.png') });
  await audit.check('full-screen designer');
  await page.keyboard.press('Escape');
  await expect(full).toHaveCount(0);
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  // Saved, the General tab shows the same natural view.
  await record.save();
  await record.tab('General').click();
  await expect(page.getByRole('region', { name: 'In plain words' })).toContainText('whose City is “Bellevue”');
  await page.screenshot({ path: shot('group-tools-general-tab.png'), fullPage: true });
  await audit.check('general tab natural view');
  audit.assertClean();
});

test('the group tools work from the keyboard alone', async ({ page }) => {
  test.setTimeout(180_000);
  const record = new SegmentRecordPage(page);
  const block = await buildThreeRows(page, record, 'Keyboard cities');
  const tools = block.getByRole('toolbar', { name: 'Group tools' });

  // Space checks a focused check box; Tab moves on; Enter presses a focused button.
  await checkbox(page, 'Select rule City equals Seattle').focus();
  await page.keyboard.press('Space');
  await checkbox(page, 'Select rule City equals Redmond').focus();
  await page.keyboard.press('Space');
  await expect(tools.getByTestId('selected-count')).toHaveText('2 selected');
  await tools.getByRole('button', { name: 'Group selected', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(block.locator('.ruleGroup .ruleGroup .rule')).toHaveCount(2);
  // The result is said in the builder's live region, and the focus stays on the tool.
  await expect(block.getByTestId('builder-announcer')).toHaveText(/Grouped 2 rows\./);
  await expect(tools.getByRole('button', { name: 'Group selected', exact: true })).toBeFocused();

  // Collapse with the keyboard, then Ungroup all.
  await page.getByRole('button', { name: 'Collapse group of 2 rows' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Expand group of 2 rows' })).toBeFocused();
  await tools.getByRole('button', { name: 'Ungroup all', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(block.locator('.ruleGroup .ruleGroup')).toHaveCount(0);
  await expect(block.getByTestId('builder-announcer')).toHaveText(/Ungrouped 1 group\./);

  // A tool that does not apply says why and changes nothing.
  await tools.getByRole('button', { name: 'Group selected', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(tools.getByTestId('group-tools-notice')).toContainText('Select the rows or groups to group first.');
  await expect(block.locator('.rule')).toHaveCount(3);

  // Full screen from the keyboard; Esc from inside the designer leaves it with the focus where it was.
  const toggle = page.getByRole('button', { name: 'Full screen' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Full-screen designer' })).toBeVisible();
  const seattle = checkbox(page, 'Select rule City equals Seattle');
  await seattle.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Full-screen designer' })).toHaveCount(0);
  await expect(seattle).toBeFocused();
});
