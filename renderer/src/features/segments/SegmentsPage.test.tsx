// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeTransport, fakeSegment } from '../../test/fakeTransport';
import { renderWithProviders } from '../../test/renderWithProviders';
import { SegmentsPage } from './SegmentsPage';

describe('Segments page', () => {
  it('tells a new user what to do when there are no segments', async () => {
    renderWithProviders(<SegmentsPage />);
    expect(await screen.findByText('No segments yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create your first segment' })).toBeInTheDocument();
  });

  it('lists segments with type and status', async () => {
    renderWithProviders(<SegmentsPage />, { transport: createFakeTransport([fakeSegment('Seattle contacts', 'dynamic'), fakeSegment('VIPs', 'static')]) });
    const table = await screen.findByRole('table', { name: 'Segments' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByText('Seattle contacts')).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Static')).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText('Draft')).toBeInTheDocument();
  });

  it('creates a segment from the New segment dialog and shows it in the list', async () => {
    const user = userEvent.setup();
    const transport = createFakeTransport();
    renderWithProviders(<SegmentsPage />, { transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Newsletter fans');
    await user.click(within(dialog).getByRole('radio', { name: /Static/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('rowheader', { name: 'Newsletter fans' })).toBeInTheDocument();
    expect(transport.calls.filter((c) => c.channel === 'segments.create')).toEqual([{ channel: 'segments.create', input: { name: 'Newsletter fans', type: 'static' } }]);
  });

  it('shows a duplicate name error from the backend next to the name and keeps the dialog open', async () => {
    const user = userEvent.setup();
    const transport = createFakeTransport([fakeSegment('VIPs', 'static')]);
    renderWithProviders(<SegmentsPage />, { transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'vips');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText(/already exists/)).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(transport.segments).toHaveLength(1);
  });

  it('asks for a name before calling the backend', async () => {
    const user = userEvent.setup();
    const transport = createFakeTransport();
    renderWithProviders(<SegmentsPage />, { transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Give the segment a name.')).toBeInTheDocument();
    expect(transport.calls.some((c) => c.channel === 'segments.create')).toBe(false);
  });

  it('refreshes the list when a segment.changed event arrives from elsewhere', async () => {
    const transport = createFakeTransport();
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByText('No segments yet');
    transport.segments.push(fakeSegment('Made in the CLI'));
    transport.emit('segment.changed', { id: 'seg-made-in-the-cli', change: 'created' });
    expect(await screen.findByRole('rowheader', { name: 'Made in the CLI' })).toBeInTheDocument();
  });

  it('shows a backend error for a failed list in the snackbar', async () => {
    const transport = createFakeTransport();
    const failing = { ...transport, invoke: async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'The database file is locked.' } }) };
    const { store } = renderWithProviders(<SegmentsPage />, { transport: failing });
    await waitFor(() => expect(store.getState().ui.notices.map((n) => n.message)).toEqual(['The database file is locked.']));
    expect(await screen.findByText(/could not be loaded: The database file is locked/)).toBeInTheDocument();
  });
});
