import { expect, type Locator, type Page } from '@playwright/test';

export type SegmentTypeLabel = 'Dynamic' | 'Static' | 'Compound';

/** Page object for the Segments page: what a user sees and does there, not how it is built. */
export class SegmentsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly search: Locator;
  readonly newSegmentButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Segments', level: 1 });
    this.table = page.getByRole('table', { name: 'Segments' });
    this.search = page.getByRole('textbox', { name: 'Search segments by name' });
    this.newSegmentButton = page.getByRole('button', { name: 'New segment' });
    this.dialog = page.getByRole('dialog', { name: 'New segment' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/#/segments');
    await expect(this.heading).toBeVisible();
    await expect(this.table).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async names(): Promise<string[]> {
    return this.table.getByRole('rowheader').allInnerTexts();
  }

  /** A column header (its `aria-sort` says how the list is sorted). */
  header(column: string): Locator {
    return this.table.getByRole('columnheader', { name: column });
  }

  /** Clicks a column header's sort control until the list is sorted that way. */
  async sortBy(column: string, direction: 'ascending' | 'descending'): Promise<void> {
    for (let i = 0; i < 2 && (await this.header(column).getAttribute('aria-sort')) !== direction; i++) {
      await this.header(column).getByRole('button').click();
    }
    await expect(this.header(column)).toHaveAttribute('aria-sort', direction);
  }

  /** Chooses an option of the Type or Status filter ("All types" / "All statuses" clears it). */
  async filter(by: 'Type' | 'Status', option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: by }).click();
    await this.page.getByRole('listbox').getByRole('option', { name: option, exact: true }).click();
    await expect(this.page.getByRole('listbox')).toBeHidden();
  }

  /** The text of one column for every row shown, top to bottom (1 = Name … 6 = Modified). */
  async column(index: number): Promise<string[]> {
    return this.table.locator(`tbody tr > :nth-child(${index})`).allInnerTexts();
  }

  /** Opens a row's action menu and picks an item (Open, Duplicate, Delete…). */
  async rowAction(name: string, item: 'Open' | 'Duplicate' | 'Delete…'): Promise<void> {
    await this.table.getByRole('button', { name: `Actions for ${name}`, exact: true }).click();
    await this.page
      .getByRole('menu', { name: `Actions for ${name}` })
      .getByRole('menuitem', { name: item })
      .click();
  }

  async openNewSegmentDialog(): Promise<void> {
    await this.newSegmentButton.click();
    await expect(this.dialog).toBeVisible();
  }

  /** Fills and submits the dialog; leaves it open if the backend refuses. */
  async submitNewSegment(name: string, type: SegmentTypeLabel): Promise<void> {
    await this.dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.dialog.getByRole('radio', { name: new RegExp(`^${type}`) }).check();
    if (type !== 'Dynamic') return this.dialog.getByRole('button', { name: 'Create' }).click();
    // A dynamic segment goes through the template gallery (F19); these walks start from scratch.
    await this.dialog.getByRole('button', { name: 'Next: choose a template' }).click();
    await expect(this.dialog.getByRole('list', { name: 'Templates' })).toBeVisible();
    await this.dialog.getByRole('button', { name: 'Start from scratch' }).click();
  }

  /** Creates a segment from the dialog; the new segment's record opens (its heading names it). */
  async createSegment(name: string, type: SegmentTypeLabel): Promise<void> {
    await this.openNewSegmentDialog();
    await this.submitNewSegment(name, type);
    await expect(this.dialog).toBeHidden();
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
  }
}
