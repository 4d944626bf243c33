// WCAG 2.2 A/AA with axe-core on every main state of the app (issue 20): the list, a record's tabs, the
// builder with every block kind, the query text, each dialog, members with the explain drawer, insights,
// the static picker, the compound editor, contacts, a contact page, the import wizard's steps, the catalog
// and the segment-file import. Each test checks its states and fails once, listing every violation.
import { AxeAudit } from './axe';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { importSegmentFile } from './pages/segmentFiles';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { EXAMPLE_SEGMENT_FILE } from './pages/smoke';

test('a dynamic segment from creation to live: list, dialogs, builder blocks, query text, members, insights', async ({ page }) => {
  test.setTimeout(180_000);
  const audit = new AxeAudit(page);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const name = `Axe Seattle ${Date.now() % 100000}`;

  await list.goto();
  await audit.check('segments list');
  await list.openNewSegmentDialog();
  await audit.check('new segment dialog');
  await list.submitNewSegment(name, 'Dynamic');
  await expect(list.dialog).toBeHidden();
  // Create opens the new record; the row menu is audited back on the list.
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await list.goto();
  await list.table.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
  await expect(page.getByRole('menu', { name: `Actions for ${name}` })).toBeVisible();
  await audit.check('segments list row-action menu');
  await page.keyboard.press('Escape');

  await list.row(name).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await record.estimateValue();
  await audit.check('record: Definition tab, empty builder');

  const block1 = record.block(1);
  const row = await record.addRow(block1);
  await row.getByRole('button', { name: /^Field:/ }).click();
  await expect(page.getByRole('combobox', { name: 'Search fields' })).toBeVisible();
  await audit.check('builder: field search open');
  await page.keyboard.press('Escape');
  await record.chooseField(row, 'City');
  await record.typeValues(row, 'Seattle');
  await record.chooseField(await record.addRow(block1), 'City');
  await block1.getByRole('button', { name: 'Add related entity' }).first().click();
  await expect(block1.getByRole('combobox', { name: 'Related entity' })).toBeVisible();
  await page.getByRole('button', { name: 'Interaction block' }).click();
  const block2 = record.block(2);
  await block2.getByRole('combobox', { name: 'Interaction' }).click();
  await page.getByRole('option', { name: 'Email Clicked' }).click();
  await expect(record.flow).toBeVisible();
  await expect(block1.getByRole('alert').first()).toContainText(/value/i);
  await audit.check('builder: profile block with rules and a related entity, interaction block, flow view');

  await page.getByRole('button', { name: 'Query text' }).click();
  await expect(page.getByRole('textbox', { name: 'Query text' })).toHaveValue(/PROFILE/);
  await audit.check('builder: query text view');
  await page.getByRole('button', { name: 'Designer' }).click();

  // Drop the unfinished second rule so the segment can go live.
  await block1
    .getByRole('button', { name: /^Remove rule City/ })
    .last()
    .click();
  await record.estimateValue();
  await record.tab('General').click();
  await audit.check('record: General tab');
  await record.save();

  await record.command('Go live').click();
  const goLive = page.getByRole('dialog', { name: /Go live/ });
  await expect(goLive.getByText(/will go live with/)).toBeVisible();
  await audit.check('go-live dialog: review');
  await goLive.getByRole('button', { name: 'Go live' }).click();
  await expect(goLive.getByText(/is live with/)).toBeVisible({ timeout: 60_000 });
  await audit.check('go-live dialog: done');
  await goLive.getByRole('button', { name: 'Close' }).click();
  await expect(record.status).toHaveText('Live');
  await audit.check('record: live, read-only');

  await record.tab('Members').click();
  const grid = page.getByRole('grid', { name: 'Members' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  await audit.check('record: Members tab');
  await grid
    .getByRole('button', { name: /^Why is .* in\?$/ })
    .first()
    .click();
  const explain = page.getByRole('dialog', { name: 'Why is this contact in?' });
  await expect(explain.getByText('The contact matches the definition.')).toBeVisible();
  await audit.check('members: explain drawer');
  await explain.getByRole('button', { name: 'Close' }).click();

  await record.tab('Insights').click();
  await expect(page.getByRole('region', { name: 'Members over time' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Composition' }).locator('svg rect').first()).toBeAttached();
  await audit.check('record: Insights tab');

  await record.command(/^Export/).click();
  const exportDialog = page.getByRole('dialog', { name: /Export/ });
  await expect(exportDialog).toBeVisible();
  await audit.check('export dialog');
  await exportDialog.getByRole('button', { name: 'Cancel' }).click();

  await record.command('Stop').click();
  const stop = page.getByRole('dialog', { name: /Stop/ });
  await expect(stop).toBeVisible();
  await audit.check('stop dialog');
  await stop.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(record.status).toHaveText('Stopped');

  await record.command('Delete').click();
  const del = page.getByRole('dialog', { name: /Delete/ });
  await expect(del).toBeVisible();
  await audit.check('delete dialog');
  await del.getByRole('button', { name: 'Cancel' }).click();

  await record.command('Duplicate').click();
  await expect(page.getByRole('heading', { name: /copy/i, level: 1 })).toBeVisible();
  await audit.check('duplicated segment record');

  // Unsaved changes, then leave: the leave guard.
  await record.tab('General').click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${name} edited`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Segments' }).click();
  await expect(page.getByRole('dialog', { name: 'Leave without saving?' })).toBeVisible();
  await audit.check('leave without saving dialog');
  await page.getByRole('button', { name: 'Stay' }).click();

  audit.assertClean();
});

test('the static picker and the compound editor', async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const audit = new AxeAudit(page);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  const stamp = Date.now() % 100000;
  const api = await E2eApi.connect(baseURL ?? '');
  try {
    for (const city of ['Seattle', 'Chicago']) {
      const rule = { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [city] };
      const definition = {
        kind: 'dynamic',
        version: 1,
        blocks: [
          {
            kind: 'profile',
            id: 'b1',
            combine: 'union',
            entity: 'contact',
            root: { kind: 'group', id: 'g1', combinator: 'and', children: [rule] },
          },
        ],
      };
      const created = await api.call<{ id: string }>('segments.create', { name: `${city} ${stamp}`, type: 'dynamic', definition });
      await api.call('segments.goLive', { id: created.id });
    }
  } finally {
    api.close();
  }

  await list.goto();
  await list.createSegment(`Picked ${stamp}`, 'Static');
  await record.tab('Definition').click();
  const picker = page.getByRole('grid', { name: 'Contacts to pick' });
  await page.getByRole('textbox', { name: 'Search contacts to add' }).fill('Fatima');
  await expect(picker.getByRole('row').nth(1)).toContainText('Fatima');
  await picker.getByRole('row').nth(1).getByRole('checkbox').check();
  await audit.check('static: contact picker with a pick');
  await page.getByRole('button', { name: 'Add 1 picked' }).click();
  await expect(record.members).toHaveText('1 member');
  await audit.check('static: members list');
  const adder = page.getByRole('region', { name: 'Add contacts' });
  await adder.getByRole('tab', { name: 'Add or remove by query' }).click();
  await record.chooseField(await record.addRow(adder), 'City');
  await audit.check('static: add by query');

  await list.goto();
  await list.createSegment(`Combined ${stamp}`, 'Compound');
  await record.tab('Definition').click();
  await audit.check('compound: empty editor');
  for (const [n, city] of [
    [1, 'Seattle'],
    [2, 'Chicago'],
  ] as const) {
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    await record.block(n).getByRole('combobox', { name: 'Live segment' }).click();
    await page.getByRole('option', { name: `${city} ${stamp}`, exact: true }).click();
  }
  await expect(record.block(2).getByText(/after this step/)).toBeVisible();
  await record.estimateValue();
  await audit.check('compound: two steps with counts');
  audit.assertClean();
});

test('contacts, a contact page, the import wizard, the catalog and the segment-file import', async ({ page }) => {
  test.setTimeout(150_000);
  const audit = new AxeAudit(page);
  const stamp = Date.now() % 100000;

  await page.goto('/#/contacts');
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  await audit.check('contacts list');
  // The name cell: the first cell holds the row's selection checkbox.
  await grid.getByRole('gridcell').and(page.locator('[data-field="displayName"]')).first().click();
  await expect(page.getByRole('region', { name: 'Interaction timeline' })).toBeVisible();
  await audit.check('contact page');

  await page.goto('/#/data');
  const wizard = page.getByRole('region', { name: 'Import wizard' });
  await expect(wizard).toBeVisible();
  await audit.check('import wizard: choose a file');
  const csv = ['contactid,fullname,address1_city,numberofchildren', `A${stamp}-1,Ada Axe,Oslo,2`, `A${stamp}-2,Abe Axe,Oslo,lots`].join(
    '\n',
  );
  await wizard.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'axe.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Ada Axe');
  await audit.check('import wizard: preview and mapping');
  await wizard.getByRole('button', { name: 'Start import' }).click();
  await expect(wizard.getByRole('status', { name: 'Import summary' })).toContainText('1 skipped', { timeout: 30_000 });
  await audit.check('import wizard: summary with an error report');

  await page.getByRole('tab', { name: 'Catalog' }).click();
  await expect(page.getByRole('region', { name: 'Catalog' })).toBeVisible();
  await audit.check('catalog');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Segments', exact: true }).click();
  const dialog = await importSegmentFile(page, EXAMPLE_SEGMENT_FILE);
  await audit.check('segment-file import dialog: review');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('status', { name: 'Imported segments' })).toBeVisible();
  await audit.check('segment-file import dialog: done');
  audit.assertClean();
});
