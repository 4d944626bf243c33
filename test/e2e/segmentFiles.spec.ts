import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { exportSegmentFile, importSegmentFile, queryText, startSecondHost } from './pages/segmentFiles';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { countIn, createLiveCitySegment, goLive } from './pages/segmentSetup';

test('a live compound segment exported from the UI imports into a fresh database with the same definition and members', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now() % 100000;
  const a = `Boston ${stamp}`;
  const b = `Denver ${stamp}`;
  const name = `Boston or Denver ${stamp}`;
  await createLiveCitySegment(page, a, 'Boston');
  await createLiveCitySegment(page, b, 'Denver');

  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment(name, 'Compound');
  await record.tab('Definition').click();
  for (const [n, segment] of [
    [1, a],
    [2, b],
  ] as const) {
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await record.block(n).getByRole('combobox', { name: 'Live segment' }).click();
    await page.getByRole('option', { name: segment, exact: true }).click();
  }
  await record.save();
  await goLive(page, record);
  const members = countIn(await record.members.innerText());
  expect(members).toBeGreaterThan(0);
  const download = await exportSegmentFile(page, record);
  const definition = await queryText(page, record);
  expect(download.suggestedFilename()).toMatch(/\.segment\.json$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'segment-file-')), download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { segments: { name: string }[] };
  expect(exported.segments.map((s) => s.name).sort()).toEqual([a, name, b].sort());

  const host = await startSecondHost();
  const other = await browser.newPage();
  try {
    await other.goto(`${host.url}/#/segments`);
    await expect(other.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
    const dialog = await importSegmentFile(other, file);
    await other.screenshot({ path: shot('segment-import-review.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const done = dialog.getByRole('status', { name: 'Imported segments' });
    await expect(done.getByRole('button')).toHaveCount(3);
    await other.screenshot({ path: shot('segment-import-done.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // Imports arrive as drafts: the referenced segments go live first, then the compound.
    const otherRecord = new SegmentRecordPage(other);
    for (const segment of [a, b]) {
      await other.goto(`${host.url}/#/segments`);
      await other.getByRole('rowheader', { name: segment, exact: true }).click();
      await expect(otherRecord.status).toHaveText('Draft');
      await goLive(other, otherRecord);
    }
    await other.goto(`${host.url}/#/segments`);
    await other.getByRole('rowheader', { name, exact: true }).click();
    await expect(otherRecord.status).toHaveText('Draft');
    await goLive(other, otherRecord);
    expect(countIn(await otherRecord.members.innerText())).toBe(members);
    expect(await queryText(other, otherRecord)).toBe(definition);
    await other.screenshot({ path: shot('segment-import-live.png'), fullPage: true });
  } finally {
    // The host first: it is our child process and must not outlive a failed test.
    await host.close();
    await other.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
