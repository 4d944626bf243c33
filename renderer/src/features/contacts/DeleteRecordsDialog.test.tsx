// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { DeleteRecordsDialog } from './DeleteRecordsDialog';

const backend = backendPerTest();

describe('delete contacts dialog', () => {
  it('names the segments the contacts leave, then deletes them', async () => {
    const user = userEvent.setup();
    await backend.importCsv('contactid,city\nC1,Oslo\nC2,Bergen\nC3,Oslo\n', { kind: 'entity', entity: 'contact', key: 'contactid' });
    const vip = await backend.call('segments.create', { name: 'VIPs', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: vip.id, contactKeys: ['C1'] });
    const rids = (await backend.call('contacts.list', {})).rows.filter((r) => r.key !== 'C3').map((r) => r.rid);
    const onDeleted = vi.fn();
    renderWithProviders(
      <DeleteRecordsDialog entity="contact" noun="contact" rids={rids} onClose={() => undefined} onDeleted={onDeleted} />,
      {
        transport: backend.transport,
      },
    );
    const dialog = screen.getByRole('dialog', { name: 'Delete 2 contacts?' });
    expect(await within(dialog).findByText(/They leave 1 segment: VIPs\./)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 contacts' }));
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalledWith(2));
    expect((await backend.call('contacts.list', {})).rows.map((r) => r.key)).toEqual(['C3']);
  });
});
