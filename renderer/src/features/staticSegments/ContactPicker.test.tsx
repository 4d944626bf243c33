// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { importContacts, type SeedContact } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { ContactPicker } from './ContactPicker';

// 15 Bobs among 1,100 Anns: more Anns than one 1,000-row page, so "Add all" must page through them.
const ANNS = 1100;
const people: SeedContact[] = [
  ...Array.from({ length: 30 }, (_, i): SeedContact => [`C${i + 1}`, i % 2 === 0 ? `Ann ${i + 1}` : `Bob ${i + 1}`, 'Oslo']),
  ...Array.from({ length: ANNS - 15 }, (_, i): SeedContact => [`C${i + 31}`, `Ann ${i + 31}`, 'Oslo']),
];

const backend = backendPerTest();

describe('contact picker', () => {
  it('searches, and adds the contacts picked one by one', async () => {
    const onAdd = vi.fn(() => Promise.resolve());
    await importContacts(backend, people.slice(0, 30));
    const vip = await backend.call('segments.create', { name: 'VIP', type: 'static' });
    renderWithProviders(<ContactPicker segmentId={vip.id} onAdd={onAdd} busy={false} virtualized={false} />, {
      transport: backend.transport,
    });
    await userEvent.type(screen.getByRole('textbox', { name: 'Search contacts to add' }), 'bob');
    expect(await screen.findByText('15 matching contacts')).toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: 'Contacts to pick' });
    await waitFor(() => expect(within(grid).getByText('Bob 2')).toBeInTheDocument());
    await userEvent.click(within(within(grid).getByText('Bob 2').closest('[role="row"]') as HTMLElement).getByRole('checkbox'));
    await userEvent.click(within(within(grid).getByText('Bob 4').closest('[role="row"]') as HTMLElement).getByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Add 2 picked' }));
    expect(onAdd).toHaveBeenCalledWith(['C2', 'C4']);
  });

  it('adds every result of the search, reading all pages', async () => {
    const onAdd = vi.fn(() => Promise.resolve());
    await importContacts(backend, people);
    const { transport } = backend;
    const vip = await backend.call('segments.create', { name: 'VIP', type: 'static' });
    renderWithProviders(<ContactPicker segmentId={vip.id} onAdd={onAdd} busy={false} virtualized={false} />, { transport });
    await userEvent.type(screen.getByRole('textbox', { name: 'Search contacts to add' }), 'ann');
    expect(await screen.findByText('1,100 matching contacts')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add all 1,100 results' }));
    await waitFor(() => expect(onAdd).toHaveBeenCalledTimes(1));
    const keys = (onAdd.mock.calls[0] as unknown as [string[]])[0];
    expect(keys).toEqual(people.filter((p) => p[1].startsWith('Ann')).map((p) => p[0]));
    // Keyset paging through the results: the second page starts after the first page's last rid.
    const pages = transport.calls.filter((c) => c.channel === 'contacts.list' && (c.input as { limit?: number }).limit === 1000);
    expect(pages.length).toBe(2);
  });

  it('marks contacts already in the segment, which cannot be picked again (issue 21, item 9)', async () => {
    await importContacts(backend, people.slice(0, 30));
    const vip = await backend.call('segments.create', { name: 'VIP', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: vip.id, contactKeys: ['C2'] });
    renderWithProviders(<ContactPicker segmentId={vip.id} onAdd={() => Promise.resolve()} busy={false} virtualized={false} />, {
      transport: backend.transport,
    });
    await userEvent.type(screen.getByRole('textbox', { name: 'Search contacts to add' }), 'bob');
    const grid = await screen.findByRole('grid', { name: 'Contacts to pick' });
    const rowOf = (name: string) => within(grid).getByText(name).closest('[role="row"]') as HTMLElement;
    await waitFor(() => expect(within(rowOf('Bob 2')).getByText('Member')).toBeInTheDocument());
    expect(within(rowOf('Bob 2')).getByRole('checkbox')).toBeDisabled();
    expect(within(rowOf('Bob 4')).queryByText('Member')).toBeNull();
    expect(within(rowOf('Bob 4')).getByRole('checkbox')).toBeEnabled();
  });
});
