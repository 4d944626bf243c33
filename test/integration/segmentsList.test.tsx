// @vitest-environment jsdom
// The Segments list against the real backend (in-memory transport over dispatch): sorting every column
// both ways, type and status filters combined with the name search, Duplicate and Delete from a row's
// action menu — Delete refused with a warning for a segment a live compound uses, allowed otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTransport } from '../../shared/api/client.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract.js';
import type { SegmentDefinition } from '../../shared/segments/ast.js';
import type { EntityRecord } from '../../shared/segments/dataset.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { SegmentRecordPage } from '../../renderer/src/features/segmentRecord/SegmentRecordPage.js';
import { SegmentsPage } from '../../renderer/src/features/segments/SegmentsPage.js';
import { renderWithProviders } from '../../renderer/src/test/renderWithProviders.js';
import { fixtureCatalog } from '../fixtures/segmentCatalog.js';
import { loadDataset } from './liveFixture.js';

let dir: string;
let backend: Backend;
let transport: ApiTransport;
let clock = Date.parse('2026-03-01T09:00:00Z');
const ids: Record<string, string> = {};

async function call<K extends MethodName>(method: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const r = await backend.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<K>;
}
const contact = (rid: number, city: string): EntityRecord => ({
  rid,
  key: `c${rid}`,
  values: { contactid: `c${rid}`, fullname: `Contact ${rid}`, address1_city: city },
});
const cityIs = (...cities: string[]): SegmentDefinition => ({
  kind: 'dynamic',
  version: 1,
  blocks: [
    {
      kind: 'profile',
      id: 'b1',
      combine: 'union',
      entity: 'contact',
      root: {
        kind: 'group',
        id: 'g1',
        combinator: 'and',
        children: [{ kind: 'rule', id: 'r1', field: 'address1_city', operator: 'eq', values: cities }],
      },
    },
  ],
});
const compound = (...segmentIds: string[]): SegmentDefinition => ({
  kind: 'compound',
  version: 1,
  blocks: segmentIds.map((segmentId, i) => ({ kind: 'segment' as const, id: `s${i}`, combine: 'union' as const, segmentId })),
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-list-'));
  // Every call moves the clock a minute on, so modified / last evaluated times differ and are known.
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => (clock += 60_000) });
  loadDataset(backend.db, {
    catalog: fixtureCatalog(),
    entities: {
      contact: [contact(1, 'Seattle'), contact(2, 'Seattle'), contact(3, 'Seattle'), contact(4, 'Paris'), contact(5, 'Oslo')],
      account: [],
      opportunity: [],
    },
    interactions: [],
    segmentMembers: {},
  });
  // Created in this order (modified ascending): Seattle (3 members), Paris (1), Oslo draft, Picked (static draft), Both (compound of the first two).
  ids.seattle = (await call('segments.create', { name: 'Seattle people', type: 'dynamic', definition: cityIs('Seattle') })).id;
  ids.paris = (await call('segments.create', { name: 'paris people', type: 'dynamic', definition: cityIs('Paris') })).id;
  ids.oslo = (await call('segments.create', { name: 'Oslo people', type: 'dynamic', definition: cityIs('Oslo') })).id;
  ids.picked = (await call('segments.create', { name: 'Picked by hand', type: 'static' })).id;
  ids.both = (await call('segments.create', { name: 'Both cities', type: 'compound', definition: compound(ids.seattle!, ids.paris!) })).id;
  // Live: Paris first, then Seattle, then the compound (last evaluated in that order).
  for (const id of [ids.paris!, ids.seattle!, ids.both!]) await call('segments.goLive', { id });
  const calls: { channel: string; input: unknown }[] = [];
  transport = {
    invoke: (channel, input) => {
      calls.push({ channel, input });
      return backend.dispatch(channel, input);
    },
    subscribe: (event, listener) => backend.events.onAny((name, payload) => name === event && listener(payload)),
  };
});
afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const names = () => Array.from(document.querySelectorAll('table[aria-label="Segments"] tbody th')).map((c) => c.textContent);
const header = (name: string) => screen.getByRole('columnheader', { name });
const status = () => screen.getByText(/segments?\b|No segment/, { selector: '[role="status"]' });

