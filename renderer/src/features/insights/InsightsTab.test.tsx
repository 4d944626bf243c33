// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { InsightsTab } from './InsightsTab';

const backend = backendPerTest();

describe('Insights charts that speak', () => {
  it('each chart is one labelled image described by a visible summary, and "Show as table" gives the same numbers in a table', async () => {
    await importContacts(backend, [
      ['c1', 'Ann Lee', 'Seattle'],
      ['c2', 'Bo Berg', 'Seattle'],
      ['c3', 'Cy Dahl', 'Redmond'],
      ['c4', 'Di Eng', 'Boston'],
    ]);
    const record = await liveSegment(backend, 'West coast', cityIs('Seattle', 'Redmond'));
    renderWithProviders(<InsightsTab record={record} />, { transport: backend.transport });

    const over = await screen.findByRole('img', { name: 'Members over time' });
    expect(over).toHaveAccessibleDescription(/^3 members at the one evaluation, /);
    const composition = await screen.findByRole('img', { name: /^Composition by / });
    expect(composition).toHaveAccessibleDescription(/: Seattle has the most members, 2 of 3 \(67 %\), then Redmond 1\.$/);
    const changes = screen.getByRole('img', { name: 'Added and removed per evaluation' });
    expect(changes).toHaveAccessibleDescription(
      /^Over 1 evaluation 3 contacts joined and 0 left; the biggest change, .*, added 3 and removed 0\.$/,
    );
    // The summary is on screen, not only in the accessibility tree.
    expect(screen.getByText(/: Seattle has the most members/)).toBeVisible();

    const card = screen.getByRole('region', { name: 'Composition' });
    await userEvent.click(within(card).getByRole('switch', { name: 'Show as table' }));
    const table = within(card).getByRole('table', { name: /^Members by / });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual([expect.any(String), 'Members']);
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [within(r).getByRole('rowheader').textContent, within(r).getByRole('cell').textContent]);
    expect(rows).toEqual([
      ['Seattle', '2'],
      ['Redmond', '1'],
    ]);
    expect(within(card).queryByRole('img')).not.toBeInTheDocument();
    await userEvent.click(within(card).getByRole('switch', { name: 'Show as table' }));
    await waitFor(() => expect(within(card).getByRole('img', { name: /^Composition by / })).toBeInTheDocument());
  });
});
