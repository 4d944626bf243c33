import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { E2eApi } from './pages/apiClient';
import { dropFile } from './pages/fileDrop';

test('a .segment.json dropped on the Contacts page opens the segment import and imports it', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const name = `Dropped ${Date.now() % 100000}`;
  const api = await E2eApi.connect(baseURL ?? '');
  let text: string;
  try {
    const created = await api.call<{ id: string }>('segments.create', { name, type: 'static' });
    text = (await api.call<{ text: string }>('segmentFiles.export', { segmentIds: [created.id] })).text;
    await api.call('segments.delete', { id: created.id });
  } finally {
    api.close();
  }

  await page.goto('/#/contacts');
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await dropFile(page, 'dropped.segment.json', text, 'application/json');
  const dialog = page.getByRole('dialog', { name: 'Import segments' });
  await expect(dialog.getByRole('list', { name: 'Segments in the file' })).toContainText(name);
  await expect(dialog).toContainText('dropped.segment.json');
  await page.screenshot({ path: shot('segment-file-drop.png') });
  await dialog.getByRole('button', { name: 'Import' }).click();
  const done = dialog.getByRole('status', { name: 'Imported segments' });
  await expect(done.getByRole('button', { name })).toBeVisible();
  // Still on Contacts until the user opens the new draft.
  expect(page.url()).toMatch(/#\/contacts$/);
  await done.getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('record-status')).toHaveText('Draft');
});

test('a .csv dropped on the Segments page opens the import wizard with it', async ({ page }) => {
  const stamp = Date.now() % 100000;
  const csv = ['contactid,fullname,address1_city', `D${stamp}-1,Dora Drop,Oslo`, `D${stamp}-2,Dag Drop,Bergen`].join('\n');
  await page.goto('/#/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  await dropFile(page, 'dropped-contacts.csv', csv, 'text/csv');
  await expect(page).toHaveURL(/#\/data$/);
  const wizard = page.getByRole('region', { name: 'Import wizard' });
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Dora Drop');
  await expect(wizard).toContainText('dropped-contacts.csv');
  // Leaving and coming back does not import the dropped file a second time: the wizard starts empty.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await nav.getByRole('button', { name: 'Data' }).click();
  await expect(wizard.getByLabel('CSV file', { exact: true })).toBeAttached();
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toBeHidden();
});