async function pick(label: 'Type' | 'Status', option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: option }));
  await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
}

describe('segments list over the real API', () => {
  it('sorts by every column both ways, blanks last; newest change first by default', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByRole('table', { name: 'Segments' });
    // Going live changes modified too: the compound, Seattle, Paris went live last.
    expect(header('Modified')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Name')).toHaveAttribute('aria-sort', 'none');
    expect(names()).toEqual(['Both cities', 'Seattle people', 'paris people', 'Picked by hand', 'Oslo people']);

    const expectations: [string, string[], string[]][] = [
      // column, first click (its natural direction), second click
      [
        'Name',
        ['Both cities', 'Oslo people', 'paris people', 'Picked by hand', 'Seattle people'],
        ['Seattle people', 'Picked by hand', 'paris people', 'Oslo people', 'Both cities'],
      ],
      [
        'Type',
        ['Both cities', 'Oslo people', 'paris people', 'Seattle people', 'Picked by hand'],
        ['Picked by hand', 'Oslo people', 'paris people', 'Seattle people', 'Both cities'],
      ],
      [
        'Status',
        ['Oslo people', 'Picked by hand', 'Both cities', 'paris people', 'Seattle people'],
        ['Both cities', 'paris people', 'Seattle people', 'Oslo people', 'Picked by hand'],
      ],
      // Members: Both 4, Seattle 3, Paris 1, the static draft its 0 stored members; the dynamic draft has no count and stays last.
      [
        'Members',
        ['Both cities', 'Seattle people', 'paris people', 'Picked by hand', 'Oslo people'],
        ['Picked by hand', 'paris people', 'Seattle people', 'Both cities', 'Oslo people'],
      ],
      [
        'Last evaluated',
        ['Both cities', 'Seattle people', 'paris people', 'Oslo people', 'Picked by hand'],
        ['paris people', 'Seattle people', 'Both cities', 'Oslo people', 'Picked by hand'],
      ],
      [
        'Modified',
        ['Both cities', 'Seattle people', 'paris people', 'Picked by hand', 'Oslo people'],
        ['Oslo people', 'Picked by hand', 'paris people', 'Seattle people', 'Both cities'],
      ],
    ];
    for (const [column, first, second] of expectations) {
      await user.click(within(header(column)).getByRole('button'));
      await waitFor(() => expect(names()).toEqual(first));
      const firstDir = header(column).getAttribute('aria-sort');
      await user.click(within(header(column)).getByRole('button'));
      await waitFor(() => expect(names()).toEqual(second));
      expect([firstDir, header(column).getAttribute('aria-sort')].sort()).toEqual(['ascending', 'descending']);
      for (const other of expectations.map((e) => e[0]).filter((c) => c !== column))
        expect(header(other)).toHaveAttribute('aria-sort', 'none');
    }
    // The new columns show what the backend stored.
    const seattle = screen.getByRole('rowheader', { name: 'Seattle people' }).closest('tr') as HTMLElement;
    expect(within(seattle).getByText('3')).toBeInTheDocument();
    const oslo = screen.getByRole('rowheader', { name: 'Oslo people' }).closest('tr') as HTMLElement;
    expect(within(oslo).getByLabelText('Never evaluated')).toBeInTheDocument();
  });

  it('filters by type and by status, combined with the name search, and says how many of all show', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByRole('table', { name: 'Segments' });
    expect(status()).toHaveTextContent('5 segments');
    await pick('Status', 'Live');
    await waitFor(() => expect(names()).toEqual(['Both cities', 'Seattle people', 'paris people']));
    expect(status()).toHaveTextContent('3 of 5 segments');
    await pick('Type', 'Dynamic');
    await waitFor(() => expect(names()).toEqual(['Seattle people', 'paris people']));
    await user.type(screen.getByRole('textbox', { name: 'Search segments by name' }), 'PARIS');
    await waitFor(() => expect(names()).toEqual(['paris people']));
    expect(status()).toHaveTextContent('1 of 5 segments');
    await pick('Type', 'Static');
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Segments' })).not.toBeInTheDocument());
    expect(status()).toHaveTextContent('No segments whose name contains “PARIS” and of type Static and with status Live.');
    await user.click(screen.getByRole('button', { name: 'Show all segments' }));
    await waitFor(() => expect(names()).toHaveLength(5));
    expect(screen.getByRole('textbox', { name: 'Search segments by name' })).toHaveValue('');
  });

  it('duplicates from the row menu (keyboard) as a draft copy with the same definition, and deletes the copy', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByRole('table', { name: 'Segments' });
    // Tab to the first row, arrow down to Seattle, open its menu with Shift+F10.
    const firstRow = document.querySelector('tbody tr') as HTMLElement;
    firstRow.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByRole('rowheader', { name: 'Seattle people' }).closest('tr'));
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await screen.findByRole('menu', { name: 'Actions for Seattle people' });
    await user.click(within(menu).getByRole('menuitem', { name: 'Duplicate' }));
    expect(await screen.findByRole('rowheader', { name: 'Seattle people (copy)' })).toBeInTheDocument();
    const list = await call('segments.list', {});
    const copy = list.find((s) => s.name === 'Seattle people (copy)')!;
    const [original, stored] = await Promise.all([call('segments.get', { id: ids.seattle! }), call('segments.get', { id: copy.id })]);
    expect(stored).toMatchObject({ type: 'dynamic', status: 'draft', memberCount: null, definition: original.definition });

    await user.click(screen.getByRole('button', { name: 'Actions for Seattle people (copy)' }));
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Delete…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete “Seattle people (copy)”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Seattle people (copy)' })).not.toBeInTheDocument());
    expect((await call('segments.list', {})).map((s) => s.name)).not.toContain('Seattle people (copy)');
  });

  it('names the live compound that uses a segment before any click, and changes nothing until forced', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByRole('table', { name: 'Segments' });
    await user.click(screen.getByRole('button', { name: 'Actions for paris people' }));
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Delete…' }));
    const dialog = await screen.findByRole('dialog', { name: /Delete “paris people”/ });
    // The dependant and what happens to it are said up front; the only way on is the forced delete.
    expect(await within(dialog).findByText('Both cities')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(/needs attention/);
    expect(within(dialog).getByRole('button', { name: 'Delete anyway' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Delete' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await call('segments.get', { id: ids.paris! })).status).toBe('live');
    expect(names()).toContain('paris people');

    // Allowed for one nothing uses: the Oslo draft.
    await user.click(screen.getByRole('button', { name: 'Actions for Oslo people' }));
    await user.click(within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Delete…' }));
    const again = await screen.findByRole('dialog', { name: /Delete “Oslo people”/ });
    await user.click(await within(again).findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(names()).not.toContain('Oslo people'));
    expect((await backend.dispatch('segments.get', { id: ids.oslo! })).ok).toBe(false);
  });

  it('opens a segment with Enter on its row', async () => {
    const user = userEvent.setup();
    window.location.hash = '#/segments';
    renderWithProviders(<SegmentsPage />, { transport });
    await screen.findByRole('table', { name: 'Segments' });
    (screen.getByRole('rowheader', { name: 'Picked by hand' }).closest('tr') as HTMLElement).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(window.location.hash).toBe(`#/segments/${ids.picked}`));
  });

  it('the record page duplicates through the same code and opens the copy', async () => {
    const user = userEvent.setup();
    window.location.hash = `#/segments/${ids.picked}`;
    renderWithProviders(<SegmentRecordPage id={ids.picked!} />, { transport });
    await user.click(await screen.findByRole('button', { name: 'Duplicate' }));
    await waitFor(() => expect(window.location.hash).not.toBe(`#/segments/${ids.picked}`));
    const copy = (await call('segments.list', {})).find((s) => s.name === 'Picked by hand (copy)');
    expect(copy).toMatchObject({ type: 'static', status: 'draft' });
    expect(window.location.hash).toBe(`#/segments/${copy!.id}`);
  });
});
