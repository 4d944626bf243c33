/**
 * The marketer's walk of issue 16: a semicolon file (as Excel writes it in many locales) goes through
 * the wizard — the delimiter is detected, columns map onto existing fields (one proposed, one picked
 * from the list), one becomes a new field — and "Undo this import" takes it all back: contacts, the
 * catalog and a live segment's members are as before.
 */
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';

interface Field {
  name: string;
}
interface Catalog {
  entities: { name: string; fields: Field[] }[];
}
interface ContactPage {
  rows: { rid: number; key: string }[];
  total: number;
}

test('a semicolon file imported onto existing fields is undone: contacts, catalog and live members back', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const api = await E2eApi.connect(baseURL ?? '');
  const stamp = Date.now() % 100000;
  const city = `Undoville${stamp}`;
  try {
    // Two demo contacts live in a city of their own; a live segment holds them.
    const first = await api.call<ContactPage>('contacts.list', { limit: 3 });
    const [a, b, c] = first.rows;
    if (!a || !b || !c) throw new Error('the demo data has fewer than three contacts');
    for (const r of [a, b]) await api.call('contacts.update', { rid: r.rid, values: { address1_city: city } });
    const seg = await api.call<{ id: string }>('segments.create', {
      name: `Undo walk ${stamp}`,
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
              children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [city] }],
            },
          },
        ],
      },
    });
    await api.call('segments.goLive', { id: seg.id });
    const members = async () =>
      (await api.call<{ rows: { key: string }[] }>('segments.members', { id: seg.id, limit: 100 })).rows.map((r) => r.key).sort();
    const membersBefore = await members();
    expect(membersBefore).toEqual([a.key, b.key].sort());
    const contactFields = async () =>
      (await api.call<Catalog>('catalog.describe', {})).entities.find((e) => e.name === 'contact')?.fields.map((f) => f.name) ?? [];
    const fieldsBefore = await contactFields();
    const totalBefore = (await api.call<ContactPage>('contacts.list', { limit: 1 })).total;
    const detail = async (rid: number) =>
      (await api.call<{ fields: { name: string; value: unknown }[] }>('contacts.get', { rid })).fields.find(
        (f) => f.name === 'address1_city',
      )?.value;
    const cityOfC = await detail(c.rid);

    // The file: a moves away, c moves in, a new contact arrives in the city; a new "Tier" column.
    const file = [
      'Contact ID;Full name;City;Tier',
      `${a.key};Ann Moved;Elsewhere;gold`,
      `${c.key};Cy Arrived;${city};silver`,
      `U${stamp}-1;Una New;${city};gold`,
    ].join('\r\n');
    await page.goto('/#/data');
    const wizard = page.getByRole('region', { name: 'Import wizard' });
    await wizard
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: `undo-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(file) });
    await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Una New');
    await expect(wizard.getByRole('combobox', { name: 'Delimiter' })).toHaveText('Semicolon (;)');
    await expect(wizard.getByRole('combobox', { name: 'Key column' })).toHaveText('Contact ID');
    // "City" is proposed onto the existing address1_city field; "Full name" is picked from the list.
    await expect(wizard.getByRole('combobox', { name: 'Target for City' })).toContainText('address1_city');
    await wizard.getByRole('combobox', { name: 'Target for Full name' }).click();
    await page.getByRole('option', { name: /\(fullname\)/ }).click();
    await expect(wizard.getByRole('combobox', { name: 'Target for Full name' })).toContainText('fullname');
    await expect(wizard.getByRole('combobox', { name: 'Target for Tier' })).toHaveText('New field…');
    await wizard.getByRole('textbox', { name: 'Display name for Tier' }).fill('Loyalty tier');
    await page.screenshot({ path: shot('import-undo-mapping.png'), fullPage: true });
    await wizard.getByRole('button', { name: 'Start import' }).click();
    await expect(wizard.getByRole('status', { name: 'Import summary' })).toContainText('1 new, 2 updated, 0 skipped of 3 rows', {
      timeout: 30_000,
    });
    await expect.poll(members, { timeout: 30_000 }).toEqual([b.key, c.key, `U${stamp}-1`].sort());
    expect(await contactFields()).toContain('Tier');

    // Undo it from the recent imports.
    const history = page.getByRole('region', { name: 'Recent imports' });
    await history.getByRole('button', { name: `Undo this import: undo-${stamp}.csv` }).click();
    const dialog = page.getByRole('dialog', { name: /Undo the import of/ });
    await expect(dialog).toContainText('1 record it created will be deleted');
    await dialog.getByRole('button', { name: 'Undo import' }).click();
    await expect(history.getByRole('status')).toContainText('Import undone', { timeout: 30_000 });
    await page.screenshot({ path: shot('import-undone.png'), fullPage: true });

    expect(await members()).toEqual(membersBefore);
    expect(await contactFields()).toEqual(fieldsBefore);
    expect((await api.call<ContactPage>('contacts.list', { limit: 1 })).total).toBe(totalBefore);
    expect(await detail(a.rid)).toBe(city);
    expect(await detail(c.rid)).toBe(cityOfC);
    await expect(history.getByRole('button', { name: `Undo this import: undo-${stamp}.csv` })).toHaveCount(0);
  } finally {
    api.close();
  }
});
