// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { renderWithProviders } from '../../test/renderWithProviders';
import { importContacts } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { ChipsInput } from './ValueInputs';

const backend = backendPerTest();

it('offers the values a text field holds while a value is typed (issue 21, item 9)', async () => {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Seattle'],
    ['c3', 'Cy Dahl', 'Seaside'],
    ['c4', 'Di Eng', 'Oslo'],
  ]);
  const user = userEvent.setup();
  renderWithProviders(
    <ChipsInput
      values={[]}
      onChange={() => undefined}
      parse={(s) => ({ ok: true, value: s })}
      label="Values"
      disabled={false}
      suggestFrom={{ entity: 'contact', field: 'address1_city' }}
    />,
    { transport: backend.transport },
  );
  const input = screen.getByRole('textbox', { name: 'Values' });
  await user.type(input, 'sea');
  const options = () => Array.from(screen.getByTestId('value-suggestions').querySelectorAll('option')).map((o) => o.value);
  // Most frequent first: two contacts in Seattle, one in Seaside; Oslo does not begin with "sea".
  await waitFor(() => expect(options()).toEqual(['Seattle', 'Seaside']));
  // With something to offer, the input is linked to the list (a combobox to assistive technology).
  expect(screen.getByRole('combobox', { name: 'Values' })).toBe(input);
  expect(backend.transport.calls.filter((c) => c.channel === 'fieldValues.suggest').at(-1)?.input).toMatchObject({ prefix: 'sea' });
  // Not focused: nothing is offered, nothing asked.
  await user.tab();
  await waitFor(() => expect(options()).toEqual([]));
});
