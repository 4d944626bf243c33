// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { CatalogView } from './CatalogView';

const backend = backendPerTest();

it('renames a field in place, refuses a label the entity already uses, and keeps logical names in their column', async () => {
  await importContacts(backend, [['c1', 'Ann Lee', 'Seattle']]);
  renderWithProviders(<CatalogView />, { transport: backend.transport });
  const fields = await screen.findByRole('table', { name: 'Fields of Contact' });
  const header = within(fields)
    .getAllByRole('columnheader')
    .map((h) => h.textContent);
  expect(header).toEqual(['Label', 'Logical name', 'Type', 'Details']);

  const rename = within(fields).getByRole('button', { name: /^Rename field City of Contact/ });
  await userEvent.click(rename);
  const box = within(fields).getByRole('textbox', { name: 'Label of field City of Contact' });
  await userEvent.clear(box);
  await userEvent.type(box, 'contact id{Enter}');
  expect(await within(fields).findByText(/"contact id" is already the label of another field of Contact/)).toBeInTheDocument();
  // Typing again clears the refusal (it was about the label sent).
  await userEvent.type(box, 'x');
  expect(within(fields).queryByText(/already the label/)).toBeNull();
  await userEvent.clear(box);
  await userEvent.type(box, 'Town{Enter}');
  expect(await within(fields).findByRole('button', { name: 'Rename field Town of Contact' })).toBeInTheDocument();
  const stored = await backend.call('catalog.describe', {});
  expect(stored.entities.find((e) => e.name === 'contact')?.fields.find((f) => f.label === 'Town')).toBeDefined();
});
