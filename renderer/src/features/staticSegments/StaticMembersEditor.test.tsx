// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { StaticMembersEditor } from './StaticMembersEditor';

const backend = backendPerTest();

describe('static members editor', () => {
  it('offers the members of a stopped static segment for editing: selection to remove, and the add panel', async () => {
    // The editor lists members with their e-mail address.
    await backend.importCsv('contactid,fullname,emailaddress1\nc1,Ann Lee,ann@example.com\nc2,Bo Berg,bo@example.com\n', {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
    });
    const vip = await backend.call('segments.create', { name: 'VIP', type: 'static' });
    await backend.call('staticMembers.add', { segmentId: vip.id, contactKeys: ['c1'] });
    await backend.call('segments.goLive', { id: vip.id });
    const stopped = (await backend.call('segments.stop', { id: vip.id })).segment;
    expect(stopped.status).toBe('stopped');
    renderWithProviders(<StaticMembersEditor record={stopped} />, { transport: backend.transport });
    const members = await screen.findByRole('region', { name: 'Static members' });
    expect(await within(members).findByText('Ann Lee')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Add contacts' })).toBeInTheDocument();
    expect(within(members).getAllByRole('checkbox').length).toBeGreaterThan(0);
  });
});
