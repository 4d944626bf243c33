// Issue 21, "Found" 9: the field picker's list must never cover its own search box — on a tall window and
// on a short one, where there is little room below the row.
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

for (const size of [
  { width: 1280, height: 760 },
  { width: 1024, height: 480 },
]) {
  test(`the field list opens beside its search box, never over it (${size.width}×${size.height})`, async ({ page }) => {
    await page.setViewportSize(size);
    const list = new SegmentsPage(page);
    const record = new SegmentRecordPage(page);
    await list.goto();
    await list.createSegment(`Picker ${size.height} ${Date.now() % 100000}`, 'Dynamic');
    await record.estimateValue();
    const row = await record.addRow(record.block(1));
    await row.getByRole('button', { name: /^Field:/ }).click();
    const search = page.getByRole('combobox', { name: 'Search fields' });
    const options = page.getByRole('listbox');
    await expect(search).toBeFocused();
    await expect(options.getByRole('option').first()).toBeVisible();
    const box = await search.boundingBox();
    const listBox = await options.boundingBox();
    expect(box && listBox).toBeTruthy();
    if (!box || !listBox) return;
    // No vertical overlap between the search input and the list.
    const overlaps = listBox.y < box.y + box.height && box.y < listBox.y + listBox.height;
    await page.screenshot({ path: shot(`field-picker-${size.height}.png`) });
    expect(overlaps, `list ${JSON.stringify(listBox)} covers search ${JSON.stringify(box)}`).toBe(false);
    // Typing still filters the list it can see.
    await page.keyboard.type('City');
    await expect(search).toHaveValue('City');
    await expect(options.getByRole('option', { name: /^City/ }).first()).toBeVisible();
  });
}
