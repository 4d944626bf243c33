// The release smoke test against the packaged app (the web-host form is test/e2e/smoke.spec.ts; both use
// the steps in test/e2e/pages/smoke.ts). Run by .github/workflows/release.yml on each OS.
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import {
  createLiveSegment,
  EXAMPLE_SEGMENT_FILE,
  expectDatabaseClosedCleanly,
  expectDemoData,
  expectImportDialogFor,
  findDatabases,
} from '../e2e/pages/smoke';
import { packagedExecutable } from './packagedApp';

const executablePath = packagedExecutable(path.resolve(process.env.SS_RELEASE_DIR ?? 'release-smoke'));

async function userDataOf(app: ElectronApplication): Promise<string> {
  return app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
}

test('packaged app: demo data, a segment goes live, a .segment.json on the command line opens the import dialog, quit closes the database', async () => {
  // First start: a new database with the demo data; a segment is created and taken live.
  const first = await electron.launch({ executablePath });
  const userData = await userDataOf(first);
  const window = await first.firstWindow();
  await expectDemoData(window);
  await createLiveSegment(window, 'Smoke Seattle', 'Seattle');
  await first.close();
  const databases = findDatabases(userData);
  expect(databases.length, `no database in ${userData}`).toBeGreaterThan(0);
  for (const db of databases) expectDatabaseClosedCleanly(db);

  // Second start, as the OS does for a double-clicked file (Windows, Linux): the path on the command line.
  const second = await electron.launch({
    executablePath,
    args: [EXAMPLE_SEGMENT_FILE],
  });
  const reopened = await second.firstWindow();
  const dialog = await expectImportDialogFor(reopened, EXAMPLE_SEGMENT_FILE);
  await expect(dialog).toContainText(path.basename(EXAMPLE_SEGMENT_FILE));
  await second.close();
  for (const db of findDatabases(userData)) expectDatabaseClosedCleanly(db);
});
