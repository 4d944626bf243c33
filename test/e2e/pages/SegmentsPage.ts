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

  async openNewSegmentDialog(): Promise<void> {
    await this.newSegmentButton.click();
    await expect(this.dialog).toBeVisible();
  }

  /** Fills and submits the dialog; leaves it open if the backend refuses. */
  async submitNewSegment(name: string, type: SegmentTypeLabel): Promise<void> {
    await this.dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.dialog.getByRole('radio', { name: new RegExp(`^${type}`) }).check();
    await this.dialog.getByRole('button', { name: 'Create' }).click();
  }

  async createSegment(name: string, type: SegmentTypeLabel): Promise<void> {
    await this.openNewSegmentDialog();
    await this.submitNewSegment(name, type);
    await expect(this.dialog).toBeHidden();
    await expect(this.row(name)).toBeVisible();
  }
}
