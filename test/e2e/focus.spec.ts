import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';
import { SegmentRecordPage } from './pages/SegmentRecordPage';
import { SegmentsPage } from './pages/SegmentsPage';

// WCAG 2.4.7 / 2.4.11 / 2.4.1: every kind of control shows the theme's 2 px focus ring when reached with Tab,
// and the skip link is the first Tab stop. Screenshots of each kind land in test-results/screenshots/focus-*.png.

/** What the focused element is, and the outline on the element that draws its ring (a field draws it round itself). */
interface Focused {
  tag: string;
  role: string;
  name: string;
  classes: string;
  outlineStyle: string;
  outlineWidth: number;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const ringHolder =
      (el.closest('.MuiInputBase-root, .MuiSwitch-switchBase, .MuiCheckbox-root, .MuiRadio-root') as HTMLElement | null) ?? el;
    const style = getComputedStyle(ringHolder);
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role') ?? '',
      name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '',
      classes: `${el.className} ${ringHolder.className}`,
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
    };
  });
}

/** Presses Tab (at most `max` times) until the focused element is of `kind`, then checks and photographs its ring. */
async function tabTo(page: Page, kind: string, is: (f: Focused) => boolean, max = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(`${f.tag}[${f.role}] ${f.name}`);
    if (!is(f)) continue;
    expect({ kind, outlineStyle: f.outlineStyle }).not.toEqual({ kind, outlineStyle: 'none' });
    expect({ kind, outlineWidth: f.outlineWidth >= 2 }).toEqual({ kind, outlineWidth: true });
    await page.screenshot({ path: shot(`focus-${kind}.png`) });
    return f;
  }
  throw new Error(`No ${kind} reached in ${max} Tabs; focus went through: ${seen.join(' → ')}`);
}

const has = (cls: string) => (f: Focused) => f.classes.includes(cls);

test('the skip link is the first Tab stop and moves focus to the main region', async ({ page }) => {
  await new SegmentsPage(page).goto();
  await page.keyboard.press('Tab');
  const first = await focused(page);
  expect(first.name).toBe('Skip to main content');
  expect(first.outlineWidth).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeInViewport();
  await page.screenshot({ path: shot('focus-skip-link.png') });
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
  // The next Tab goes into the page, past the navigation.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});

test('every control kind on the Segments list shows a 2 px focus ring', async ({ page }) => {
  await new SegmentsPage(page).goto();
  await tabTo(page, 'nav-item', has('MuiListItemButton'));
  await tabTo(page, 'contained-button', has('MuiButton-contained'));
  await tabTo(page, 'text-field', (f) => f.tag === 'input' && has('MuiInputBase')(f));
  await tabTo(page, 'select', (f) => f.role === 'combobox' && f.tag === 'div');
  await tabTo(page, 'sort-header', has('MuiTableSortLabel'));
  await tabTo(page, 'icon-button', (f) => f.tag === 'button' && f.name.startsWith('Actions for'));
  // The row-action menu: its items keep a ring distinct from the hover/selected grey.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  const item = await focused(page);
  expect(item.role).toBe('menuitem');
  expect(item.outlineWidth).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: shot('focus-menu-item.png') });
  await page.keyboard.press('Escape');

  // A dialog's buttons and radios.
  await page.getByRole('button', { name: 'New segment' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New segment' })).toBeVisible();
  await tabTo(page, 'radio', has('MuiRadio'));
  await tabTo(page, 'dialog-text-button', (f) => has('MuiButton-text')(f) && f.name === 'Cancel');
});

test('every control kind on a segment record shows a 2 px focus ring', async ({ page }) => {
  test.setTimeout(120_000); // two walks round the whole page, one Tab and one read at a time
  const list = new SegmentsPage(page);
  const record = new SegmentRecordPage(page);
  await list.goto();
  await list.createSegment('Focus walk', 'Dynamic');
  await expect(page.getByRole('heading', { name: 'Focus walk', level: 1 })).toBeVisible();
  await record.estimateValue();
  await record.chooseField(await record.addRow(record.block(1)), 'City');
  await record.chooseField(await record.addRow(record.block(1)), 'City');

  await page.getByRole('button', { name: 'Back to segments' }).focus();
  await tabTo(page, 'outlined-button', has('MuiButton-outlined'));
  await tabTo(page, 'tab', (f) => f.role === 'tab');
  await tabTo(page, 'switch', has('MuiSwitch'));
  await tabTo(page, 'operator-select', (f) => f.tag === 'select' && f.name === 'Operator');
  // Both are reached by wrapping round the page (the first enabled "down" is row 1's): past the group tools and check boxes.
  await tabTo(page, 'move-button', (f) => /^Move rule .* down$/.test(f.name), 60);
  const size = await page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().toJSON() as DOMRect);
  expect(size.width).toBeGreaterThanOrEqual(24);
  expect(size.height).toBeGreaterThanOrEqual(24);
  await tabTo(page, 'builder-add-button', (f) => has('MuiButton-outlined')(f) && /Add/.test(f.name), 60);
});

test('the contacts grid shows the ring on its column headers and cells', async ({ page }) => {
  await page.goto('/#/contacts');
  await expect(page.getByRole('grid')).toBeVisible();
  // The grid's one Tab stop is its header: the select-all checkbox (the grid selects rows) or a column header.
  await tabTo(page, 'grid-header', (f) => f.role === 'columnheader' || f.name === 'Select all rows');
  if ((await focused(page)).role !== 'columnheader') await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const cell = await focused(page);
  expect(cell.role).toBe('gridcell');
  expect(cell.outlineStyle).not.toBe('none');
  expect(cell.outlineWidth).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: shot('focus-grid-cell.png') });
});

test('with prefers-reduced-motion the theme drops transitions and ripples but keeps the ring', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new SegmentsPage(page).goto();
  const button = page.getByRole('button', { name: 'New segment' });
  expect(
    await button.evaluate((b) =>
      getComputedStyle(b)
        .transitionDuration.split(',')
        .every((d) => parseFloat(d) === 0),
    ),
  ).toBe(true);
  await tabTo(page, 'contained-button-reduced-motion', has('MuiButton-contained'));
  await expect(button.locator('.MuiTouchRipple-root')).toHaveCount(0);
});

test('a contact page: chips show the ring, and the key field’s helper text keeps ≥ 4.5:1 while disabled', async ({ page }) => {
  await page.goto('/#/contacts');
  // The name cell: the first cell holds the row's selection checkbox.
  await page.getByRole('gridcell').and(page.locator('[data-field="displayName"]')).first().click();
  await expect(page.getByRole('region', { name: 'Interaction timeline' })).toBeVisible();
  const helper = page.getByText('The key cannot be changed.').first();
  // rgba(0, 0, 0, 0.6) on white paper is 5.7:1; MUI's disabled grey (0.38) was 2.67:1.
  await expect(helper).toHaveCSS('color', 'rgba(0, 0, 0, 0.6)');
  await page.getByRole('region', { name: 'Interaction timeline' }).getByRole('button', { name: 'All' }).focus();
  await page.keyboard.press('Shift+Tab');
  await tabTo(page, 'chip', has('MuiChip'));
});

test('in the dark theme the ring is drawn too (in the lighter primary)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await new SegmentsPage(page).goto();
  await tabTo(page, 'dark-nav-item', has('MuiListItemButton'));
  const ring = await tabTo(page, 'dark-contained-button', has('MuiButton-contained'));
  expect(ring.outlineWidth).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('button', { name: 'New segment' })).toHaveCSS('outline-color', 'rgb(140, 158, 255)');
});
