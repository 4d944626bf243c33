// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { backendPerTest } from '../../test/testBackend';
import { WarehousePage } from './WarehousePage';

const backend = backendPerTest();

async function fillSettings(user: ReturnType<typeof userEvent.setup>, port: string): Promise<void> {
  await user.type(screen.getByLabelText(/^Server/), '127.0.0.1');
  await user.clear(screen.getByLabelText(/^Port/));
  await user.type(screen.getByLabelText(/^Port/), port);
  await user.type(screen.getByLabelText(/^Database/), 'marketing');
  await user.type(screen.getByLabelText(/^User/), 'analyst');
}

describe('Warehouse page', () => {
  it('without a connection says every segment runs here, and refuses a bad port next to the field, saving nothing', async () => {
    const user = userEvent.setup();
    renderWithProviders(<WarehousePage />, { transport: backend.transport });
    expect(await screen.findByTestId('warehouse-status')).toHaveTextContent('Not connected. Every segment runs on this computer.');
    await fillSettings(user, '70000');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('The port is 1–65535')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Some settings need fixing');
    expect((await backend.call('warehouse.status', {})).state).toBe('notConfigured');
  });

  it('a test against a server that does not answer says it is unreachable, in words, and saves nothing', async () => {
    const user = userEvent.setup();
    renderWithProviders(<WarehousePage />, { transport: backend.transport });
    await screen.findByTestId('warehouse-status');
    await fillSettings(user, '1');
    await user.click(screen.getByRole('combobox', { name: 'Encryption' }));
    await user.click(within(screen.getByRole('listbox')).getByRole('option', { name: /^Off/ }));
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const outcome = await screen.findByText(/The warehouse is unreachable/, {}, { timeout: 15_000 });
    expect(outcome).toHaveTextContent('The warehouse is unreachable: nothing answers at "marketing" on 127.0.0.1:1');
    expect((await backend.call('warehouse.status', {})).state).toBe('notConfigured');
    // The password field explains where this host keeps it (the test backend reads the environment).
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/SS_WAREHOUSE_PASSWORD/);
  });
});
