// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { ExportSqlDialog } from './ExportSqlDialog';

const backend = backendPerTest();

describe('Export SQL dialog', () => {
  it('shows the saved segment as PostgreSQL, then DuckDB and SQLite, and says when edits are not saved', async () => {
    await importContacts(backend, [
      ['c1', 'Ann Lee', 'Malmö'],
      ['c2', 'Bo Berg', 'Oslo'],
    ]);
    const seg = await backend.call('segments.create', { name: 'Malmo people', type: 'dynamic', definition: cityIs('MALMO') });
    renderWithProviders(<ExportSqlDialog segmentId={seg.id} segmentName={seg.name} unsaved onClose={() => undefined} />, {
      transport: backend.transport,
    });
    const dialog = await screen.findByRole('dialog', { name: 'Export SQL' });
    expect(dialog).toHaveTextContent('This exports the saved definition');
    const sql = within(dialog).getByRole('textbox', { name: 'SQL' });
    // The folded value compared with the folded shadow column of the warehouse schema.
    await within(dialog).findByDisplayValue(/"address1_city__f" = 'malmo'/);
    expect((sql as HTMLTextAreaElement).value).toMatch(/^SELECT DISTINCT s\.k AS "contactid" FROM/);

    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Dialect' }));
    await userEvent.click(await screen.findByRole('option', { name: /DuckDB/ }));
    await within(dialog).findByDisplayValue(/FROM "contact" AS t0/);

    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Dialect' }));
    await userEvent.click(await screen.findByRole('option', { name: /SQLite/ }));
    await within(dialog).findByDisplayValue(/FROM "ent_contact" AS c WHERE c\.rid IN/);
  });
});
