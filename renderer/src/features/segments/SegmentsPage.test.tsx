// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { SegmentsPage } from './SegmentsPage';

const backend = backendPerTest();

describe('Segments page', () => {
  it('tells a new user what to do when there are no segments', async () => {
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    expect(await screen.findByText('No segments yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create your first segment' })).toBeInTheDocument();
  });

  it('lists segments with type and status', async () => {
    await backend.call('segments.create', { name: 'Seattle contacts', type: 'dynamic' });
    await backend.call('segments.create', { name: 'VIPs', type: 'static' });
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    const table = await screen.findByRole('table', { name: 'Segments' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    // Newest change first.
    expect(within(rows[2] as HTMLElement).getByText('Seattle contacts')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('Static')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('Draft')).toBeInTheDocument();
  });

  it('creates a segment from the New segment dialog and opens its record', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Newsletter fans');
    await user.click(within(dialog).getByRole('radio', { name: /Static/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('rowheader', { name: 'Newsletter fans' })).toBeInTheDocument();
    expect(backend.transport.calls.filter((c) => c.channel === 'segments.create')).toEqual([
      { channel: 'segments.create', input: { name: 'Newsletter fans', type: 'static' } },
    ]);
    const [created] = await backend.call('segments.list', {});
    expect(created).toMatchObject({ name: 'Newsletter fans', type: 'static', status: 'draft' });
    // The next step is to define it, so its record opens (issue 21, item 9).
    await waitFor(() => expect(window.location.hash).toBe(`#/segments/${created?.id ?? ''}`));
  });

  it('shows a duplicate name error from the backend next to the name and keeps the dialog open', async () => {
    const user = userEvent.setup();
    await backend.call('segments.create', { name: 'VIPs', type: 'static' });
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'vips');
    await user.click(within(dialog).getByRole('button', { name: 'Next: choose a template' }));
    expect(await within(dialog).findByText(/already exists/)).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(await backend.call('segments.list', {})).toHaveLength(1);
  });

  it('refuses a name over 200 characters with its length, instead of cutting it (issue 21, item 9)', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    const box = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.click(box);
    await user.paste('x'.repeat(230));
    expect(box).toHaveValue('x'.repeat(230));
    expect(within(dialog).getByText('A name can have at most 200 characters; this one has 230.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Next: choose a template' }));
    expect(backend.transport.calls.some((c) => c.channel === 'segments.create')).toBe(false);
    expect(screen.getByRole('dialog', { name: 'New segment' })).toBeInTheDocument();
  });

  it('asks for a name before calling the backend', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Next: choose a template' }));
    expect(await screen.findByText('Give the segment a name.')).toBeInTheDocument();
    expect(backend.transport.calls.some((c) => c.channel === 'segments.create')).toBe(false);
  });

  it('refreshes the list when a segment is created elsewhere (the backend’s segment.changed event)', async () => {
    renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await screen.findByText('No segments yet');
    await backend.call('segments.create', { name: 'Made in the CLI', type: 'dynamic' });
    expect(await screen.findByRole('rowheader', { name: 'Made in the CLI' })).toBeInTheDocument();
  });

  it('shows a backend error for a failed list in the snackbar', async () => {
    // A closed database: the real failure the app shows when its store is gone.
    await backend.close();
    const { store } = renderWithProviders(<SegmentsPage />, { transport: backend.transport });
    await waitFor(() => expect(store.getState().ui.notices).toHaveLength(1));
    const message = store.getState().ui.notices[0]?.message ?? '';
    expect(message).toMatch(/^segments\.list failed: .*database/i);
    expect(
      await screen.findByText(new RegExp(`could not be loaded: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    ).toBeInTheDocument();
  });
});
