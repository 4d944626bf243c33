// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { ImportHistory } from './ImportHistory';

const backend = backendPerTest();

describe('recent imports with Undo this import', () => {
  it('asks, undoes the import in the backend and says what it did', async () => {
    const user = userEvent.setup();
    await backend.importCsv('contactid,city\nC1,Oslo\nC2,Bergen\n', { kind: 'entity', entity: 'contact', key: 'contactid' });
    renderWithProviders(<ImportHistory />, { transport: backend.transport });
    const table = await screen.findByRole('table', { name: 'Recent imports' });
    // Where it went, by display name: "Contact", not the entity's name "contact".
    expect(await within(table).findByRole('cell', { name: 'Contact' })).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: /Undo this import/ }));
    const dialog = screen.getByRole('dialog', { name: /Undo the import of/ });
    expect(dialog).toHaveTextContent('The 2 records it created will be deleted');
    await user.click(within(dialog).getByRole('button', { name: 'Undo import' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Import undone: 2 records it created removed');
    expect((await backend.call('contacts.list', {})).total).toBe(0);
    expect(await within(table).findByText(/^undone /)).toBeInTheDocument();
  });

  it('shows the refusal naming the later import, and nothing changes', async () => {
    const user = userEvent.setup();
    await backend.importCsv('contactid,city\nC1,Oslo\n', { kind: 'entity', entity: 'contact', key: 'contactid' });
    const later = await backend.importCsv('contactid,city\nC1,Molde\n', { kind: 'entity', entity: 'contact', key: 'contactid' });
    renderWithProviders(<ImportHistory />, { transport: backend.transport });
    const table = await screen.findByRole('table', { name: 'Recent imports' });
    const buttons = await within(table).findAllByRole('button', { name: /Undo this import/ });
    // Newest first: the second button is the first import.
    await user.click(buttons[1] as HTMLElement);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Undo import' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      /^The import was not undone: A later import of .+\.csv \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) changed 1 of the records/,
    );
    // The marketer's words: the file and when, never the import's id.
    expect(alert).not.toHaveTextContent(later.id);
    expect((await backend.call('contacts.list', {})).total).toBe(1);
  });
});
