// @vitest-environment jsdom
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ImportPreview } from '../../../../shared/models/import';
import { renderWithProviders } from '../../test/renderWithProviders';
import { ReadingOptions } from './ReadingOptions';
import { previewGuards, previewInput, readChoicesOf, readOptions, unacknowledged } from './readingModel';
import { initialChoices, toImportOptions } from './wizardModel';

const preview: ImportPreview = {
  path: '/up/c.csv',
  totalBytes: 80,
  header: ['contactid', 'birthdate', 'lifetimevalue'],
  columns: [
    { name: 'contactid', inferredType: 'text', nonEmpty: 3, duplicates: { count: 1, examples: [{ value: 'C1', rows: [2, 4] }] } },
    { name: 'birthdate', inferredType: 'date', nonEmpty: 3, duplicates: { count: 0, examples: [] } },
    { name: 'lifetimevalue', inferredType: 'decimal', nonEmpty: 3, duplicates: { count: 0, examples: [] } },
  ],
  sampleRows: [
    ['C1', '03/04/2025', '12,5'],
    ['C2', '05/06/2024', '1.234,56'],
    ['C1', '07/08/2023', '3'],
  ],
  sampledRows: 3,
  reading: {
    format: 'csv',
    encoding: 'windows-1252',
    encodingReason: 'not-utf8',
    delimiter: ';',
    delimiterConfidence: 1,
    delimiterChosen: false,
    sheet: null,
    sheets: [],
  },
  locale: {
    decimalSeparator: ',',
    decimalFrom: 'sample',
    dateFormat: 'DD/MM/YYYY',
    dateFrom: 'default',
    dateAlternatives: ['DD/MM/YYYY', 'MM/DD/YYYY'],
    ambiguousDates: ['03/04/2025', '05/06/2024'],
    ambiguousNumbers: [],
  },
  warnings: [{ code: 'ambiguous_dates', message: 'Dates such as 03/04/2025 read as DD/MM/YYYY or MM/DD/YYYY.' }],
};

describe('reading choices', () => {
  it('the start reads the file as the preview did: delimiter, encoding, decimal mark, date format', () => {
    const c = initialChoices(preview, 'contacts.csv');
    expect(toImportOptions('/up/c.csv', c)).toMatchObject({
      delimiter: ';',
      encoding: 'windows-1252',
      decimalSeparator: ',',
      dateFormat: 'DD/MM/YYYY',
    });
    expect(readOptions(readChoicesOf({ ...preview, reading: { ...preview.reading!, format: 'xlsx', sheet: 'Contacts' } }))).toEqual({
      sheet: 'Contacts',
    });
    expect(previewInput('/up/c.csv', { delimiter: '\t' }, 'DD.MM.YYYY')).toMatchObject({
      path: '/up/c.csv',
      delimiter: '\t',
      dateFormat: 'DD.MM.YYYY',
    });
  });

  it('guards: the preview warnings plus duplicate keys of the chosen key column (records only)', () => {
    const guards = previewGuards(preview, 'entity', 'contactid');
    expect(guards.map((g) => g.id)).toEqual(['ambiguous_dates', 'duplicate_keys:contactid']);
    expect(guards[1]?.message).toMatch(/1 of the 3 sampled rows repeat a key .*“C1” \(rows 2, 4\)/);
    expect(previewGuards(preview, 'interactions', 'contactid').map((g) => g.id)).toEqual(['ambiguous_dates']);
    expect(unacknowledged(guards, ['ambiguous_dates']).map((g) => g.id)).toEqual(['duplicate_keys:contactid']);
  });
});

describe('ReadingOptions', () => {
  it('shows what was detected, re-reads with another delimiter, and takes each acknowledgement', async () => {
    const onRead = vi.fn();
    const onAcknowledge = vi.fn();
    const guards = previewGuards(preview, 'entity', 'contactid');
    renderWithProviders(
      <ReadingOptions
        preview={preview}
        read={readChoicesOf(preview)}
        dateFormat="DD/MM/YYYY"
        onRead={onRead}
        guards={guards}
        acknowledged={['ambiguous_dates']}
        onAcknowledge={onAcknowledge}
      />,
    );
    const section = screen.getByRole('region', { name: 'How the file is read' });
    expect(within(section).getByText(/100% of sampled rows match the header's 3 columns/)).toBeInTheDocument();
    expect(within(section).getByText('Windows-1252 / Latin-1')).toBeInTheDocument();
    expect(within(section).getByText('the sample cannot decide')).toBeInTheDocument();
    await userEvent.click(within(section).getByRole('combobox', { name: 'Delimiter' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Tab' }));
    expect(onRead).toHaveBeenCalledWith(expect.objectContaining({ delimiter: '\t', encoding: 'windows-1252' }), 'DD/MM/YYYY');
    const boxes = screen.getAllByRole('checkbox', { name: 'I have checked this' });
    expect(boxes.map((b) => (b as HTMLInputElement).checked)).toEqual([true, false]);
    await userEvent.click(boxes[1] as HTMLElement);
    expect(onAcknowledge).toHaveBeenCalledWith('duplicate_keys:contactid', true);
  });
});
