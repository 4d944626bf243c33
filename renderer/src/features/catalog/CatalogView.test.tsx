// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, importContacts } from '../../test/seed';
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
  expect(header).toEqual(['Label', 'Logical name', 'Type', 'Details', 'Delete']);

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

it('deletes an unused field after a dialog, and refuses one a segment uses, naming the segment', async () => {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Ek', 'Oslo'],
  ]);
  await backend.call('segments.create', { name: 'Seattle people', type: 'dynamic', definition: cityIs('Seattle') });
  renderWithProviders(<CatalogView />, { transport: backend.transport });
  const fields = await screen.findByRole('table', { name: 'Fields of Contact' });
  // The key has no delete button.
  expect(within(fields).queryByRole('button', { name: 'Delete field Contact ID of Contact' })).toBeNull();

  await userEvent.click(within(fields).getByRole('button', { name: 'Delete field City of Contact' }));
  const refused = await screen.findByRole('dialog', { name: 'Delete the field City of Contact?' });
  expect(refused).toHaveTextContent('2 records');
  await userEvent.click(within(refused).getByRole('button', { name: 'Delete field' }));
  expect(await within(refused).findByText(/Not deleted:.*Seattle people/)).toBeInTheDocument();
  await userEvent.click(within(refused).getByRole('button', { name: 'Cancel' }));
  let stored = await backend.call('catalog.describe', {});
  expect(stored.entities.find((e) => e.name === 'contact')?.fields.map((f) => f.name)).toContain('address1_city');

  // The closing dialog hides the page from the accessibility tree until it is gone.
  await userEvent.click(await within(fields).findByRole('button', { name: 'Delete field Full Name of Contact' }));
  const dialog = await screen.findByRole('dialog', { name: 'Delete the field Full Name of Contact?' });
  await userEvent.click(within(dialog).getByRole('button', { name: 'Delete field' }));
  await within(await screen.findByRole('table', { name: 'Fields of Contact' })).findByRole('button', {
    name: 'Delete field City of Contact',
  });
  await expect.poll(() => screen.queryByRole('button', { name: 'Delete field Full Name of Contact' }), { timeout: 5000 }).toBeNull();
  stored = await backend.call('catalog.describe', {});
  expect(stored.entities.find((e) => e.name === 'contact')?.fields.map((f) => f.name)).not.toContain('fullname');
});
