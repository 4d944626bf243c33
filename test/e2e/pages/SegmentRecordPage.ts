import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for a segment record: header, command bar, tabs, designer, query text, dialogs. */
export class SegmentRecordPage {
  readonly status: Locator;
  readonly members: Locator;
  readonly estimate: Locator;
  readonly flow: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('record-status');
    this.members = page.getByTestId('record-members');
    this.estimate = page.getByTestId('estimate-total');
    this.flow = page.getByRole('figure', { name: 'Flow view' });
  }

  command(name: string | RegExp): Locator {
    return this.page
      .getByRole('navigation', { name: 'Segment commands' })
      .getByRole('button', typeof name === 'string' ? { name, exact: true } : { name });
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  block(n: number): Locator {
    return this.page.getByRole('region', { name: `Block ${n}` });
  }

  /** The estimate once it has settled (no spinner), as a number. */
  async estimateValue(): Promise<number> {
    await expect(this.estimate).toHaveText(/\d/);
    await expect(this.page.getByLabel('Updating the estimate')).toHaveCount(0);
    const text = (await this.estimate.innerText()).replace(/[^\d]/g, '');
    return Number(text);
  }

  /** Adds a row to the top group of profile block `n` and returns it. */
  async addRow(block: Locator): Promise<Locator> {
    const before = await block.locator('.rule').count();
    await block.getByRole('button', { name: 'Add row' }).first().click();
    await expect(block.locator('.rule')).toHaveCount(before + 1);
    return block.locator('.rule').nth(before);
  }

  /**
   * Picks a field in a builder row. Right after a fresh start the field list is sometimes re-rendered
   * under the pointer (the option detaches); close the list and try again rather than wait forever.
   */
  async chooseField(row: Locator, label: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await row.getByRole('button', { name: /^Field:/ }).click();
        await this.page.getByRole('combobox', { name: 'Search fields' }).fill(label);
        await this.page
          .getByRole('option', { name: new RegExp(`^${label}`) })
          .first()
          .click({ timeout: 5_000 });
        await expect(row.getByRole('button', { name: `Field: ${label}` })).toBeVisible();
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  async typeValues(row: Locator, ...values: string[]): Promise<void> {
    const box = row.getByRole('textbox', { name: 'Values' });
    for (const v of values) {
      await box.fill(v);
      await box.press('Enter');
    }
  }

  async save(): Promise<void> {
    await this.command('Save').click();
    await expect(this.page.getByText('(unsaved changes)')).toHaveCount(0);
  }

  /** Adds an empty group to the top group of `block` (or inside a group) and returns it. */
  async addGroup(container: Locator): Promise<Locator> {
    const groups = container.locator('.ruleGroup .ruleGroup');
    const before = await groups.count();
    await container.getByRole('button', { name: 'Add group' }).first().click();
    await expect(groups).toHaveCount(before + 1);
    return groups.nth(before);
  }

  /** Sets the AND / OR of a group (its own selector, not a nested group's). */
  async setCombinator(group: Locator, label: 'AND' | 'OR'): Promise<void> {
    await group.locator('.ruleGroup-combinators').first().click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
    await expect(group.locator('.ruleGroup-combinators').first()).toContainText(label);
  }

  /** Drags a row by its handle onto a group's header (it lands first in that group). */
  async dragRowIntoGroup(row: Locator, group: Locator): Promise<void> {
    await row.locator('.queryBuilder-dragHandle').first().dragTo(group.locator('.ruleGroup-header').first());
  }

  /** Picks a row up by its handle and holds it over `target` (finish with `page.mouse.up()`). */
  async startDrag(row: Locator, target: Locator): Promise<void> {
    // The designer is taller than the window (natural view, group tools): centre the target first so the
    // pointer can reach it; the row being dragged sits just above it in the same block.
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await row.locator('.queryBuilder-dragHandle').first().hover();
    await this.page.mouse.down();
    const box = await target.boundingBox();
    if (!box) throw new Error('drop target not on screen');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2, { steps: 2 });
  }

  /** The definition as query text (switches to the text view and back to the designer). */
  async queryText(): Promise<string> {
    await this.page.getByRole('button', { name: 'Query text' }).click();
    const text = this.page.getByRole('textbox', { name: 'Query text' });
    await expect(text).toHaveValue(/PROFILE/);
    const value = await text.inputValue();
    await this.page.getByRole('button', { name: 'Designer' }).click();
    await expect(this.page.getByRole('textbox', { name: 'Query text' })).toHaveCount(0);
    return value;
  }
}
