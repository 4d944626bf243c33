import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { countIn, createLiveCitySegment, goLive } from './pages/segmentSetup';

test('a compound segment combines two live segments and counts after each step', async ({ page }) => {
  test.setTimeout(150_000);
  const stamp = Date.now() % 100000;
  const a = `Chicago ${stamp}`;
  const b = `New York ${stamp}`;
  const sizeA = countIn(await (await createLiveCitySegment(page, a, 'Chicago')).members.innerText());
  const sizeB = countIn(await (await createLiveCitySegment(page, b, 'New York')).members.innerText());

  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const name = `Chicago or New York ${stamp}`;
  await list.goto();
  await list.createSegment(name, 'Compound');
  await record.tab('Definition').click();
  // Drafts are not offered, and the editor says why.
  await expect(page.getByText(/Not offered: .*Drafts and stopped segments have no current members/)).toBeVisible();

  const pickSegment = async (n: number, segment: string) => {
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    const block = record.block(n);
    await block.getByRole('combobox', { name: 'Live segment' }).click();
    await page.getByRole('option', { name: segment, exact: true }).click();
  };
  await pickSegment(1, a);
  await pickSegment(2, b);
  await expect(record.block(2).getByText(/after this step/)).toHaveText(`${(sizeA + sizeB).toLocaleString('en-US')} after this step`);
  await expect(record.block(1).getByText(/after this step/)).toHaveText(`${sizeA.toLocaleString('en-US')} after this step`);
  expect(await record.estimateValue()).toBe(sizeA + sizeB);

  // Intersect instead: Chicago and New York share no contact.
  await page.getByRole('combobox', { name: 'Combine with the result so far' }).click();
  await page
    .getByRole('option', { name: /^Intersect/ })
    .first()
    .click();
  await expect.poll(() => record.estimateValue()).toBe(0);
  await page.getByRole('combobox', { name: 'Combine with the result so far' }).click();
  await page
    .getByRole('option', { name: /^Union/ })
    .first()
    .click();
  await expect.poll(() => record.estimateValue()).toBe(sizeA + sizeB);
  await page.screenshot({ path: shot('compound-editor.png'), fullPage: true });

  await record.save();
  await goLive(page, record);
  await expect(record.members).toHaveText(`${(sizeA + sizeB).toLocaleString('en-US')} members`);

  // From the compound's overlap view, one click makes a new compound of a region.
  await record.tab('Insights').click();
  const matrix = page.getByRole('table', { name: 'Overlap matrix' });
  const rowA = matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: a, exact: true }) });
  await expect(rowA).toBeVisible();
  await rowA.getByRole('cell').first().click();
  await page.getByRole('menuitem', { name: `Create compound: In both ${a} and ${name}` }).click();
  await expect(page.getByRole('heading', { name: `In both ${a} and ${name}`, level: 1 })).toBeVisible();
  await record.tab('Definition').click();
  expect(await record.estimateValue()).toBe(sizeA);
});
