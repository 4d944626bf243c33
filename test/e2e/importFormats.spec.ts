import { expect, test } from './fixtures';
import { shot } from './pages/screenshots';

test('a semicolon file from European Excel: delimiter and decimal comma detected, guards acknowledged before Start', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now() % 100000;
  // Excel "CSV UTF-8" in a European locale: BOM, `;`, decimal commas, dates with no day above 12, a repeated key.
  const file = [
    'contactid;fullname;birthdate;lifetimevalue',
    `E${stamp}-1;Erika Semi;03/04/1985;1.234,50`,
    `E${stamp}-2;Emil Semi;05/06/1990;12,5`,
    `E${stamp}-1;Erika Semi B;07/08/1985;99,9`,
  ].join('\r\n');

  await page.goto('/#/data');
  const wizard = page.getByRole('region', { name: 'Import wizard' });
  await wizard
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name: 'contacts-eu.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${file}\r\n`) });
  const reading = wizard.getByRole('region', { name: 'How the file is read' });
  await expect(reading.getByRole('combobox', { name: 'Delimiter' })).toHaveText('Semicolon (;)');
  await expect(reading.getByRole('combobox', { name: 'Numbers' })).toHaveText('1.234,56 (decimal comma)');
  await expect(wizard.getByRole('table', { name: 'Preview rows' })).toContainText('Erika Semi');
  const start = wizard.getByRole('button', { name: 'Start import' });
  // Two guards: dates the sample cannot decide, and a key that repeats within the file.
  const boxes = reading.getByRole('checkbox', { name: 'I have checked this' });
  await expect(boxes).toHaveCount(2);
  await expect(reading).toContainText('03/04/1985');
  await expect(reading).toContainText(`“E${stamp}-1” (rows 2, 4)`);
  await page.screenshot({ path: shot('import-guards.png'), fullPage: true });
  await expect(start).toBeDisabled();
  await boxes.nth(0).check();
  await expect(start).toBeDisabled();
  await boxes.nth(1).check();
  await expect(start).toBeEnabled();
  await start.click();
  const summary = wizard.getByRole('status', { name: 'Import summary' });
  await expect(summary).toContainText('2 new, 1 updated, 0 skipped of 3 rows', { timeout: 30_000 });
});
