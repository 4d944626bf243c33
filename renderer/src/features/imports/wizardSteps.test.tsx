// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../../../shared/models/catalog';
import type { ImportPreview } from '../../../../shared/models/import';
import { renderWithProviders } from '../../test/renderWithProviders';
import { FileStep } from './FileStep';
import { MappingStep } from './MappingStep';
import { choiceProblems, initialChoices, toImportOptions, type WizardChoices } from './wizardModel';

const preview: ImportPreview = {
  path: '/up/c.csv',
  totalBytes: 80,
  header: ['contactid', 'fullname', 'score'],
  columns: [
    { name: 'contactid', inferredType: 'text', nonEmpty: 2 },
    { name: 'fullname', inferredType: 'text', nonEmpty: 2 },
    { name: 'score', inferredType: 'integer', nonEmpty: 2 },
  ],
  sampleRows: [
    ['c1', 'Ann Lee', '3'],
    ['c2', 'Bo Berg', '5'],
  ],
  sampledRows: 2,
};

const catalog: Catalog = {
  entities: [
    {
      name: 'contact',
      label: 'Contact',
      keyField: 'contactid',
      displayField: 'fullname',
      recordCount: 2,
      fields: [
        { name: 'contactid', label: 'Contact ID', type: 'text' },
        { name: 'fullname', label: 'Full Name', type: 'text' },
      ],
    },
    { name: 'account', label: 'Account', keyField: 'accountid', displayField: 'name', recordCount: 0, fields: [] },
  ],
  relationships: [],
  interactionTypes: [],
};

function Harness({ onChoices, withCatalog = false }: { onChoices: (c: WizardChoices) => void; withCatalog?: boolean }) {
  const [c, setC] = useState(() => initialChoices(preview, 'contacts.csv'));
  return (
    <MappingStep
      preview={preview}
      choices={c}
      onChange={(n) => {
        setC(n);
        onChoices(n);
      }}
      entities={['contact', 'account']}
      problems={choiceProblems(c)}
      catalog={withCatalog ? catalog : undefined}
    />
  );
}

