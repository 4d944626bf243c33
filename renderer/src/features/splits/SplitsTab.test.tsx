// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { splitGroupOf } from '../../../../shared/segments/split';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { SplitsTab } from './SplitsTab';

const backend = backendPerTest();

const KEYS = Array.from({ length: 30 }, (_, i) => `k${i}`);

describe('the Splits tab', () => {
  it('holds out 20 % with a typed seed: the two groups are listed with sizes that add up to the parent', async () => {
    await importContacts(
      backend,
      KEYS.map((k, i) => [k, `Person ${i}`, 'Seattle']),
    );
    const record = await liveSegment(backend, 'Seattle', cityIs('Seattle'));
    renderWithProviders(<SplitsTab record={record} />, { transport: backend.transport });
    expect(await screen.findByText('This segment has no splits yet.')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'New split…' }));
    const dialog = screen.getByRole('dialog', { name: 'Split “Seattle”' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Hold out' }));
    const holdout = within(dialog).getByLabelText('Hold out (%)');
    await userEvent.clear(holdout);
    await userEvent.paste('100');
    const seed = within(dialog).getByLabelText('Seed');
    await userEvent.clear(seed);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create split' }));
    // Refused on their fields, before anything is sent.
    expect(within(dialog).getByText('Hold out: enter a percentage more than 0 and less than 100')).toBeVisible();
    expect(within(dialog).getByText('Seed: enter a seed (any text, e.g. 42)')).toBeVisible();

    await userEvent.clear(holdout);
    await userEvent.paste('20');
    await userEvent.click(seed);
    await userEvent.paste('spring');
    expect(within(dialog).getByText(/Creates: Seattle — Treatment \(80 %\) · Seattle — Holdout \(20 %\)/)).toBeVisible();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create split' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(), { timeout: 20_000 });

    const card = await screen.findByRole('region', { name: 'Split 80 % / 20 % · seed spring' });
    const held = KEYS.filter((k) => splitGroupOf('spring', [80, 20], k) === 1).length;
    await waitFor(() => expect(within(card).getByTestId('group-size-1')).toHaveTextContent(String(held)));
    expect(within(card).getByTestId('group-size-0')).toHaveTextContent(String(30 - held));
    expect(within(card).getByTestId('groups-total')).toHaveTextContent('30');
    expect(within(card).getByRole('button', { name: 'Seattle — Holdout (20 %)' })).toBeVisible();
  }, 60_000);
});
