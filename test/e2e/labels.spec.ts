/**
 * The label walk (issue 21): every page, tab and dialog of the built UI, on the demo database, shows the
 * catalog's labels and never a logical name from the data (`emailaddress1`, `parentcustomerid`,
 * `EmailSent`, `contactid`…). The Catalog view shows logical names only in the places marked
 * `data-logical-name` (its "Logical name" column), which the walk leaves out. The query text is code
 * (it may use logical names) and sits in a text box, whose content is not visible text here.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { goLive } from './pages/segmentSetup';

/** What the walk reads of `catalog.describe` (the e2e project does not compile shared/). */
interface Named {
  name: string;
  label: string;
}
interface Catalog {
  entities: (Named & { fields: Named[] })[];
  interactionTypes: (Named & { fields: Named[] })[];
  relationships: { name: string; label?: string }[];
}

/** Logical names that are ordinary words a sentence may use ("Give it a name"); their labels are checked elsewhere. */
const ORDINARY_WORDS = new Set([
  'name',
  'revenue',
  'industry',
  'url',
  'email',
  'phone',
  'city',
  'country',
  'website',
  'contact',
  'account',
]);

/** The demo catalog's logical names that differ from their labels: none may be read on screen. */
function internalNames(catalog: Catalog): string[] {
  const named: Named[] = [
    ...catalog.entities.flatMap((e) => [e, ...e.fields]),
    ...catalog.interactionTypes.flatMap((t) => [t, ...t.fields]),
    ...catalog.relationships.map((r) => ({ name: r.name, label: r.label ?? '' })),
  ];
  const names = named
    .filter((x) => x.name.toLowerCase() !== x.label.toLowerCase() && !ORDINARY_WORDS.has(x.name.toLowerCase()))
    .map((x) => x.name);
  return [...new Set(names)];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Visible text of the page (body, portals and dialogs included) without the marked logical-name places. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const marked = [...document.querySelectorAll<HTMLElement>('[data-logical-name]')];
    const before = marked.map((el) => el.style.display);
    marked.forEach((el) => (el.style.display = 'none'));
    const text = document.body.innerText;
    marked.forEach((el, i) => (el.style.display = before[i] ?? ''));
    return text;
  });
}

/** Fails with the place and the offending names (each with the text around it) when one is visible. */
async function expectNoInternalNames(page: Page, names: readonly string[], where: string): Promise<void> {
  const text = await visibleText(page);
  const found = names.flatMap((n) => {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${escape(n)}($|[^A-Za-z0-9_])`).exec(text);
    return m ? [`${n} in "…${text.slice(Math.max(0, m.index - 40), m.index + n.length + 40).replace(/\s+/g, ' ')}…"`] : [];
  });
  expect(found, `internal names visible on ${where}`).toEqual([]);
}

test('no page, tab or dialog shows a logical name of the demo catalog', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const api = await E2eApi.connect(baseURL ?? '');
  const catalog = await api.call<Catalog>('catalog.describe', {});
  api.close();
  const names = internalNames(catalog);
  // The walk is only worth something if the demo catalog has such names.
  expect(names).toEqual(
    expect.arrayContaining(['emailaddress1', 'parentcustomerid', 'address1_city', 'lifetimevalue', 'EmailSent', 'contactid']),
  );
  const check = (where: string) => expectNoInternalNames(page, names, where);

  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await check('the segments list');
  await list.openNewSegmentDialog();
  await check('the New segment dialog');
  await list.submitNewSegment('Label walk', 'Dynamic');
  await expect(list.dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Label walk', level: 1 })).toBeVisible();
  await record.estimateValue();
  await check('a new segment');

  // The designer: a profile row (its default field, then City with a missing value: an in-place message),
  // a related-entity group and an interaction block.
  const block1 = record.block(1);
  const row = await record.addRow(block1);
  await expect(row.getByRole('button', { name: /^Field:/ })).not.toHaveAccessibleName('Field: Contact ID');
  await check('a new rule');
  await row.getByRole('button', { name: /^Field:/ }).click();
  await expect(page.getByRole('combobox', { name: 'Search fields' })).toBeVisible();
  await check('the field picker');
  await page.keyboard.press('Escape');
  await record.chooseField(row, 'City');
  await expect(block1.getByRole('alert').first()).toContainText("'City'");
  await check('a rule with a validation message');
  await record.typeValues(row, 'Seattle');
  await block1.getByRole('button', { name: 'Add related entity' }).first().click();
  await expect(block1.getByRole('combobox', { name: 'Related entity' })).toHaveText(/\(Account\)$/);
  await block1.getByRole('combobox', { name: 'Related entity' }).click();
  await check('the related entity list');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Interaction block' }).click();
  const block2 = record.block(2);
  await block2.getByRole('combobox', { name: 'Interaction' }).click();
  await check('the interaction type list');
  await page.getByRole('option', { name: 'Email Sent' }).click();
  await expect(record.flow).toBeVisible();
  await record.estimateValue();
  await check('the designer with a profile, related and interaction block');
  await page.getByRole('button', { name: 'Query text' }).click();
  await expect(page.getByRole('textbox', { name: 'Query text' })).toBeVisible();
  await check('the query text view');
  await record.save();
  await goLive(page, record);

  for (const tab of ['General', 'Definition', 'Members', 'Insights']) {
    await record.tab(tab).click();
    await expect(record.tab(tab)).toHaveAttribute('aria-selected', 'true');
    // Wait for the tab's data: no progress indicator or skeleton left.
    await expect(page.locator('.MuiSkeleton-root, [role="progressbar"]')).toHaveCount(0, { timeout: 30_000 });
    await check(`the ${tab} tab`);
  }

  await page.goto('/#/contacts');
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeVisible();
  await expect(page.getByRole('grid').getByRole('row').nth(1)).toBeVisible({ timeout: 30_000 });
  await check('the contacts grid');
  await page.goto('/#/contacts/1');
  await expect(page.getByRole('region', { name: 'Interaction timeline' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.MuiSkeleton-root')).toHaveCount(0, { timeout: 30_000 });
  await check('a contact page');

  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  await check('the import wizard');
  await page.getByRole('tab', { name: 'Catalog' }).click();
  const view = page.getByRole('region', { name: 'Catalog' });
  await expect(view.getByRole('table', { name: 'Fields of Contact' })).toBeVisible();
  await expect(view.locator('[data-logical-name]').filter({ hasText: 'emailaddress1' })).toBeVisible();
  // Open every entity and interaction type.
  const closed = view.locator('.MuiAccordionSummary-root[aria-expanded="false"]');
  for (let n = await closed.count(); n > 0; n = await closed.count()) {
    await closed.first().click();
    await expect(closed).toHaveCount(n - 1);
  }
  await check('the catalog (outside its Logical name column)');

  // Renaming in the catalog: a label another field has is refused in place; a new one is used at once.
  await view.getByRole('button', { name: 'Rename field Lifetime Value of Contact' }).click();
  const box = view.getByRole('textbox', { name: 'Label of field Lifetime Value of Contact' });
  await box.fill('City');
  await box.press('Enter');
  await expect(view.getByText('"City" is already the label of another field of Contact.')).toBeVisible();
  await box.fill('Customer Value');
  await box.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('catalog-edit-labels.png') });
  await box.press('Enter');
  await expect(view.getByRole('button', { name: 'Rename field Customer Value of Contact' })).toBeVisible();
  // The builder reads the new label.
  await list.goto();
  await list.createSegment('Renamed label', 'Dynamic');
  await record.estimateValue();
  await record.chooseField(await record.addRow(record.block(1)), 'Customer Value');
});
