// The release smoke test in its web-host form (the packaged-app form is test/e2e-electron/smoke.spec.ts;
// both use the steps in pages/smoke.ts). Its own host and database, so it can quit and inspect the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { importSegmentFile } from './pages/segmentFiles';
import { createLiveSegment, EXAMPLE_SEGMENT_FILE, expectDatabaseClosedCleanly, expectDemoData, expectImportDialogFor } from './pages/smoke';
import { startHost } from './webHost';

test('smoke: opens with the demo data, a segment goes live, a segment file opens the import dialog, quit closes the database', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-smoke-'));
  const dbPath = path.join(dir, 'smoke.db');
  // A new installation: the host seeds the demo data into a new file (not the run's template copy).
  const host = await startHost(dbPath);
  try {
    await page.goto(host.url);
    await expectDemoData(page);
    await createLiveSegment(page, 'Smoke Seattle', 'Seattle');
    // The web host's way of opening a segment file: the Import segments dialog (the desktop app gets it
    // from the OS on the command line instead).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Segments', exact: true }).click();
    await importSegmentFile(page, EXAMPLE_SEGMENT_FILE);
    await expectImportDialogFor(page, EXAMPLE_SEGMENT_FILE);
    await page.close();
    expect(await host.stop()).toBe(0);
    expectDatabaseClosedCleanly(dbPath);
  } finally {
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
