// @vitest-environment jsdom
// The builder's lookup value editor against the real backend (in-memory transport over dispatch):
// values are picked by record name, chips show names, the stored values stay the records' keys.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTransport } from '../../shared/api/client.js';
import type { Catalog } from '../../shared/models/catalog.js';
import type { GroupNode } from '../../shared/segments/ast.js';
import { createBackend, type Backend } from '../../electron/backend/index.js';
import { generateDemo } from '../../electron/backend/demo/generate.js';
import { CatalogRepo } from '../../electron/backend/catalog/catalogRepo.js';
import { columnWrites, updateRow } from '../../electron/backend/values/storedValue.js';
import { CatalogIndex } from '../../renderer/src/features/builder/catalogIndex.js';
import { ConditionBuilder } from '../../renderer/src/features/builder/ConditionBuilder.js';
import { renderWithProviders } from '../../renderer/src/test/renderWithProviders.js';

let backend: Backend;
let transport: ApiTransport & { calls: { channel: string; input: unknown }[] };
let index: CatalogIndex;
let names: Map<string, string>;

beforeAll(async () => {
  backend = await createBackend({ dbPath: ':memory:', host: 'test', now: () => Date.UTC(2026, 0, 1) });
  generateDemo(backend.db, { contacts: 300, accounts: 60, interactions: 0, endMs: Date.UTC(2026, 0, 1) });
  const name = new CatalogRepo(backend.db).field('account', 'name');
  if (!name) throw new Error('no account name field');
  updateRow(backend.db, 'ent_account', 7, columnWrites(name, 'Quillfeather Traders')); // A0000007
  updateRow(backend.db, 'ent_account', 9, columnWrites(name, 'Quillfeather Labs')); // A0000009
  const calls: { channel: string; input: unknown }[] = [];
  transport = {
    calls,
    invoke: (channel, input) => {
      calls.push({ channel, input });
      return backend.dispatch(channel, input);
    },
    subscribe: (event, listener) => backend.events.onAny((name, payload) => name === event && listener(payload)),
  };
  const cat = await backend.dispatch('catalog.describe', {});
  if (!cat.ok) throw new Error(cat.error.message);
  index = new CatalogIndex(cat.value as Catalog);
  names = new Map(
    (backend.db.prepare('SELECT key, c_name AS name FROM ent_account').all() as { key: string; name: string }[]).map((r) => [
      r.key,
      r.name,
    ]),
  );
});
afterAll(() => backend.close());

function Harness(props: { initial: GroupNode; seen: GroupNode[] }) {
  const [root, setRoot] = useState(props.initial);
  return (
    <ConditionBuilder
      root={root}
      index={index}
      scope="contact"
      issues={new Map()}
      onChange={(r) => {
        props.seen.push(r);
        setRoot(r);
      }}
    />
  );
}

const withAccounts = (values: string[]): GroupNode => ({
  kind: 'group',
  id: 'g1',
  combinator: 'and',
  children: [{ kind: 'rule', id: 'r1', field: 'parentcustomerid', operator: 'eq', values }],
});

describe('lookup value editor over the real API', () => {
  it('shows the names of the accounts already chosen as chips', async () => {
    renderWithProviders(<Harness initial={withAccounts(['A0000003', 'A0000007'])} seen={[]} />, { transport });
    expect(await screen.findByText('Quillfeather Traders')).toBeInTheDocument();
    expect(screen.getByText(names.get('A0000003') ?? '?')).toBeInTheDocument();
    expect(screen.queryByText('A0000007')).not.toBeInTheDocument();
  });

  it('searches accounts by name (debounced, case-insensitive) and stores the picked record key', async () => {
    const seen: GroupNode[] = [];
    const user = userEvent.setup();
    renderWithProviders(<Harness initial={withAccounts([])} seen={seen} />, { transport });
    const input = screen.getByRole('combobox', { name: 'Account' });
    const before = transport.calls.length;
    await user.type(input, 'QUILLF');
    const listbox = await screen.findByRole('listbox');
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Quillfeather LabsA0000009', 'Quillfeather TradersA0000007']),
    );
    // Debounced: the six key presses produced one search for the whole word (plus at most the opening one).
    const searches = transport.calls
      .slice(before)
      .filter((c) => c.channel === 'catalog.lookupRecords' && (c.input as { search?: string }).search !== undefined);
    expect(searches.map((c) => (c.input as { search: string }).search)).toContain('QUILLF');
    expect(searches.length).toBeLessThanOrEqual(2);
    await user.click(within(listbox).getByRole('option', { name: /Quillfeather Traders/ }));
    expect(seen.at(-1)?.children[0]).toMatchObject({ kind: 'rule', field: 'parentcustomerid', operator: 'eq', values: ['A0000007'] });
    expect(await screen.findByRole('button', { name: 'Quillfeather Traders' })).toBeInTheDocument();
  });

  it('says so when no account matches', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness initial={withAccounts([])} seen={[]} />, { transport });
    await user.type(screen.getByRole('combobox', { name: 'Account' }), 'qqqzzz');
    expect(await screen.findByText('No account matches "qqqzzz"')).toBeInTheDocument();
  });
});
