// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, compoundOf, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { DeleteDialog } from './LifecycleDialogs';

const backend = backendPerTest();

async function seed() {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Ed Fox', 'Redmond'],
  ]);
  const seattle = await liveSegment(backend, 'Contacts in Seattle', cityIs('Seattle'));
  const redmond = await liveSegment(backend, 'Contacts in Redmond', cityIs('Redmond'));
  const expo = await liveSegment(backend, 'US expo audience', compoundOf([seattle.id, redmond.id]));
  return { seattle, redmond, expo };
}

describe('delete dialog', () => {
  it('names the live segments that use this one and what happens to them before the click', async () => {
    const { seattle, expo } = await seed();
    let deleted = false;
    renderWithProviders(
      <DeleteDialog
        segment={seattle}
        onClose={() => undefined}
        onDeleted={() => {
          deleted = true;
        }}
      />,
      { transport: backend.transport },
    );
    const dialog = await screen.findByRole('dialog', { name: /Delete “Contacts in Seattle”/ });
    expect(await within(dialog).findByText('US expo audience')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(/frozen at its last members and they are marked “needs attention”/);
    expect(backend.transport.calls.some((c) => c.channel === 'segments.delete')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete anyway' }));
    await waitFor(() => expect(deleted).toBe(true));
    expect(backend.transport.calls.filter((c) => c.channel === 'segments.delete').map((c) => c.input)).toEqual([
      { id: seattle.id, force: true },
    ]);
    expect(await backend.call('segments.liveStatus', { id: expo.id })).toMatchObject({
      needsAttention: true,
      missingChildren: [{ id: seattle.id, reason: 'deleted' }],
    });
  });

  it('asks a plain question when nothing uses the segment', async () => {
    const { expo } = await seed();
    renderWithProviders(<DeleteDialog segment={expo} onClose={() => undefined} onDeleted={() => undefined} />, {
      transport: backend.transport,
    });
    const dialog = await screen.findByRole('dialog', { name: /Delete “US expo audience”/ });
    expect(await within(dialog).findByRole('button', { name: 'Delete' })).toBeEnabled();
    expect(dialog).not.toHaveTextContent(/use this one/);
  });
});
