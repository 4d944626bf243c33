// The keyboard-only walk of issue 20: create → build a rule → save → go live → Members → export, with
// keyboard.press / keyboard.type only (no clicks), checking where focus is at each step, and photographing
// the focus ring on each kind of control on the way (docs/screenshots/keyboard-focus-*.png via shot()).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { E2eApi } from './pages/apiClient';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';

/** What has focus: tag, role, accessible-ish name, and a few facts the walk checks. */
interface Focus {
  tag: string;
  role: string;
  name: string;
  testId: string;
  id: string;
  inGrid: string;
  inDialog: string;
}

async function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: '', name: '', testId: '', id: '', inGrid: '', inDialog: '' };
    const labelled = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label') ?? (labelled ? (document.getElementById(labelled)?.textContent ?? '') : '') ?? '';
    const dialog = el.closest('[role="dialog"]');
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') ?? '',
      name: (name || el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 80),
      testId: el.getAttribute('data-testid') ?? el.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
      id: el.id,
      inGrid: el.closest('[role="grid"]')?.getAttribute('aria-label') ?? '',
      inDialog: dialog ? (document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent ?? 'dialog') : '',
    };
  });
}

const describe = (f: Focus) => `${f.tag}[${f.role}] "${f.name}"`;

/** Presses `key` (Tab or Shift+Tab) until focus satisfies `is`; fails with the path focus took. */
async function moveTo(page: Page, what: string, is: (f: Focus) => boolean, key = 'Tab', max = 60): Promise<Focus> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focus(page);
    seen.push(describe(f));
    if (is(f)) return f;
  }
  throw new Error(`${what} not reached with ${max} × ${key}; focus went: ${seen.join(' → ')}`);
}

const named = (name: string | RegExp) => (f: Focus) => (typeof name === 'string' ? f.name === name : name.test(f.name));

