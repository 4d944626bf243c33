import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../index.js';
import { generateDemo } from '../demo/generate.js';
import { CatalogRepo } from './catalogRepo.js';
import { columnWrites, updateRow } from '../values/storedValue.js';

let dir: string;
let backend: Backend;
const ACCOUNTS = 100_000;
let firstLookupMs = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-lookup-'));
  backend = await createBackend({ dbPath: path.join(dir, 'app.db'), host: 'test', now: () => Date.UTC(2026, 0, 1) });
  generateDemo(backend.db, { contacts: 200, accounts: ACCOUNTS, interactions: 0, endMs: Date.UTC(2026, 0, 1) });
  // A few names to find, in mixed case, one with a LIKE wildcard in it.
  const repo = new CatalogRepo(backend.db);
  const acc = repo.entity('account');
  if (!acc) throw new Error('no account entity');
  const name = acc.fields.find((f) => f.name === 'name');
  if (!name) throw new Error('no name field');
  const ridOf = backend.db.prepare(`SELECT rid FROM "${acc.table}" WHERE key = ?`).pluck();
  const put = (value: string | null, key: string): void =>
    updateRow(backend.db, acc.table, Number(ridOf.get(key)), columnWrites(name, value));
  put('Zyxel Müller GmbH', 'A0000001');
  put('zyxel Partners', 'A0000002');
  put('Big 100% Zyxel', 'A0000003');
  put(null, 'A0000004');
  const t0 = performance.now();
  const r = await backend.dispatch('catalog.lookupRecords', { entity: 'account', search: 'x' });
  firstLookupMs = Math.round(performance.now() - t0);
  expect(r.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lookup = async (input: unknown) => {
  const r = await backend.dispatch('catalog.lookupRecords', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { key: string; label: string }[];
};

describe('catalog.lookupRecords', () => {
  it('finds records by display name case-insensitively: names starting with the search first, then containing it', async () => {
    const found = await lookup({ entity: 'Account', search: 'ZYXEL' });
    expect(found).toEqual([
      { key: 'A0000001', label: 'Zyxel Müller GmbH' },
      { key: 'A0000002', label: 'zyxel Partners' },
      { key: 'A0000003', label: 'Big 100% Zyxel' },
    ]);
    expect(await lookup({ entity: 'account', search: 'MÜLLER' })).toEqual([{ key: 'A0000001', label: 'Zyxel Müller GmbH' }]);
  });

  it('ignores accents like segment rules do: "muller" finds "Müller", "zyxël" finds every Zyxel', async () => {
    expect(await lookup({ entity: 'account', search: 'muller' })).toEqual([{ key: 'A0000001', label: 'Zyxel Müller GmbH' }]);
    expect((await lookup({ entity: 'account', search: 'zyxël' })).map((r) => r.key)).toEqual(['A0000001', 'A0000002', 'A0000003']);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect(await lookup({ entity: 'account', search: '100%' })).toEqual([{ key: 'A0000003', label: 'Big 100% Zyxel' }]);
    expect(await lookup({ entity: 'account', search: '%' })).toEqual([{ key: 'A0000003', label: 'Big 100% Zyxel' }]);
  });

  it('finds a record by its key, and labels a record without a name by its key', async () => {
    expect(await lookup({ entity: 'account', search: 'a0000004' })).toEqual([{ key: 'A0000004', label: 'A0000004' }]);
  });

  it('returns the names of given keys in the order asked, leaving out unknown keys', async () => {
    expect(await lookup({ entity: 'account', keys: ['A0000002', 'nope', 'A0000001'] })).toEqual([
      { key: 'A0000002', label: 'zyxel Partners' },
      { key: 'A0000001', label: 'Zyxel Müller GmbH' },
    ]);
  });

  it('limits the answer and lists the first names when the search is empty', async () => {
    const some = await lookup({ entity: 'account', search: '', limit: 5 });
    expect(some).toHaveLength(5);
    const labels = some.map((r) => r.label.toLowerCase());
    expect([...labels].sort()).toEqual(labels);
    expect(await lookup({ entity: 'account', search: 'a', limit: 7 })).toHaveLength(7);
    expect(await lookup({ entity: 'account' })).toHaveLength(20);
  });

  it('answers a prefix search at 100k accounts through the index on the folded name, in milliseconds', async () => {
    const plan = backend.db
      .prepare(`EXPLAIN QUERY PLAN SELECT key FROM ent_account WHERE c_name__f >= ? AND c_name__f < ? ORDER BY c_name__f, rid LIMIT 20`)
      .all('zy', 'zy\u{10FFFF}') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX ent_account_c_name__f_lookup/);
    const times: Record<string, number> = {};
    for (const search of ['a', 'acme', 'zyxel', 'gmbh 99', 'no such company at all']) {
      const t0 = performance.now();
      const found = await lookup({ entity: 'account', search });
      times[search] = Math.round((performance.now() - t0) * 10) / 10;
      expect(found.length).toBeLessThanOrEqual(20);
    }
    console.info(
      `[lookup] ${ACCOUNTS} accounts: first search, which creates the index, ${firstLookupMs} ms; ms per search after: ${JSON.stringify(times)}`,
    );
  });

  it('refuses an unknown entity with not_found', async () => {
    const r = await backend.dispatch('catalog.lookupRecords', { entity: 'spaceship', search: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
