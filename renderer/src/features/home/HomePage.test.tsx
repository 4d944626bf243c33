// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, compoundOf, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { HomePage } from './HomePage';
import { formatCount } from './homeText';

const backend = backendPerTest();

beforeEach(() => {
  window.location.hash = '';
});

describe('Home', () => {
  it('in an empty database says what to do first: import data, create a segment, open a segment file', async () => {
    const user = userEvent.setup();
    renderWithProviders(<HomePage />, { transport: backend.transport });
    const start = await screen.findByRole('region', { name: 'Get started' });
    expect(start).toHaveTextContent('This database holds no contacts yet.');
    expect(screen.getByRole('region', { name: 'Your data' })).toHaveTextContent('No contacts yet.');
    expect(screen.getByRole('region', { name: 'Recent segments' })).toHaveTextContent('No segments yet.');
    await user.click(within(start).getByRole('button', { name: 'Open a segment file' }));
    expect(await screen.findByRole('dialog', { name: 'Import segments' })).toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /Cancel|Close/ }));
    await user.click(within(start).getByRole('button', { name: 'Import your data' }));
    expect(window.location.hash).toBe('#/data');
  });

  it('shows what the database holds, the last import, interactions by type and the segments needing attention', async () => {
    const user = userEvent.setup();
    await importContacts(backend, [
      ['c1', 'Ann Lee', 'Seattle'],
      ['c2', 'Ed Fox', 'Redmond'],
      ['c3', 'Bo Berg', 'Seattle'],
    ]);
    const now = new Date(Date.UTC(2026, 2, 1)).toISOString();
    await backend.importCsv(
      `interactiontype,contactid,timestamp\nEmailOpened,c1,${now}\nEmailOpened,c2,${now}\nWebsiteVisited,c1,${now}\n`,
      {
        kind: 'interactions',
      },
    );
    const seattle = await liveSegment(backend, 'Contacts in Seattle', cityIs('Seattle'));
    const redmond = await liveSegment(backend, 'Contacts in Redmond', cityIs('Redmond'));
    await liveSegment(backend, 'Expo audience', compoundOf([seattle.id, redmond.id]));
    await backend.call('segments.stop', { id: redmond.id, force: true });

    renderWithProviders(<HomePage />, { transport: backend.transport });
    const data = await screen.findByRole('region', { name: 'Your data' });
    const records = within(data).getByRole('list', { name: 'Records' });
    expect(records).toHaveTextContent(`${formatCount(3)}Contacts`);
    expect(records).toHaveTextContent(`${formatCount(3)}Interactions`);
    expect(data).toHaveTextContent(/Last import: \S+\.csv \(interactions\) on .+, 3 new, 0 updated, 0 skipped\./);
    expect(within(data).queryByText('Demo data')).toBeNull();
    const byType = within(data).getByRole('table', { name: 'Interactions by type' });
    const opened = within(byType)
      .getByRole('rowheader', { name: /Email ?Opened/ })
      .closest('tr');
    expect(opened).toHaveTextContent(`${formatCount(2)}`);

    const attention = screen.getByRole('region', { name: 'Needs attention' });
    expect(within(attention).getByRole('button', { name: 'Expo audience' })).toBeInTheDocument();
    expect(attention).toHaveTextContent('“Contacts in Redmond”, which it uses, was stopped.');
    expect(within(attention).getByRole('button', { name: 'Contacts in Redmond' })).toBeInTheDocument();

    const recent = screen.getByRole('region', { name: 'Recent segments' });
    expect(within(recent).getByRole('button', { name: 'All 3 segments' })).toBeInTheDocument();
    await user.click(within(recent).getByRole('button', { name: 'Contacts in Seattle' }));
    expect(window.location.hash).toBe(`#/segments/${seattle.id}`);
  });

  it('opens a segment created from its first steps', async () => {
    const user = userEvent.setup();
    renderWithProviders(<HomePage />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'New segment' }));
    const dialog = screen.getByRole('dialog', { name: 'New segment' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Spring leads');
    await user.click(within(dialog).getByRole('button', { name: 'Next: choose a template' }));
    await user.click(await within(screen.getByRole('dialog')).findByRole('button', { name: 'Start from scratch' }));
    const [created] = await waitFor(async () => {
      const list = await backend.call('segments.list', {});
      expect(list).toHaveLength(1);
      return list;
    });
    await waitFor(() => expect(window.location.hash).toBe(`#/segments/${created?.id ?? ''}`));
  });
});
