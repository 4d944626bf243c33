import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';

// WCAG 1.4.10 Reflow: at 320 CSS px wide (a 1280 px window at 400 % zoom) and at 640×400, no page scrolls
// sideways. Grids and wide tables may scroll inside themselves; the page, and the main region, may not.
// Screenshots land in test-results/screenshots/reflow-*.png (and the README's one in docs/screenshots).

/** How far the page and the main region scroll sideways, and the widest things that stick out (to say why). */
async function overflow(page: Page): Promise<{ page: number; main: number; culprits: string[] }> {
  return page.evaluate(() => {
    const doc = document.scrollingElement as HTMLElement;
    const main = document.getElementById('main-content') as HTMLElement;
    const limit = main.getBoundingClientRect().right + 1;
    const culprits: string[] = [];
    for (const el of Array.from(main.querySelectorAll<HTMLElement>('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= limit) continue;
      // Inside something that scrolls by itself (a grid, a wide table's box): allowed.
      let p = el.parentElement;
      let contained = false;
      while (p && p !== main) {
        const s = getComputedStyle(p);
        if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && p.getBoundingClientRect().right <= limit) {
          contained = true;
          break;
        }
        p = p.parentElement;
      }
      if (!contained)
        culprits.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').slice(0, 2).join('.')} right=${Math.round(r.right)}`);
    }
    return { page: doc.scrollWidth - doc.clientWidth, main: main.scrollWidth - main.clientWidth, culprits: culprits.slice(0, 8) };
  });
}

async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
  const o = await overflow(page);
  await page.screenshot({ path: shot(`reflow-${name}.png`) });
  expect.soft({ name, ...o }).toEqual({ name, page: 0, main: 0, culprits: [] });
}

const SIZES = [
  { width: 320, height: 640 },
  { width: 640, height: 400 },
] as const;

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the list, a live record’s tabs, dialogs, contacts, data import and catalog fit the width', async ({ page, baseURL }) => {
      test.setTimeout(180_000);
      const tag = `${size.width}`;
      // A live segment, so the record has its Members and Insights tabs (the first run's go-live sticks for the second size).
      const api = await E2eApi.connect(baseURL ?? '');
      const segments = await api.call<{ id: string; name: string; status: string }[]>('segments.list', {});
      const seattle = segments.find((x) => x.name === 'Contacts in Seattle');
      if (!seattle) throw new Error(`The demo data has no "Contacts in Seattle": ${segments.map((x) => x.name).join(', ')}`);
      if (seattle.status !== 'live') await api.call('segments.goLive', { id: seattle.id });
      // A draft with rule rows, so the builder's editing controls are measured too.
      const draft = await api.call<{ id: string }>('segments.create', {
        name: `Reflow draft ${size.width}`,
        type: 'dynamic',
        definition: {
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
                children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: ['Seattle', 'Redmond'] }],
              },
            },
          ],
        },
      });
      api.close();

      await page.goto('/#/segments');
      await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
      // The sidebar is a drawer behind a menu button here.
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
      await expectNoSidewaysScroll(page, `${tag}-segments`);

      await page.getByRole('button', { name: 'Open navigation' }).click();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expectNoSidewaysScroll(page, `${tag}-navigation`);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();

      await page.getByRole('button', { name: 'New segment' }).click();
      await expect(page.getByRole('dialog', { name: 'New segment' })).toBeVisible();
      await expectNoSidewaysScroll(page, `${tag}-new-segment-dialog`);
      await page.keyboard.press('Escape');

      await page.goto(`/#/segments/${seattle.id}`);
      await expect(page.getByRole('heading', { name: 'Contacts in Seattle', level: 1 })).toBeVisible();
      for (const tab of ['General', 'Definition', 'Members', 'Insights']) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        if (tab === 'Members') await expect(page.getByRole('grid').first()).toBeVisible();
        if (tab === 'Insights') await expect(page.getByRole('img', { name: 'Members over time' })).toBeVisible();
        await expectNoSidewaysScroll(page, `${tag}-record-${tab.toLowerCase()}`);
      }

      await page.goto(`/#/segments/${draft.id}`);
      await page.getByRole('tab', { name: 'Definition' }).click();
      await expect(page.getByTestId('estimate-total')).toHaveText(/\d/);
      await page.locator('.rule').first().scrollIntoViewIfNeeded();
      await expectNoSidewaysScroll(page, `${tag}-draft-definition`);
      if (size.width === 320) await page.screenshot({ path: shot('reflow-320.png') });

      await page.goto('/#/contacts');
      await expect(page.getByRole('heading', { name: /^Contacts/, level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expectNoSidewaysScroll(page, `${tag}-contacts`);
      // The name cell: the first cell holds the row's selection checkbox.
      await page.getByRole('grid').first().getByRole('gridcell').and(page.locator('[data-field="displayName"]')).first().click();
      await expect(page).toHaveURL(/#\/contacts\/\d+/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, `${tag}-contact`);

      await page.goto('/#/data');
      await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, `${tag}-data`);
      const wizard = page.getByRole('region', { name: 'Import wizard' });
      const csv = ['contactid,fullname,address1_city,numberofchildren', 'R1,Rae Flow,Tromsø,2', 'R2,Rex Flow,Bodø,0'].join('\n');
      await wizard
        .getByLabel('CSV file', { exact: true })
        .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Rae Flow');
      await expectNoSidewaysScroll(page, `${tag}-import-mapping`);
      await page.getByRole('tab', { name: 'Catalog' }).click();
      await page.waitForLoadState('networkidle');
      await expectNoSidewaysScroll(page, `${tag}-catalog`);
    });
  });
}