describe('import wizard steps', () => {
  it('file step uploads a picked CSV and hands on its path; other files are refused', async () => {
    const upload = vi.fn(() => Promise.resolve('/tmp/up/1-contacts.csv'));
    const onPicked = vi.fn(() => Promise.resolve());
    renderWithProviders(<FileStep upload={upload} onPicked={onPicked} />);
    const input = screen.getByLabelText('CSV file', { selector: 'input' });
    await userEvent.upload(input, new File(['a,b\n1,2\n'], 'contacts.csv', { type: 'text/csv' }));
    await waitFor(() => expect(onPicked).toHaveBeenCalledWith('/tmp/up/1-contacts.csv', 'contacts.csv'));
    fireEvent.change(input, { target: { files: [new File(['x'], 'photo.png', { type: 'image/png' })] } });
    expect(await screen.findByText(/“photo.png” is not a CSV or Excel file/)).toBeInTheDocument();
    expect(upload).toHaveBeenCalledTimes(1);
  });

  it('file step in the desktop app picks the CSV with the native open dialog and hands on its path', async () => {
    const upload = vi.fn(() => Promise.resolve('never'));
    const onPicked = vi.fn(() => Promise.resolve());
    const open = vi.fn(() => Promise.resolve(['/home/ann/exports/contacts.csv']));
    const dialogs = { open, save: vi.fn(() => Promise.resolve(null)) };
    renderWithProviders(<FileStep upload={upload} onPicked={onPicked} dialogs={dialogs} />);
    expect(screen.queryByLabelText('CSV file', { selector: 'input' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Choose CSV file…' }));
    await waitFor(() => expect(onPicked).toHaveBeenCalledWith('/home/ann/exports/contacts.csv', 'contacts.csv'));
    expect(open).toHaveBeenCalledWith({
      title: 'Choose a CSV file to import',
      filters: expect.arrayContaining([{ name: 'CSV, text and Excel files', extensions: ['csv', 'txt', 'tsv', 'xlsx'] }]),
    });
    expect(upload).not.toHaveBeenCalled();
  });

  it('file step does nothing when the open dialog is cancelled, and shows a refused dialog', async () => {
    const onPicked = vi.fn(() => Promise.resolve());
    const open = vi.fn<() => Promise<string[]>>(() => Promise.resolve([]));
    renderWithProviders(<FileStep upload={vi.fn()} onPicked={onPicked} dialogs={{ open, save: vi.fn() }} />);
    await userEvent.click(screen.getByRole('button', { name: 'Choose CSV file…' }));
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    expect(onPicked).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
    open.mockImplementationOnce(() => Promise.reject(new Error('The dialog request is not valid.')));
    await userEvent.click(screen.getByRole('button', { name: 'Choose CSV file…' }));
    expect(await screen.findByText('The dialog request is not valid.')).toBeInTheDocument();
    expect(onPicked).not.toHaveBeenCalled();
  });

  it('file step takes a CSV dropped elsewhere on the window (browser) at once', async () => {
    const upload = vi.fn(() => Promise.resolve('/tmp/up/2-dropped.csv'));
    const onPicked = vi.fn(() => Promise.resolve());
    renderWithProviders(<FileStep upload={upload} onPicked={onPicked} droppedFile={new File(['a\n1\n'], 'dropped.csv')} />);
    await waitFor(() => expect(onPicked).toHaveBeenCalledWith('/tmp/up/2-dropped.csv', 'dropped.csv'));
  });

  it('mapping step shows the first rows and turns column choices into import options', async () => {
    let last: WizardChoices | undefined;
    renderWithProviders(<Harness onChoices={(c) => (last = c)} />);
    expect(within(screen.getByRole('table', { name: 'Preview rows' })).getByText('Ann Lee')).toBeInTheDocument();
    await userEvent.clear(screen.getByRole('textbox', { name: 'Field for fullname' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Field for fullname' }), 'name');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Import score' }));
    expect(last && toImportOptions('/up/c.csv', last)).toEqual({
      kind: 'entity',
      entity: 'contact',
      key: 'contactid',
      path: '/up/c.csv',
      columns: { fullname: { field: 'name' }, score: { skip: true } },
    });
  });

  it('mapping step offers the kinds of record by display name and takes a typed new one', async () => {
    let last: WizardChoices | undefined;
    renderWithProviders(<Harness withCatalog onChoices={(c) => (last = c)} />);
    const into = screen.getByRole('combobox', { name: 'Import into' });
    expect(into).toHaveValue('Contact');
    await userEvent.click(into);
    await userEvent.clear(into);
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Contact', 'Account']);
    await userEvent.click(within(listbox).getByRole('option', { name: 'Account' }));
    expect(last?.entity).toBe('account');
    expect(into).toHaveValue('Account');
    await userEvent.clear(into);
    await userEvent.type(into, 'Loyalty card');
    expect(last?.entity).toBe('Loyalty card');
    expect(screen.getByText('A new kind of record')).toBeInTheDocument();
    // A name typed as it is stored finds the entity too, and shows its display name.
    await userEvent.clear(into);
    await userEvent.type(into, 'contact');
    expect(last?.entity).toBe('contact');
    expect(into).toHaveValue('Contact');
    // Back on Contact, its fields are proposed again: "fullname" maps onto Full Name.
    expect(screen.getByRole('combobox', { name: 'Target for fullname' })).toHaveTextContent(/Full Name/);
  });

  it('mapping step says what is missing before the import can start', async () => {
    renderWithProviders(<Harness onChoices={() => undefined} />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Import contactid' }));
    expect(await screen.findByText('The key column cannot be skipped.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Interactions' }));
    expect(await screen.findByText('Choose the timestamp column.')).toBeInTheDocument();
  });
});
