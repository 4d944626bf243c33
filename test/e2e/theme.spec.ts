import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';

// The theme choice (Follow system / Light / Dark), remembered across reloads, following the OS live; and the dark
// theme's contrast checked by axe-core's color-contrast rule on the main pages (WCAG 1.4.3 in both themes).

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const mode = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);

/** axe's contrast findings on the page as it is now: "rule: target (ratio)" per failing node. */
async function contrastProblems(page: Page): Promise<string[]> {
  // Evaluated rather than added as a <script>: the app's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      passes: { nodes: unknown[] }[];
      violations: {
        id: string;
        nodes: { target: string[]; any: { data?: { contrastRatio?: number; fgColor?: string; bgColor?: string } }[] }[];
      }[];
    }
    const r = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] } });
    // A check that saw nothing proves nothing: the page must have text axe compared.
    if (r.passes.reduce((n, p) => n + p.nodes.length, 0) < 5) return ['color-contrast: fewer than 5 elements checked'];
    return r.violations.flatMap((v) =>
      v.nodes.map((n) => {
        const d = n.any[0]?.data;
        return `${v.id}: ${n.target.join(' ')} (${d?.fgColor ?? ''} on ${d?.bgColor ?? ''}, ${d?.contrastRatio ?? '?'}:1)`;
      }),
    );
  });
}

test('Follow system follows the OS live; a chosen theme sticks across reloads and OS changes', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/#/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  expect(await mode(page)).toBe('light');
  // The OS switches to dark while the app is open: the page follows without a reload.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => mode(page)).toBe('dark');
  const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(body).toBe('rgb(18, 20, 24)');

  await page.getByRole('button', { name: 'Appearance: Follow system' }).click();
  await page.getByRole('menuitemradio', { name: 'Light' }).click();
  await expect.poll(() => mode(page)).toBe('light');
  // Focus is back on the button that opened the menu.
  await expect(page.getByRole('button', { name: 'Appearance: Light' })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  expect(await mode(page)).toBe('light');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Appearance: Light' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect.poll(() => mode(page)).toBe('dark');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  expect(await mode(page)).toBe('dark');
});

test('the dark theme passes axe’s contrast rules on the list, a live record’s tabs, Insights, contacts and data', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const api = await E2eApi.connect(baseURL ?? '');
  const segments = await api.call<{ id: string; name: string; status: string }[]>('segments.list', {});
  const seattle = segments.find((x) => x.name === 'Contacts in Seattle');
  if (!seattle) throw new Error('The demo data has no "Contacts in Seattle".');
  if (seattle.status !== 'live') await api.call('segments.goLive', { id: seattle.id });
  api.close();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/#/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  expect(await mode(page)).toBe('dark');
  const problems: string[] = [];
  const check = async (where: string) => problems.push(...(await contrastProblems(page)).map((p) => `${where}: ${p}`));
  await check('segments');

  await page.goto(`/#/segments/${seattle.id}`);
  await expect(page.getByRole('heading', { name: 'Contacts in Seattle', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Definition' }).click();
  await expect(page.getByTestId('estimate-total')).toHaveText(/\d/);
  await page.screenshot({ path: shot('dark-segment-record.png') });
  await check('record definition');
  await page.getByRole('tab', { name: 'Members' }).click();
  await expect(page.getByRole('grid').first()).toBeVisible();
  await check('record members');
  await page.getByRole('tab', { name: 'Insights' }).click();
  await expect(page.getByRole('img', { name: 'Members over time' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Composition by / })).toBeVisible();
  // The page scrolls inside its main region, so a taller window shows every chart at once.
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: shot('dark-insights.png') });
  await page.setViewportSize({ width: 1280, height: 760 });
  await check('insights');
  await page.getByRole('region', { name: 'Composition' }).getByRole('switch', { name: 'Show as table' }).check();
  await expect(page.getByRole('region', { name: 'Composition' }).getByRole('table')).toBeVisible();
  await check('insights table');

  await page.goto('/#/contacts');
  await expect(page.getByRole('heading', { name: /^Contacts/, level: 1 })).toBeVisible();
  await expect(page.getByRole('grid').first()).toBeVisible();
  await check('contacts');
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  await check('data');
  expect(problems).toEqual([]);
});
