// Templates (F19, issue 17): New dynamic segment opens the gallery; a built-in template becomes a draft whose
// parameters are filled in the designer, then saved and estimated; a segment is saved as a template with a
// parameter row on a related entity's field; the gallery passes axe. Screenshots: test-results/screenshots/templates-*.png.
import path from 'node:path';
import { AxeAudit } from './axe';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

/** What these walks read of the API's answers (test/e2e does not import shared/). */
interface TemplateListItem {
  name: string;
  labels: string[];
  parameters: { nodeId: string; label: string; help: string }[];
}
interface SegmentSummary {
  id: string;
}

const shot = (name: string): string => path.join('test-results', 'screenshots', `templates-${name}.png`);

test('pick a built-in template, fill its parameters, save: the estimate is that of the filled rules', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const audit = new AxeAudit(page);
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.openNewSegmentDialog();
  await list.dialog.getByRole('textbox', { name: 'Name' }).fill('Seattle VIPs');
  await list.dialog.getByRole('button', { name: 'Next: choose a template' }).click();

  const gallery = page.getByRole('dialog', { name: /choose a template/ });
  const templates = gallery.getByRole('list', { name: 'Templates' });
  await expect(templates.getByRole('button')).toHaveCount(6);
  await gallery.getByRole('button', { name: 'B2B' }).click();
  await expect(templates.getByRole('button')).toHaveCount(1);
  await gallery.getByRole('button', { name: 'All labels' }).click();
  await gallery.getByRole('textbox', { name: 'Search templates' }).fill('city');
  await templates.getByRole('button', { name: /High-value contacts in a city/ }).click();
  const info = gallery.getByRole('region', { name: 'Template information' });
  await expect(info.getByText('City equals ‹Which city? (e.g. Seattle)›')).toBeVisible();
  await expect(info.getByText('Lifetime value above … (e.g. 1000)', { exact: false })).toHaveCount(2);
  await page.screenshot({ path: shot('gallery') });
  await audit.check('template gallery with a template selected');

  await gallery.getByRole('button', { name: 'Select' }).click();
  await expect(page.getByRole('heading', { name: 'Seattle VIPs', level: 1 })).toBeVisible();
  const panel = page.getByRole('alert', { name: 'Template parameters' });
  await expect(panel).toContainText('fill in these 2 parameters');
  const rows = record.block(1).locator('.rule');
  await expect(record.block(1).locator('[data-node-id="city"]')).toContainText(
    "Fill in the parameter row 'City': Which city? (e.g. Seattle)",
  );
  await page.screenshot({ path: shot('parameters-to-fill') });
  await page.getByRole('button', { name: 'Query text' }).click();
  await expect(page.getByText('Fill in the template’s parameters first')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Query text' })).toHaveCount(0);
  await audit.check('designer with unfilled parameters');

  await record.typeValues(rows.nth(0), 'Seattle');
  await rows.nth(1).getByRole('textbox', { name: 'Value' }).fill('1000');
  await expect(panel).toContainText('every parameter is filled in');
  await expect(page.getByText('Fill in the template’s parameters first')).toHaveCount(0);
  await record.save();
  const shown = await record.estimateValue();
  await page.screenshot({ path: shot('parameters-filled') });

  const api = await E2eApi.connect(baseURL ?? '');
  try {
    const plain = await api.call<{ total: number }>('segments.estimate', {
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
              id: 'g',
              combinator: 'and',
              children: [
                { kind: 'rule', id: 'a', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
                { kind: 'rule', id: 'b', field: 'lifetimevalue', operator: 'gt', values: [1000] },
              ],
            },
          },
        ],
      },
    });
    expect(shown).toBe(plain.total);
    expect(shown).toBeGreaterThan(0);
  } finally {
    api.close();
  }
  audit.assertClean();
});

test('save a segment as a template with a parameter row on a related entity, then find it in the gallery', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const api = await E2eApi.connect(baseURL ?? '');
  const audit = new AxeAudit(page);
  try {
    const segment = await api.call<SegmentSummary>('segments.create', {
      name: 'Retail contacts in Seattle',
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
              id: 'g',
              combinator: 'and',
              children: [
                { kind: 'rule', id: 'city', field: 'address1_city', operator: 'eq', values: ['Seattle'] },
                {
                  kind: 'related',
                  id: 'acct',
                  relationship: 'contact_account_parentcustomerid',
                  direction: 'toReferenced',
                  entity: 'account',
                  combinator: 'and',
                  children: [{ kind: 'rule', id: 'ind', field: 'industry', operator: 'eq', values: ['Retail'] }],
                },
              ],
            },
          },
        ],
      },
    });
    await page.goto(`/#/segments/${segment.id}`);
    await page.getByRole('tab', { name: 'Definition' }).click();
    await page.getByRole('button', { name: 'Save as template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as template' });
    await dialog.getByRole('textbox', { name: 'Template name' }).fill('Contacts of an industry in Seattle');
    await dialog.getByRole('textbox', { name: 'Labels' }).fill('B2B, Location');
    await dialog.getByRole('checkbox', { name: /Industry is 'Retail'/ }).check();
    const help = dialog.getByRole('textbox', { name: /Help text for Industry is/ });
    await help.fill('Which industry?');
    await page.screenshot({ path: shot('save-as-template') });
    await audit.check('save as template dialog');
    await dialog.getByRole('button', { name: 'Save as template' }).click();
    await expect(dialog).toBeHidden();

    const stored = (await api.call<TemplateListItem[]>('templates.list', {})).find((t) => t.name === 'Contacts of an industry in Seattle');
    expect(stored?.parameters).toEqual([{ nodeId: 'ind', label: 'Account: Industry', help: 'Which industry?' }]);
    expect(stored?.labels).toEqual(['B2B', 'Location']);

    const list = new SegmentsPage(page);
    await list.goto();
    await list.openNewSegmentDialog();
    await list.dialog.getByRole('textbox', { name: 'Name' }).fill('From my template');
    await list.dialog.getByRole('button', { name: 'Next: choose a template' }).click();
    const gallery = page.getByRole('dialog', { name: /choose a template/ });
    await gallery.getByRole('button', { name: 'Location' }).click();
    await gallery.getByRole('button', { name: /Contacts of an industry in Seattle/ }).click();
    await expect(gallery.getByRole('region', { name: 'Template information' })).toContainText('Account: Industry: Which industry?');
    await page.screenshot({ path: shot('gallery-saved-template') });
    await audit.check('gallery with a saved template');
  } finally {
    api.close();
  }
  audit.assertClean();
});