test('keyboard only: create a segment, build a rule, save, go live, open Members, explain a member, export', async ({ page }) => {
  test.setTimeout(180_000);
  const record = new SegmentRecordPage(page);
  const name = `Keyboard ${Date.now() % 100000}`;
  await page.goto('/#/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();

  // The skip link first, then the navigation's items.
  await page.keyboard.press('Tab');
  expect((await focus(page)).name).toBe('Skip to main content');
  await moveTo(page, 'the Segments nav item', (f) => f.role === 'button' && f.name === 'Segments' && f.tag === 'div');
  await page.screenshot({ path: shot('keyboard-focus-nav-item.png') });

  // New segment (a contained button) → the dialog, focus in its Name field.
  await moveTo(page, 'New segment', named('New segment'));
  await page.screenshot({ path: shot('keyboard-focus-contained-button.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New segment' })).toBeVisible();
  expect(await focus(page)).toMatchObject({ tag: 'input', inDialog: 'New segment' });
  await page.keyboard.type(name);
  await moveTo(page, 'the Next button', named('Next: choose a template'));
  await page.screenshot({ path: shot('keyboard-focus-dialog-button.png') });
  await page.keyboard.press('Enter');
  // The template gallery (F19): this walk starts from scratch.
  await moveTo(page, 'Start from scratch', named('Start from scratch'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New segment' })).toBeHidden();

  // Create opens the new record.
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await record.estimateValue();

  // Build "City equals Seattle": Add row, the field search (it opens with the current field selected,
  // so typing replaces it), the value.
  await moveTo(page, 'Add row', named('Add row'));
  await page.screenshot({ path: shot('keyboard-focus-outlined-button.png') });
  await page.keyboard.press('Enter');
  await expect(record.block(1).locator('.rule')).toHaveCount(1);
  await moveTo(page, 'the row’s field button', named(/^Field:/));
  await page.keyboard.press('Enter');
  const search = page.getByRole('combobox', { name: 'Search fields' });
  await expect(search).toBeFocused();
  const selection = await search.evaluate((i: HTMLInputElement) => ({ all: i.value.length, start: i.selectionStart, end: i.selectionEnd }));
  expect(selection.all).toBeGreaterThan(0);
  expect(selection).toEqual({ all: selection.all, start: 0, end: selection.all });
  await page.keyboard.type('City');
  await expect(search).toHaveValue('City');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(record.block(1).getByRole('button', { name: 'Field: City' })).toBeVisible();
  await moveTo(page, 'the operator select', named('Operator'));
  await page.screenshot({ path: shot('keyboard-focus-select.png') });
  await moveTo(page, 'the Values box', (f) => f.tag === 'input' && f.name === 'Values');
  await page.keyboard.type('Seattle');
  await page.keyboard.press('Enter');
  await expect(record.block(1).getByText('Seattle')).toBeVisible();
  // The row's drag handle is a Tab stop named after its row.
  await moveTo(page, 'the row’s drag handle', named(/^Move rule City equals Seattle$/), 'Shift+Tab');
  await page.screenshot({ path: shot('keyboard-focus-drag-handle.png') });
  await moveTo(page, 'the Not switch', (f) => f.tag === 'input' && f.role === 'switch', 'Shift+Tab');
  await page.screenshot({ path: shot('keyboard-focus-switch.png') });

  // Save (a text button in the command bar): focus then goes to the next command, Go live.
  await moveTo(page, 'Save', named('Save'), 'Shift+Tab');
  await page.screenshot({ path: shot('keyboard-focus-text-button.png') });
  await page.keyboard.press('Enter');
  await expect(page.getByText('(unsaved changes)')).toHaveCount(0);
  await expect.poll(async () => (await focus(page)).name).toBe('Go live');

  // Go live: review, confirm; focus lands on the dialog's message, then Close → the record heading.
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Go live/ });
  await expect(dialog.getByText(/will go live with/)).toBeVisible();
  await moveTo(page, 'the dialog’s Go live button', (f) => f.name === 'Go live' && f.inDialog !== '');
  await page.keyboard.press('Enter');
  await expect(dialog.getByText(/is live with/)).toBeVisible({ timeout: 60_000 });
  expect((await focus(page)).testId).toBe('go-live-message');
  await moveTo(page, 'Close', named('Close'));
  await page.keyboard.press('Enter');
  await expect(record.status).toHaveText('Live');
  await expect.poll(async () => (await focus(page)).id).toBe('record-heading');

  // Members: the tab list is one Tab stop; arrows move between tabs, Enter opens one.
  await moveTo(page, 'the selected tab', (f) => f.role === 'tab');
  await page.screenshot({ path: shot('keyboard-focus-tab.png') });
  const members = page.getByRole('tab', { name: 'Members' });
  for (let i = 0; i < 4 && !(await members.evaluate((t) => t === document.activeElement)); i++) await page.keyboard.press('ArrowRight');
  await expect(members).toBeFocused();
  await page.keyboard.press('Enter');
  const grid = page.getByRole('grid', { name: 'Members' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();

  // The grid is one Tab stop: in with Tab, arrows inside, out with the next Tab.
  await moveTo(page, 'the Members grid', (f) => f.inGrid === 'Members');
  await page.keyboard.press('ArrowDown');
  expect(await focus(page)).toMatchObject({ role: 'gridcell', inGrid: 'Members' });
  await page.screenshot({ path: shot('keyboard-focus-grid-cell.png') });
  // End: the last column, the row's explain action (the grid moves focus onto its button).
  await page.keyboard.press('End');
  await expect.poll(async () => describe(await focus(page))).toMatch(/^button\[.*\] "Why is .* in\?"$/);
  await page.keyboard.press('Enter');
  const explain = page.getByRole('dialog', { name: 'Why is this contact in?' });
  await expect(explain.getByText('The contact matches the definition.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(explain).toBeHidden();
  await expect.poll(async () => (await focus(page)).inGrid).toBe('Members');
  await page.keyboard.press('Tab');
  expect((await focus(page)).inGrid).toBe('');

  // Export CSV from the keyboard.
  await moveTo(page, 'Export CSV', named('Export CSV'), 'Shift+Tab');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await expect(page.getByText(/members exported/)).toBeVisible();
});

test('keyboard only: delete from the list lands on the next row; a grid checkbox in the static picker', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  const api = await E2eApi.connect(baseURL ?? '');
  let id: string;
  try {
    id = (await api.call<{ id: string }>('segments.create', { name: `Keyboard picks ${stamp}`, type: 'static' })).id;
    await api.call('segments.create', { name: `Keyboard doomed ${stamp}`, type: 'static' });
  } finally {
    api.close();
  }

  // The row menu, then Delete… and its dialog, all from the keyboard. The opener (the deleted row's
  // menu button) is gone afterwards: focus goes to the row that took its place, not the page body.
  await page.goto('/#/segments');
  await expect(page.getByRole('heading', { name: 'Segments', level: 1 })).toBeVisible();
  await moveTo(page, 'the doomed row’s actions button', named(`Actions for Keyboard doomed ${stamp}`));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  expect((await focus(page)).role).toBe('menuitem');
  await page.screenshot({ path: shot('keyboard-focus-menu-item.png') });
  await page.keyboard.press('End');
  expect((await focus(page)).name).toBe('Delete…');
  await page.keyboard.press('Enter');
  const del = page.getByRole('dialog', { name: /Delete/ });
  await expect(del).toBeVisible();
  await moveTo(page, 'the dialog’s Delete button', (f) => f.name === 'Delete' && f.inDialog !== '');
  await page.keyboard.press('Enter');
  await expect(del).toBeHidden();
  await expect(page.getByRole('rowheader', { name: `Keyboard doomed ${stamp}` })).toHaveCount(0);
  await expect.poll(async () => (await focus(page)).tag).toBe('tr');

  // A static segment's contact picker: selection checkboxes inside the grid's single Tab stop.
  await page.goto(`/#/segments/${id}`);
  const record = new SegmentRecordPage(page);
  await expect(record.tab('General')).toBeVisible();
  await moveTo(page, 'the Definition tab', (f) => f.role === 'tab');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const picker = page.getByRole('grid', { name: 'Contacts to pick' });
  await expect(picker.getByRole('row').nth(1)).toBeVisible();
  await moveTo(page, 'the picker grid', (f) => f.inGrid === 'Contacts to pick');
  await page.keyboard.press('ArrowDown');
  const box = await focus(page);
  expect(box).toMatchObject({ tag: 'input', inGrid: 'Contacts to pick' });
  await page.screenshot({ path: shot('keyboard-focus-checkbox.png') });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Add 1 picked' })).toBeEnabled();
});
