// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { GoLiveDialog } from './GoLiveDialog';

const backend = backendPerTest();

async function seed() {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Seattle'],
    ['c3', 'Cy Dahl', 'Oslo'],
  ]);
}

describe('go live dialog', () => {
  it('tells a static segment the truth: its members are the picked ones, and live makes it usable in compounds', async () => {
    await seed();
    const picked = await backend.call('segments.create', { name: 'VIP', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: picked.id, contactKeys: ['c1', 'c3'] });
    renderWithProviders(<GoLiveDialog segment={picked} onClose={() => undefined} onShowIssues={() => undefined} />, {
      transport: backend.transport,
    });
    const dialog = await screen.findByRole('dialog', { name: 'Go live: VIP' });
    expect(await within(dialog).findByText(/will go live with/)).toHaveTextContent('The segment will go live with 2 members.');
    expect(within(dialog).getByText(/contacts you picked/)).toHaveTextContent(/data changes do not add or remove anyone/);
    expect(dialog).toHaveTextContent(/used in compound segments/);
    expect(dialog).not.toHaveTextContent(/kept up to date as the data changes/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Go live' }));
    expect(await within(dialog).findByText(/is live with 2 members/)).toHaveTextContent('it can now be used in compound segments');
    expect(dialog).not.toHaveTextContent(/follows the data/);
  });

  it('tells a dynamic segment that its membership follows the data', async () => {
    await seed();
    const seattle = await backend.call('segments.create', { name: 'Seattle', type: 'dynamic', definition: cityIs('Seattle') });
    renderWithProviders(<GoLiveDialog segment={seattle} onClose={() => undefined} onShowIssues={() => undefined} />, {
      transport: backend.transport,
    });
    const dialog = await screen.findByRole('dialog', { name: 'Go live: Seattle' });
    expect(await within(dialog).findByText(/kept up to date as the data changes/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Go live' }));
    expect(await within(dialog).findByText(/is live with 2 members/)).toHaveTextContent('Membership now follows the data.');
    // The confirm button is gone: focus is on the dialog's message, not lost to the dialog's wrapper.
    expect(within(dialog).getByTestId('go-live-message')).toHaveFocus();
  });
});
