// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SegmentRecord } from '../../../../shared/models/segment';
import type { DynamicDefinition } from '../../../../shared/segments/ast';
import { renderWithProviders } from '../../test/renderWithProviders';
import { cityIs, compoundOf, importContacts, liveSegment } from '../../test/seed';
import { backendPerTest } from '../../test/testBackend';
import { SegmentRecordPage } from './SegmentRecordPage';

const backend = backendPerTest();

/** Four contacts in Seattle, two in Redmond, one in Oslo; "Contacts in Seattle" as a draft (or as `prepare` leaves it). */
async function seattle(definition: DynamicDefinition = cityIs('Seattle')): Promise<SegmentRecord> {
  await importContacts(backend, [
    ['c1', 'Ann Lee', 'Seattle'],
    ['c2', 'Bo Berg', 'Seattle'],
    ['c3', 'Cy Dahl', 'Seattle'],
    ['c4', 'Di Eng', 'Seattle'],
    ['c5', 'Ed Fox', 'Redmond'],
    ['c6', 'Flo Gil', 'Redmond'],
    ['c7', 'Gus Hu', 'Oslo'],
  ]);
  return backend.call('segments.create', { name: 'Contacts in Seattle', type: 'dynamic', definition });
}

const cmd = (name: string | RegExp) => screen.getByRole('button', { name });

