import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { E2eApi } from './pages/apiClient';
import { SegmentsPage } from './pages/SegmentsPage';

// This file's own web host and database (a copy of the demo data, test/e2e/fixtures.ts) serve its tests in order.

test('a new installation opens on the Segments list with the demo segments', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  expect((await segments.names()).length).toBeGreaterThan(0);
  await expect(segments.table.getByRole('row').nth(1)).toContainText(/Dynamic|Static|Compound/);
});

test('a segment created in the UI is stored and still listed after a reload', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.openNewSegmentDialog();
  await page.screenshot({ path: shot('new-segment-dialog.png') });
  await segments.submitNewSegment('Berlin newsletter readers', 'Dynamic');
  await expect(segments.dialog).toBeHidden();
  // The new segment's record opens: defining it is the next step.
  const heading = page.getByRole('heading', { name: 'Berlin newsletter readers', level: 1 });
  await expect(heading).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'created as a draft' })).toBeVisible();

  await page.reload();
  await expect(heading).toBeVisible();
  await segments.goto();
  await expect(segments.row('Berlin newsletter readers')).toContainText('Draft');
  await expect(segments.row('Berlin newsletter readers')).toContainText('Dynamic');
});

test('a duplicate name is refused inline and nothing is added', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.createSegment('Trade fair leads', 'Static');
  await segments.goto();
  const before = await segments.names();
  await segments.openNewSegmentDialog();
  await segments.submitNewSegment('TRADE FAIR leads', 'Static');
  await expect(segments.dialog.getByText(/already exists/i)).toBeVisible();
  await segments.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(segments.dialog).toBeHidden();
  await page.reload();
  await expect(segments.row('Trade fair leads')).toBeVisible();
  expect(await segments.names()).toEqual(before);
});

test('search narrows the list by name', async ({ page }) => {
  const segments = new SegmentsPage(page);
  await segments.goto();
  await segments.createSegment('Quarterly webinar guests', 'Static');
  await segments.goto();
  await segments.search.fill('WEBINAR');
  await expect.poll(() => segments.names()).toEqual(['Quarterly webinar guests']);
  await segments.search.fill('no such segment');
  await expect(page.getByRole('status')).toContainText('No segment name contains');
});

test('the list sorts by members, filters to Live, duplicates a segment and deletes the copy', async ({ page, baseURL }) => {
  // Two live segments of different sizes, set up through the API (as the renderer speaks it).
  const api = await E2eApi.connect(baseURL ?? '');
  const cityIs = (...cities: string[]) => ({
    kind: 'dynamic',
    version: 1,
    blocks: [
      {
        kind: 'profile',
        id: 'b1',
        combine: 'union',
        entity: 'contact',
        root: {
          kind: 'group',
          id: 'g1',
          combinator: 'and',
          children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: cities }],
        },
      },
    ],
  });
  for (const [name, cities] of [
    ['Seattle and Paris contacts', ['Seattle', 'Paris']],
    ['Lyon contacts', ['Lyon']],
  ] as const) {
    const s = await api.call<{ id: string }>('segments.create', { name, type: 'dynamic', definition: cityIs(...cities) });
    await api.call('segments.goLive', { id: s.id });
  }
  api.close();

  const segments = new SegmentsPage(page);
  await segments.goto();
  await expect(segments.header('Modified')).toHaveAttribute('aria-sort', 'descending');
  await segments.sortBy('Members', 'descending');
  await segments.filter('Status', 'Live');
  await expect(page.getByRole('status')).toContainText(/^\d+ of \d+ segments$/);
  const statuses = await segments.column(3);
  expect(statuses.length).toBeGreaterThanOrEqual(2);
  expect(new Set(statuses)).toEqual(new Set(['Live']));
  const members = (await segments.column(4)).map((t) => Number(t.replace(/\D/g, '')));
  expect(members).toEqual([...members].sort((a, b) => b - a));
  const names = await segments.names();
  expect(names.indexOf('Seattle and Paris contacts')).toBeLessThan(names.indexOf('Lyon contacts'));

  await segments.rowAction('Lyon contacts', 'Duplicate');
  await expect(page.getByRole('alert').filter({ hasText: 'Created “Lyon contacts (copy)” as a draft copy.' })).toBeVisible();
  // The copy is a draft: not under Live; all statuses shows it.
  await expect(segments.row('Lyon contacts (copy)')).toHaveCount(0);
  await segments.filter('Status', 'All statuses');
  await expect(segments.row('Lyon contacts (copy)')).toContainText('Draft');

  await segments.rowAction('Lyon contacts (copy)', 'Delete…');
  const dialog = page.getByRole('dialog', { name: 'Delete “Lyon contacts (copy)”?' });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(segments.row('Lyon contacts (copy)')).toHaveCount(0);
  await expect(segments.row('Lyon contacts')).toContainText('Live');
  // The list as a marketer sees it with live segments (members, last evaluated), sorted by members;
  // wait for the snackbar to go first.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.mouse.move(0, 0); // no row highlighted by the pointer
  await page.screenshot({ path: shot('segments-list.png') });
});
