import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SegmentRecordPage } from './SegmentRecordPage';
import { SegmentsPage } from './SegmentsPage';
import { goLive } from './segmentSetup';

/**
 * The release smoke test's steps, shared by its two forms: the packaged Electron app
 * (test/e2e-electron/smoke.spec.ts, run by the release workflow) and the web host
 * (test/e2e/smoke.spec.ts, run by `npm test`). Every step goes through the UI by clicking, never by
 * URL, because the packaged app's page is a file:// URL without a base to navigate against.
 */

/** A segment file the repo ships as an example, and the names of the segments in it. */
export const EXAMPLE_SEGMENT_FILE = path.join(__dirname, '..', '..', '..', 'resources', 'examples', 'contacts-in-seattle.segment.json');

export function segmentNamesIn(file: string): string[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    segments: { name: string }[];
  };
  return parsed.segments.map((s) => s.name);
}

/** Opens a page from the main navigation (Segments, Contacts, Data, …) and waits for its heading. */
export async function openFromNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** The first window shows Home, saying the database holds demo data; the Segments list has the demo segments. */
export async function expectDemoData(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible({ timeout: 60_000 });
  const data = page.getByRole('region', { name: 'Your data' });
  await expect(data.getByText('Demo data', { exact: true })).toBeVisible();
  await expect(data.getByRole('list', { name: 'Records' })).toContainText('Contacts');
  await openFromNav(page, 'Segments');
  const list = new SegmentsPage(page);
  await expect(list.row('Contacts in Seattle')).toBeVisible();
  await expect(list.row('Newsletter subscribers')).toBeVisible();
  await expect(list.row('US expo audience')).toBeVisible();
}

/** Creates a dynamic segment "City is <city>" from the Segments list and takes it live. */
export async function createLiveSegment(page: Page, name: string, city: string): Promise<SegmentRecordPage> {
  await openFromNav(page, 'Segments');
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.createSegment(name, 'Dynamic');
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await record.estimateValue();
  const row = await record.addRow(record.block(1));
  await record.chooseField(row, 'City');
  await record.typeValues(row, city);
  await record.save();
  await goLive(page, record);
  await expect(record.members).toHaveText(/[1-9][\d,]* members?/);
  return record;
}

/** The segment import dialog is open on `file` and lists the segments in it. */
export async function expectImportDialogFor(page: Page, file: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Import segments' });
  const listed = dialog.getByRole('list', { name: 'Segments in the file' });
  await expect(listed).toBeVisible({ timeout: 30_000 });
  for (const name of segmentNamesIn(file)) await expect(listed).toContainText(name);
  return dialog;
}

/**
 * After the app quit: the database file is a SQLite database and its write-ahead log was checkpointed
 * and removed, which SQLite does only when the last connection closes cleanly.
 */
export function expectDatabaseClosedCleanly(dbPath: string): void {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(dbPath, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  expect(header.toString('latin1')).toBe('SQLite format 3\u0000');
  const wal = `${dbPath}-wal`;
  expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0, `${wal} left behind`).toBe(0);
}

/** The SQLite databases (by their header) among the files directly in `dir` and its subfolders. */
export function findDatabases(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile() || /-(wal|shm|journal)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const head = Buffer.alloc(16);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 16, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (head.toString('latin1') === 'SQLite format 3\u0000') found.push(file);
  }
  return found;
}
