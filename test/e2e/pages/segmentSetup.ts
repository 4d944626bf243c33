import { expect, type Page } from '@playwright/test';
import { SegmentRecordPage } from './SegmentRecordPage';
import { SegmentsPage } from './SegmentsPage';

/** Creates a dynamic segment "City is <city>" through the UI, takes it live and leaves its record open. */
export async function createLiveCitySegment(page: Page, name: string, city: string): Promise<SegmentRecordPage> {
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment(name, 'Dynamic');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  // The first estimate re-renders the builder; pick fields once it has settled.
  await record.estimateValue();
  const row = await record.addRow(record.block(1));
  await record.chooseField(row, 'City');
  await record.typeValues(row, city);
  await record.save();
  await goLive(page, record);
  return record;
}

/** Runs Go live from the command bar and waits until the segment is live. */
export async function goLive(page: Page, record: SegmentRecordPage): Promise<void> {
  await record.command('Go live').click();
  const dialog = page.getByRole('dialog', { name: /Go live/ });
  await dialog.getByRole('button', { name: 'Go live' }).click();
  await expect(dialog.getByText(/is live with/)).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(record.status).toHaveText('Live');
}

/** The number in a text like "1,234 members". */
export function countIn(text: string): number {
  return Number((/[\d,]+/.exec(text)?.[0] ?? '').replace(/,/g, ''));
}
