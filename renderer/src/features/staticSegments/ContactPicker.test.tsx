// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ContactListRow } from '../../../../shared/models/contact';
import { createChannelTransport } from '../../test/channelTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { ContactPicker } from './ContactPicker';

const people: ContactListRow[] = Array.from({ length: 30 }, (_, i) => ({
  rid: i + 1,
  key: `C${i + 1}`,
  displayName: i % 2 === 0 ? `Ann ${i + 1}` : `Bob ${i + 1}`,
  values: { emailaddress1: `p${i + 1}@example.com`, address1_city: 'Oslo' },
}));

function backend() {
  return createChannelTransport({
    'contacts.list': (input: { search?: string; offset?: number; afterRid?: number; limit?: number }) => {
      const hits = people.filter((p) => !input.search || p.displayName.toLowerCase().includes(input.search.toLowerCase()));
      const from = input.afterRid !== undefined ? hits.filter((p) => p.rid > (input.afterRid ?? 0)) : hits.slice(input.offset ?? 0);
      const rows = from.slice(0, Math.min(input.limit ?? 50, 10));
      const last = rows[rows.length - 1];
      return { total: hits.length, rows, nextAfterRid: from.length > rows.length && last ? last.rid : null };
    },
  });
}

describe('contact picker', () => {
  it('searches, and adds the contacts picked one by one', async () => {
    const onAdd = vi.fn(() => Promise.resolve());
    renderWithProviders(<ContactPicker onAdd={onAdd} busy={false} virtualized={false} />, { transport: backend() });
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
    const transport = backend();
    renderWithProviders(<ContactPicker onAdd={onAdd} busy={false} virtualized={false} />, { transport });
    await userEvent.type(screen.getByRole('textbox', { name: 'Search contacts to add' }), 'ann');
    expect(await screen.findByText('15 matching contacts')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add all 15 results' }));
    await waitFor(() => expect(onAdd).toHaveBeenCalledTimes(1));
    const keys = (onAdd.mock.calls[0] as unknown as [string[]])[0];
    expect(keys).toEqual(people.filter((p) => p.displayName.startsWith('Ann')).map((p) => p.key));
    // Keyset paging through the results: the second page starts after the first page's last rid.
    const pages = transport.calls.filter((c) => c.channel === 'contacts.list' && (c.input as { limit?: number }).limit === 1000);
    expect(pages.length).toBe(2);
  });
});