describe('segment record page', () => {
  it('opens a draft on its definition with the live estimate; Save waits for a change, Go live is offered', async () => {
    const record = await seattle();
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    expect(await screen.findByRole('heading', { name: /Contacts in Seattle/ })).toBeInTheDocument();
    expect(screen.getByTestId('record-status')).toHaveTextContent('Draft');
    expect(await screen.findByTestId('estimate-total', {}, { timeout: 3000 })).toHaveTextContent('4');
    expect(screen.getByText('contacts (estimated)')).toBeInTheDocument();
    expect(cmd('Save')).toBeDisabled();
    expect(screen.getByTestId('cmd-save-reason')).toHaveAttribute('aria-label', 'There are no unsaved changes.');
    expect(cmd('Go live')).toBeEnabled();
    expect(cmd('Stop')).toBeDisabled();
    expect(screen.queryByRole('tab', { name: 'Members' })).not.toBeInTheDocument();
  });

  it('an edit marks the record unsaved, re-estimates after a pause, and Save sends the new definition', async () => {
    const record = await seattle();
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('4'), { timeout: 3000 });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Values' }), 'Redmond{Enter}');
    expect(screen.getByText('(unsaved changes)')).toBeInTheDocument();
    expect(cmd('Save and go live')).toBeEnabled();
    // Seattle or Redmond: six contacts.
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('6'), { timeout: 3000 });
    await userEvent.click(cmd('Save'));
    await waitFor(() => expect(screen.queryByText('(unsaved changes)')).not.toBeInTheDocument());
    expect(backend.transport.calls.filter((c) => c.channel === 'segments.update')).toHaveLength(1);
    const stored = (await backend.call('segments.get', { id: record.id })).definition as DynamicDefinition;
    const block = stored.blocks[0];
    expect(block?.kind === 'profile' && block.root.children[0]).toMatchObject({ field: 'address1_city', values: ['Seattle', 'Redmond'] });
  });

  it('Ctrl+S saves the record, and says why when there is nothing to save (issue 21, item 9)', async () => {
    const record = await seattle();
    const user = userEvent.setup();
    const { store } = renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('4'), { timeout: 3000 });
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() =>
      expect(store.getState().ui.notices.map((n) => n.message)).toContain('Nothing saved: There are no unsaved changes.'),
    );
    await user.type(await screen.findByRole('textbox', { name: 'Values' }), 'Redmond{Enter}');
    expect(screen.getByText('(unsaved changes)')).toBeInTheDocument();
    await user.keyboard('{Meta>}s{/Meta}');
    await waitFor(() => expect(screen.queryByText('(unsaved changes)')).not.toBeInTheDocument());
    expect(backend.transport.calls.filter((c) => c.channel === 'segments.update')).toHaveLength(1);
  });

  it('shows validation problems in place on the row they belong to', async () => {
    // A draft whose rule names a field this catalog lacks (as after a file imported anyway as a draft).
    const unknownField = cityIs('Seattle');
    const block = unknownField.blocks[0];
    if (block?.kind === 'profile') block.root.children[0] = { kind: 'rule', id: 'r1', field: 'cityx', operator: 'eq', values: ['Seattle'] };
    const record = await seattle(unknownField);
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await waitFor(
      () => expect(document.querySelector('[data-node-id="r1"] [role="alert"]')).toHaveTextContent("Unknown field 'cityx' on Contact"),
      { timeout: 3000 },
    );
    expect(screen.getByText('1 problem to fix')).toBeInTheDocument();
  });

  it('after a refused go-live, a row’s message goes once the row changes (issue 21, item 8)', async () => {
    // A rule with no value: a draft may hold it, going live refuses it.
    const noValue = cityIs('Seattle');
    const block = noValue.blocks[0];
    if (block?.kind === 'profile') block.root.children[0] = { kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: [] };
    const record = await seattle(noValue);
    const user = userEvent.setup();
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await user.click(await screen.findByRole('button', { name: 'Go live' }));
    const dialog = await screen.findByRole('dialog', { name: /Go live/ });
    await user.click(await within(dialog).findByRole('button', { name: 'Show me' }));
    const rowAlert = () => document.querySelector('[data-node-id="r1"] [role="alert"]');
    await waitFor(() => expect(rowAlert()).toHaveTextContent(/at least one value/));
    await user.type(screen.getByRole('textbox', { name: 'Values' }), 'Oslo{Enter}');
    await waitFor(() => expect(rowAlert()).toBeNull());
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('1'), { timeout: 3000 });
  });

  it('a live segment is read-only, can be stopped with a warning about its dependants, and follows pushed status events', async () => {
    const record = await seattle();
    await backend.call('segments.goLive', { id: record.id });
    const redmond = await liveSegment(backend, 'Contacts in Redmond', cityIs('Redmond'));
    await liveSegment(backend, 'US expo audience', compoundOf([record.id, redmond.id]));
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    expect(await screen.findByText('This segment is live and read-only. Stop it to make changes.')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Members' })).toBeInTheDocument();
    expect(screen.getByTestId('record-members')).toHaveTextContent('4 members');
    await userEvent.click(cmd('Stop'));
    const dialog = await screen.findByRole('dialog', { name: /Stop/ });
    expect(await within(dialog).findByText('US expo audience')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stop anyway' }));
    await waitFor(() =>
      expect(backend.transport.calls.find((c) => c.channel === 'segments.stop')?.input).toEqual({ id: record.id, force: true }),
    );
    // The page follows the backend's status event.
    await waitFor(() => expect(screen.getByTestId('record-status')).toHaveTextContent('Stopped'));
    expect((await backend.call('segments.get', { id: record.id })).status).toBe('stopped');
  });

  it('a stopped segment can be renamed, re-described and given another owner, then taken live again', async () => {
    const record = await seattle();
    await backend.call('segments.goLive', { id: record.id });
    await backend.call('segments.stop', { id: record.id });
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await userEvent.click(await screen.findByRole('tab', { name: 'General' }));
    const name = screen.getByRole('textbox', { name: /^Name/ });
    expect(name).toBeEnabled();
    // Pasted, not typed key by key: the same change events, without a re-render per character.
    const replace = async (box: HTMLElement, text: string) => {
      await userEvent.clear(box);
      await userEvent.click(box);
      await userEvent.paste(text);
    };
    await replace(name, 'Seattle 2');
    await replace(screen.getByRole('textbox', { name: 'Description' }), 'New');
    await replace(screen.getByRole('textbox', { name: 'Owner' }), 'Dana');
    await userEvent.click(cmd('Save'));
    await waitFor(() => expect(screen.queryByText('(unsaved changes)')).not.toBeInTheDocument());
    expect(await backend.call('segments.get', { id: record.id })).toMatchObject({
      status: 'stopped',
      name: 'Seattle 2',
      description: 'New',
      owner: 'Dana',
    });
    expect(cmd('Go live')).toBeEnabled();
  });

  it('a cleared name is refused at the field in words, without the API text', async () => {
    const record = await seattle();
    const { store } = renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await userEvent.click(await screen.findByRole('tab', { name: 'General' }));
    await userEvent.clear(screen.getByRole('textbox', { name: /^Name/ }));
    await userEvent.click(cmd('Save'));
    expect(await screen.findByText('Enter a name.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Name/ })).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(store.getState().ui.notices.map((n) => n.message)).toEqual(['Not saved: Enter a name.']));
    expect(document.body.textContent).not.toMatch(/segments\.update|Invalid input/);
    expect((await backend.call('segments.get', { id: record.id })).name).toBe('Contacts in Seattle');
  });

  it('"1,000" typed into a number rule is stored and estimated as a thousand, not 1', async () => {
    await backend.importCsv('contactid,fullname,lifetimevalue\nc1,Ann Lee,2\nc2,Bo Berg,999\nc3,Cy Dahl,1500\n', {
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
    });
    const definition = cityIs('x');
    const block = definition.blocks[0];
    if (block?.kind === 'profile') block.root.children[0] = { kind: 'rule', id: 'r1', field: 'lifetimevalue', operator: 'gt', values: [1] };
    const record = await backend.call('segments.create', { name: 'Valuable', type: 'dynamic', definition });
    renderWithProviders(<SegmentRecordPage id={record.id} />, { transport: backend.transport });
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('3'), { timeout: 3000 });
    const value = screen.getByRole('textbox', { name: 'Value' });
    await userEvent.clear(value);
    await userEvent.click(value);
    await userEvent.paste('1,000');
    await waitFor(() => expect(screen.getByTestId('estimate-total')).toHaveTextContent('1'), { timeout: 3000 });
    await userEvent.click(cmd('Save'));
    await waitFor(() => expect(screen.queryByText('(unsaved changes)')).not.toBeInTheDocument());
    const stored = (await backend.call('segments.get', { id: record.id })).definition as DynamicDefinition;
    const saved = stored.blocks[0];
    expect(saved?.kind === 'profile' && saved.root.children[0]).toMatchObject({ field: 'lifetimevalue', operator: 'gt', values: [1000] });
  });

  it('a segment that cannot be found says so instead of a blank page', async () => {
    renderWithProviders(<SegmentRecordPage id="nope" />, { transport: backend.transport });
    expect(await screen.findByRole('alert')).toHaveTextContent(/^The segment could not be opened: .*nope/);
  });
});
