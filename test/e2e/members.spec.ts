import fs from 'node:fs';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { E2eApi } from './pages/apiClient';
import { countIn, createLiveCitySegment } from './pages/segmentSetup';

test('members of a live segment: search, explain, export CSV, insights', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const name = `Seattle members ${Date.now() % 100000}`;
  const record = await createLiveCitySegment(page, name, 'Seattle');
  const members = countIn(await record.members.innerText());
  expect(members).toBeGreaterThan(0);

  await record.tab('Members').click();
  const grid = page.getByRole('grid', { name: 'Members' });
  await expect(grid).toBeVisible();
  const total = page.getByTestId('members-total');
  await expect(total).toHaveText(`${members.toLocaleString('en-US')} members`);
  await expect(page.getByText(/Last evaluated:/)).toBeVisible();
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: shot('members-tab.png') });

  // Search by the first member's name: the list narrows to it.
  const firstName = (await grid.getByRole('row').nth(1).getByRole('gridcell').first().innerText()).trim();
  await page.getByRole('textbox', { name: 'Search members' }).fill(firstName);
  await expect(total).toContainText('matching member');
  await expect(grid.getByRole('row').nth(1)).toContainText(firstName);

  // Explain: the city rule is true for this contact.
  await grid
    .getByRole('button', { name: `Why is ${firstName} in?` })
    .first()
    .click();
  const explain = page.getByRole('dialog', { name: 'Why is this contact in?' });
  await expect(explain.getByText('The contact matches the definition.')).toBeVisible();
  await expect(explain).toContainText('Seattle');
  await page.screenshot({ path: shot('members-explain.png') });
  await explain.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('textbox', { name: 'Search members' }).fill('');

  // Export CSV: a download whose data rows are the members.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines.length - 1).toBe(members);
  await expect(page.getByText(/members exported/)).toBeVisible();

  // Edit a member's city on the contact page: the live segment follows (one member fewer).
  await page.getByRole('textbox', { name: 'Search members' }).fill(firstName);
  await grid
    .getByRole('button', { name: `Why is ${firstName} in?` })
    .first()
    .click();
  await explain.getByRole('button', { name: 'Open contact' }).click();
  await expect(page.getByRole('heading', { name: firstName, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Segments of this contact' })).toContainText(name);
  const city = page.getByRole('textbox', { name: 'City' });
  await city.fill('Portland');
  await page.getByRole('button', { name: /Save changes/ }).click();
  await expect(page.getByText(/Saved\. Live segments/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Segments of this contact' })).not.toContainText(name, { timeout: 15_000 });
  await page.screenshot({ path: shot('contact-page.png'), fullPage: true });
  await page.goBack();
  await expect(record.members).toHaveText(`${(members - 1).toLocaleString('en-US')} members`, { timeout: 15_000 });

  // Other live segments for the overlap panel (this spec's database holds only what it makes), one of
  // them sharing the Seattle members.
  const api = await E2eApi.connect(baseURL ?? '');
  try {
    for (const [label, cities] of [
      ['Chicago', ['Chicago']],
      ['Seattle or Chicago', ['Seattle', 'Chicago']],
    ] as const) {
      const rule = { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: cities };
      const root = { kind: 'group', id: 'g1', combinator: 'and', children: [rule] };
      const definition = {
        kind: 'dynamic',
        version: 1,
        blocks: [{ kind: 'profile', id: 'b1', combine: 'union', entity: 'contact', root }],
      };
      const created = await api.call<{ id: string }>('segments.create', {
        name: `${label} ${name.split(' ').at(-1)}`,
        type: 'dynamic',
        definition,
      });
      await api.call('segments.goLive', { id: created.id });
    }
  } finally {
    api.close();
  }

  // Insights: the charts render with data (two evaluations by now: go live and the data change).
  await record.tab('Insights').click();
  await expect(
    page.getByRole('region', { name: 'Members over time' }).locator('.MuiLineChart-line, .MuiLineChart-area').first(),
  ).toBeAttached();
  await expect(page.getByRole('region', { name: 'Added and removed per evaluation' }).locator('svg rect').first()).toBeAttached();
  await expect(page.getByRole('region', { name: 'Composition' }).locator('svg rect').first()).toBeAttached();
  await expect(page.getByRole('region', { name: 'Interaction activity of the members' }).locator('svg rect').first()).toBeAttached();
  await expect(page.getByText(/Saved\. Live segments/)).toBeHidden({ timeout: 15_000 });
  await page.screenshot({ path: shot('insights-tab.png') });
  const overlap = page.getByRole('region', { name: /Overlap with other live segments/ });
  await expect(overlap.getByRole('table')).toContainText('Seattle or Chicago');
  await overlap.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('insights-composition-overlap.png') });
});

test('members "as of" a past moment show who was in then', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const name = `Seattle then ${Date.now() % 100000}`;
  const record = await createLiveCitySegment(page, name, 'Seattle');
  const before = countIn(await record.members.innerText());
  expect(before).toBeGreaterThan(1);
  const id = decodeURIComponent(/#\/segments\/(.+)$/.exec(page.url())?.[1] ?? '');
  // A moment after going live (the browser and the host share this machine's clock and UTC). The as-of
  // picker counts in whole seconds, so the move below must land in a later second: wait for the clock
  // to reach it (a condition, not a guessed pause).
  const then = new Date();
  const nextSecond = then.getTime() - (then.getTime() % 1000) + 1000;
  await expect.poll(() => Date.now(), { intervals: [50] }).toBeGreaterThanOrEqual(nextSecond);

  // A member moves away: the live segment follows, one member fewer now.
  const api = await E2eApi.connect(baseURL ?? '');
  try {
    const first = await api.call<{ rows: { rid: number; name: string | null; key: string }[] }>('segments.members', { id, limit: 1 });
    const leaver = first.rows[0];
    if (!leaver) throw new Error('The segment has no members.');
    await api.call('contacts.update', { rid: leaver.rid, values: { address1_city: 'Tacoma' } });
    await expect(record.members).toHaveText(`${(before - 1).toLocaleString('en-US')} members`, { timeout: 15_000 });

    await record.tab('Members').click();
    const total = page.getByTestId('members-total');
    await expect(total).toHaveText(`${(before - 1).toLocaleString('en-US')} members`);
    const grid = page.getByRole('grid', { name: 'Members' });

    // As of the moment before the move: the leaver is still a member.
    const iso = then.toISOString();
    await page.getByLabel('Members as of date').fill(iso.slice(0, 10));
    await page.getByLabel('Members as of time').fill(iso.slice(11, 19));
    await expect(total).toContainText(`${before.toLocaleString('en-US')} members on`);
    await expect(page.getByRole('textbox', { name: 'Search members' })).toBeDisabled();
    const pastRows = await api.call<{ rows: { rid: number }[]; total: number }>('segments.membersAsOf', {
      id,
      at: new Date(then.getTime() - (then.getTime() % 1000) + 999).toISOString(),
      limit: 5000,
    });
    expect(pastRows.total).toBe(before);
    expect(pastRows.rows.map((r) => r.rid)).toContain(leaver.rid);
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
    await page.screenshot({ path: shot('members-as-of.png') });

    // The day before going live: no members yet, and the tab says why.
    const yesterday = new Date(then.getTime() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Members as of time').fill('');
    await page.getByLabel('Members as of date').fill(yesterday);
    await expect(total).toHaveText(`0 members on ${yesterday}`);
    await expect(page.getByText(/History starts on .*: the segment had no members before that\./)).toBeVisible();

    // Back to today: the current members, without the leaver.
    await page.getByRole('button', { name: 'Back to today' }).click();
    await expect(total).toHaveText(`${(before - 1).toLocaleString('en-US')} members`);
    await expect(page.getByRole('textbox', { name: 'Search members' })).toBeEnabled();
  } finally {
    api.close();
  }
});
